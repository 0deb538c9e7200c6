"""An import in the background, in a real browser: the person uploads a products file, watches
its progress bar, leaves the page and comes back, cancels, or reads the error report.

The worker runs in the test's own thread (`ogop worker --batch`), once the page shows the job
waiting for it. Halfway through the rows it stops at a known row count and hands back to the
test, which looks at the page (and may press its cancel button) before the worker goes on: so
what the page shows at each step is known, whatever the machine's speed. It stops while rows
are checked, outside the import's transaction, so the server reads what the worker wrote.

The progress bar is watched to its end through the issue's 100,000-row file. The cancel and the
error report read smaller files (2,000 rows, enough for the bar to move through several steps):
what they prove does not grow with the file, and 100,000 rows would add a minute to each.
The time to done of the 100,000-row file in a worker of its own is the benchmark's
(`python -m bench.run --case import_task`).
"""

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
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 2_000
BIG_ROWS = 100_000
# Halfway is a multiple of jobs.ROWS_BETWEEN_TICKS in both: the worker reports it exactly.
assert (ROWS // 2) % jobs.ROWS_BETWEEN_TICKS == (BIG_ROWS // 2) % jobs.ROWS_BETWEEN_TICKS == 0


@pytest.fixture(autouse=True)
def _tasks_queued_for_the_worker(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OGOP_JOB_PROGRESS_SECONDS = 0  # every look at the clock writes the progress


def products_file(group: Any, count: int = ROWS, **bad_rows: dict[str, str]) -> bytes:
    rows = [product_row(f"BIG-{n:06}", producer_code=group.code) for n in range(1, count + 1)]
    for code, values in bad_rows.items():
        rows[int(code.removeprefix("row")) - 2].update(
            values
        )  # row 2 is the first after the header
    return csv_bytes(PRODUCT_HEADER, rows)


def upload(page: Page, data: bytes) -> None:
    page.goto("/registry/import/")
    page.select_option("#id_kind", "products")
    page.set_input_files(
        "#id_file", files=[{"name": "products.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.click("form.form button[type=submit]")
    expect(page.locator("#import-result [role=status]")).to_contain_text("Waiting for a worker")


def run_worker(
    monkeypatch: pytest.MonkeyPatch, at_half: Callable[[], None] | None, rows: int = ROWS
) -> None:
    """Run the queued import of `rows` rows; `at_half` is called once half of them are checked
    and shown."""
    tick = jobs.JobProgress.tick

    def tick_and_stop_halfway(self: jobs.JobProgress, *, force: bool = False) -> None:
        tick(self, force=force)
        if at_half and self.job.phase == Job.Phase.CHECKING and self.job.checked == rows // 2:
            at_half()

    monkeypatch.setattr(jobs.JobProgress, "tick", tick_and_stop_halfway)
    call_command("worker", batch=True, interval=0, verbosity=0)


def expect_halfway_checked(page: Page, rows: int = ROWS) -> None:
    # Checking is the bar's first half, writing its second: halfway through checking is 25.
    expect(page.locator("#job-progress")).to_have_attribute("value", "25")
    expect(page.locator("#job-checked")).to_have_text(f"Rows checked: {rows // 2:,} of {rows:,}")
    expect(page.locator("#job-written")).to_have_text(f"Rows written: 0 of {rows:,}")
    expect(page.locator("#job-left")).to_contain_text("s left")


def test_an_upload_shows_its_progress_to_the_end_and_can_be_left_and_found_again(
    page: Page, officer: Any, group: Any, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    log_in(page, officer)
    upload(page, products_file(group, BIG_ROWS))
    job = Job.objects.get()

    def look_halfway() -> None:
        expect_halfway_checked(page, BIG_ROWS)
        page.screenshot(path=artifacts / "import-job-halfway.png", full_page=True)
        page.goto("/")  # the person leaves, and comes back through their imports
        page.goto("/registry/jobs/")
        row = page.locator("tr", has_text="products.csv")
        expect(row).to_contain_text("running")
        row.get_by_role("link").click()
        expect(page).to_have_url(f"{page.url.split('/registry/')[0]}/registry/jobs/{job.pk}/")
        expect_halfway_checked(page, BIG_ROWS)

    run_worker(monkeypatch, look_halfway, BIG_ROWS)

    expect(page.locator("#job-progress")).to_have_count(0)
    expect(page.locator(".success[role=status]")).to_have_text(
        f"Imported products: {BIG_ROWS:,} created, 0 updated."
    )
    page.screenshot(path=artifacts / "import-job-done.png", full_page=True)
    assert Product.objects.filter(code__startswith="BIG-").count() == BIG_ROWS


def test_cancelling_an_import_halfway_writes_nothing(
    page: Page, officer: Any, group: Any, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    log_in(page, officer)
    upload(page, products_file(group))

    def cancel_halfway() -> None:
        expect_halfway_checked(page)
        page.get_by_role("button", name="Cancel the import").click()
        expect(page.locator("#import-result [role=status]")).to_contain_text(
            "stopping: nothing will be written."
        )

    run_worker(monkeypatch, cancel_halfway)

    expect(page.locator("#import-result [role=status]")).to_have_text(
        "The import was cancelled: nothing was written."
    )
    page.screenshot(path=artifacts / "import-job-cancelled.png", full_page=True)
    job = Job.objects.get()
    assert job.state == Job.State.CANCELLED
    assert ROWS // 2 <= job.checked < ROWS
    assert not Product.objects.filter(code__startswith="BIG-").exists()


def test_a_wrong_file_ends_with_its_full_error_report_and_nothing_written(
    page: Page, officer: Any, group: Any, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    log_in(page, officer)
    upload(page, products_file(group, row3={"price": "-1"}, row1500={"producer_code": "NOPE"}))

    run_worker(monkeypatch, None)

    report = page.locator(".error-box[role=alert]")
    expect(report).to_contain_text("Nothing was imported: the file has 2 problems.")
    rows = report.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("3")
    expect(rows.nth(0)).to_contain_text("price")
    expect(rows.nth(1)).to_contain_text("1500")
    expect(rows.nth(1)).to_contain_text("Unknown producer group “NOPE”")
    page.screenshot(path=artifacts / "import-job-refused.png", full_page=True)
    assert Job.objects.get().state == Job.State.FAILED
    assert not Product.objects.filter(code__startswith="BIG-").exists()
