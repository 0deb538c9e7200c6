"""The registry's export in the background, in a real browser: the officer asks for a file,
watches its progress, downloads it when it is written; a wrong choice is refused at its field;
a cancelled export offers no file.

As in test_import_jobs, the worker runs in the test's own thread once the page shows the job
waiting, and hands back to the test halfway so that what the page shows there is known."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from ogop.core import jobs
from ogop.core.models import Job
from ogop.products.models import Product
from tests.browser.conftest import log_in
from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRODUCTS = 40


@pytest.fixture(autouse=True)
def _tasks_queued_for_the_worker(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OGOP_JOB_PROGRESS_SECONDS = 0
    monkeypatch.setattr(jobs, "ROWS_BETWEEN_TICKS", 10)


@pytest.fixture
def products(group: Any) -> list[Product]:
    return [ProductFactory(producer_group=group) for _ in range(PRODUCTS)]


def ask_for_export(page: Page, kind: str = "products", file_format: str = "csv") -> None:
    page.goto("/registry/import/")
    page.select_option("#export-kind", kind)
    page.select_option("#export-format", file_format)
    page.get_by_role("button", name="Export", exact=True).click()
    expect(page.locator(".job [role=status]")).to_contain_text("Waiting for a worker")


def run_worker(monkeypatch: pytest.MonkeyPatch, at_half: Callable[[], None]) -> None:
    tick = jobs.JobProgress.tick

    def tick_and_stop_halfway(self: jobs.JobProgress, *, force: bool = False) -> None:
        tick(self, force=force)
        if self.job.phase == Job.Phase.EXPORTING and self.job.written == PRODUCTS // 2:
            at_half()

    monkeypatch.setattr(jobs.JobProgress, "tick", tick_and_stop_halfway)
    call_command("worker", batch=True, interval=0, verbosity=0)


def expect_halfway(page: Page) -> None:
    expect(page.locator("#job-progress")).to_have_attribute("value", "50")
    expect(page.locator("#job-written")).to_have_text(
        f"Rows written to the file: {PRODUCTS // 2} of {PRODUCTS}"
    )


def test_an_export_shows_its_progress_then_offers_its_file(
    page: Page, officer: Any, products: Any, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    log_in(page, officer)
    ask_for_export(page)

    def look_halfway() -> None:
        expect_halfway(page)
        page.screenshot(path=artifacts / "export-job-halfway.png", full_page=True)

    run_worker(monkeypatch, look_halfway)

    expect(page.locator(".success[role=status]")).to_have_text(
        f"The export of the products is ready: {PRODUCTS} rows."
    )
    page.screenshot(path=artifacts / "export-job-done.png", full_page=True)
    with page.expect_download() as download:
        page.locator("#job-file").click()
    path = download.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    codes = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert codes == {product.code for product in products}
    assert download.value.suggested_filename == Job.objects.get().file_name

    page.goto("/registry/jobs/")
    row = page.locator("tr", has_text=Job.objects.get().file_name)
    expect(row).to_contain_text("export")
    expect(row).to_contain_text("done")


def test_a_cancelled_export_offers_no_file(
    page: Page, officer: Any, products: Any, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    log_in(page, officer)
    ask_for_export(page, "products", "xlsx")

    def cancel_halfway() -> None:
        expect_halfway(page)
        page.get_by_role("button", name="Cancel the export").click()
        expect(page.locator(".job [role=status]")).to_contain_text(
            "stopping: no file will be kept."
        )

    run_worker(monkeypatch, cancel_halfway)

    expect(page.locator(".job [role=status]")).to_have_text(
        "The export was cancelled: no file was kept."
    )
    expect(page.locator("#job-file")).to_have_count(0)
    page.screenshot(path=artifacts / "export-job-cancelled.png", full_page=True)
    assert Job.objects.get().state == Job.State.CANCELLED


def test_a_wrong_choice_sent_to_the_export_is_refused_at_its_field(
    page: Page, officer: Any, products: Any
) -> None:
    log_in(page, officer)
    page.goto("/registry/import/")
    # A choice the form no longer offers (an old bookmark, an edited page).
    page.locator("#export-format").evaluate(
        "select => { select.add(new Option('PDF', 'pdf')); select.value = 'pdf'; }"
    )
    page.get_by_role("button", name="Export", exact=True).click()
    expect(page.locator(".field:has(#export-format) .error")).to_contain_text("pdf")
    assert not Job.objects.exists()
