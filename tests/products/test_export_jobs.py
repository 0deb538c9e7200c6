"""The registry's export as a background job: queued, written with its progress shown, kept
for its owner to download; cancelled, it keeps no file."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from ogop.core import jobs
from ogop.core.jobs import job_cancel
from ogop.core.models import Job
from ogop.products.services import products_import
from ogop.products.transfer import exporting
from ogop.products.transfer.exporting import export_job_file, export_job_start
from tests.factories import PASSWORD, ProductFactory
from tests.filebuilders import PRODUCT_HEADER

PRODUCTS = 12


@pytest.fixture
def products(group: Any) -> list[Any]:
    return [ProductFactory(producer_group=group) for _ in range(PRODUCTS)]


@pytest.fixture
def _queued_for_a_worker(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OGOP_JOB_PROGRESS_SECONDS = 0
    monkeypatch.setattr(jobs, "ROWS_BETWEEN_TICKS", 1)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    call_command("worker", batch=True, interval=0, verbosity=0)


def export_through_the_page(client: Any, **fields: str) -> Any:
    """Ask for an export as the page's form does, and follow to the job's page."""
    return client.post(reverse("registry_export"), fields, follow=True)


def test_the_export_form_starts_a_job_whose_page_offers_the_file(officer_client, products):
    page = export_through_the_page(officer_client, kind="products", format="xlsx")

    job = Job.objects.get()
    assert page.redirect_chain == [(reverse("registry_job", args=[job.pk]), 302)]
    assert (job.state, job.total, job.written) == (Job.State.DONE, PRODUCTS, PRODUCTS)
    download = reverse("registry_job_file", args=[job.pk])
    assert download in page.text
    response = officer_client.get(download)
    assert response["Content-Disposition"].startswith("attachment")
    assert job.file_name in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*PRODUCT_HEADER, "illustrative"]
    assert sorted(row[0] for row in rows[1:]) == sorted(p.code for p in products)


def test_an_exported_csv_imports_back_unchanged(officer_client, officer, products):
    export_through_the_page(officer_client, kind="products", format="csv")
    job = Job.objects.get()
    response = officer_client.get(reverse("registry_job_file", args=[job.pk]))
    summary = products_import(data=b"".join(response.streaming_content), user=officer)
    assert (summary.created, summary.updated) == (0, 0)


def test_a_wrong_choice_is_refused_at_its_field_and_no_job_starts(officer_client, products):
    response = officer_client.post(reverse("registry_export"), {"kind": "cars", "format": "pdf"})
    assert response.status_code == 422
    errors = response.context["export_form"].errors
    assert set(errors) == {"kind", "format"}
    assert "cars" in errors["kind"][0]
    assert Job.objects.count() == 0


def test_an_export_s_file_is_the_owner_s_only(client, officer_client, make_user, products):
    export_through_the_page(officer_client, kind="products", format="csv")
    job = Job.objects.get()
    other = make_user()
    client.login(username=other.username, password=PASSWORD)
    assert client.get(reverse("registry_job_file", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry_job", args=[job.pk])).status_code == 404


def test_the_export_is_not_served_as_media(client, officer_client, products):
    export_through_the_page(officer_client, kind="products", format="csv")
    name = export_job_file(Job.objects.get())
    assert default_storage.exists(name)
    assert client.get(f"/media/{name}").status_code == 404


@pytest.mark.usefixtures("_queued_for_a_worker")
def test_a_queued_export_offers_no_file_until_a_worker_has_written_it(
    officer_client, officer, products
):
    job = export_job_start(kind="products", file_format="csv", user=officer)
    assert officer_client.get(reverse("registry_job_file", args=[job.pk])).status_code == 404
    assert (
        reverse("registry_job_file", args=[job.pk])
        not in officer_client.get(reverse("registry_job", args=[job.pk])).text
    )

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result["rows"] == PRODUCTS
    assert officer_client.get(reverse("registry_job_file", args=[job.pk])).status_code == 200


@pytest.mark.usefixtures("_queued_for_a_worker")
def test_a_running_export_reports_the_rows_written_to_its_file(officer, products, monkeypatch):
    seen: list[tuple[str, int, int, int]] = []
    tick = jobs.JobProgress.tick

    def watched(self: jobs.JobProgress, *, force: bool = False) -> None:
        tick(self, force=force)
        row = Job.objects.get(pk=self.job.pk)  # what another server reads
        seen.append((row.phase, row.total, row.checked, row.written))

    monkeypatch.setattr(jobs.JobProgress, "tick", watched)
    export_job_start(kind="products", file_format="xlsx", user=officer)
    run_worker()

    written = [w for phase, total, _, w in seen if phase == Job.Phase.EXPORTING]
    assert written[0] == 0
    assert written == sorted(written)
    assert written[-1] == PRODUCTS
    assert {total for phase, total, _, _ in seen if phase == Job.Phase.EXPORTING} == {PRODUCTS}
    assert Job.objects.get().percent == 100


@pytest.mark.usefixtures("_queued_for_a_worker")
def test_cancelling_an_export_halfway_keeps_no_file(officer, products, monkeypatch):
    row = exporting.KINDS["products"].row

    def cancel_at_the_middle_row(product: Any) -> list[Any]:
        if product.code == sorted(p.code for p in products)[PRODUCTS // 2]:
            job_cancel(job=Job.objects.get())
        return row(product)

    monkeypatch.setitem(
        exporting.KINDS,
        "products",
        exporting.KINDS["products"].__class__(
            **{**exporting.KINDS["products"].__dict__, "row": cancel_at_the_middle_row}
        ),
    )
    export_job_start(kind="products", file_format="csv", user=officer)
    run_worker()

    job = Job.objects.get()
    assert job.state == Job.State.CANCELLED
    assert 0 < job.checked < PRODUCTS
    assert job.result == {}
    assert not default_storage.exists(f"{exporting.JOB_FILES}/{job.pk}/{job.file_name}")


def test_the_jobs_page_lists_exports_beside_imports(officer_client, products):
    export_through_the_page(officer_client, kind="producers", format="xlsx")
    listing = officer_client.get(reverse("registry_jobs")).text
    job = Job.objects.get()
    assert job.file_name in listing
    assert "export" in listing


def test_an_export_s_file_is_removed_after_the_days_it_is_kept(
    officer_client, officer, products, settings
):
    settings.OGOP_EXPORT_KEEP_DAYS = 7
    old = export_job_start(kind="products", file_format="csv", user=officer)
    name = export_job_file(old)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    recent = export_job_start(kind="producers", file_format="csv", user=officer)

    assert not default_storage.exists(name)
    assert default_storage.exists(export_job_file(recent))
    old.refresh_from_db()
    assert export_job_file(old) == ""
    page = officer_client.get(reverse("registry_job", args=[old.pk]))
    assert "The file was removed 7 days after the export" in page.text
    assert officer_client.get(reverse("registry_job_file", args=[old.pk])).status_code == 404
    assert exporting.export_files_expire() == 0  # once removed, it is not removed again
