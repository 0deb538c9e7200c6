"""Background jobs: an import queued as a task, run by the worker, its progress kept in a Job
row; it ends done, failed (its error report) or cancelled, and only done writes anything."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from ogop.core import jobs
from ogop.core.jobs import job_cancel, job_seconds_left, jobs_fail_stale
from ogop.core.models import Job
from ogop.products import imports as product_files
from ogop.products import services as product_services
from ogop.products.models import Product
from ogop.products.transfer.importing import import_job_start
from tests.factories import PASSWORD
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row

ROWS = 30


@pytest.fixture(autouse=True)
def _tasks_queued_for_the_worker(settings: Any) -> None:
    """Tasks wait in the database for a worker (the platform's own backend), and a running
    job writes its progress at every look (every row, see `_tick_every_row`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OGOP_JOB_PROGRESS_SECONDS = 0


@pytest.fixture
def _tick_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "ROWS_BETWEEN_TICKS", 1)


def products_file(group: Any, rows: int = ROWS, **bad: str) -> bytes:
    lines = [product_row(f"P-{n:03}", producer_code=group.code) for n in range(1, rows + 1)]
    if bad:
        lines[-1].update(bad)
    return csv_bytes(PRODUCT_HEADER, lines)


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_s_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes its database connection between tasks when it is old; here that
    connection holds the test's transaction, and stays."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    """The worker as `ogop worker --batch` runs it: every queued task, then stop."""
    call_command("worker", batch=True, interval=0, verbosity=0)


def start(group: Any, officer: Any, **bad: str) -> Job:
    return import_job_start(
        kind="products", data=products_file(group, **bad), file_name="products.csv", user=officer
    )


def test_an_import_waits_queued_until_a_worker_runs_it_then_is_done(group, officer):
    job = start(group, officer)
    assert (job.state, job.checked, Product.objects.count()) == (Job.State.QUEUED, 0, 0)

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert (job.total, job.checked, job.written) == (ROWS, ROWS, ROWS)
    assert job.result == {"created": ROWS, "updated": 0}
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.upload is None  # the file is not kept once the job has ended
    assert Product.objects.count() == ROWS


@pytest.mark.usefixtures("_tick_every_row")
def test_a_running_import_reports_rows_checked_then_rows_written(group, officer, monkeypatch):
    reported: list[tuple[str, int, int]] = []
    stored: list[tuple[str, int]] = []
    tick = jobs.JobProgress.tick

    def watched(self: jobs.JobProgress, *, force: bool = False) -> None:
        tick(self, force=force)
        reported.append((self.job.phase, self.job.checked, self.job.written))
        if self.job.phase == Job.Phase.CHECKING:  # outside the import's transaction
            row = Job.objects.get(pk=self.job.pk)
            stored.append((row.state, row.checked))

    monkeypatch.setattr(jobs.JobProgress, "tick", watched)
    start(group, officer)
    run_worker()

    checked = [checked for phase, checked, _ in reported if phase == Job.Phase.CHECKING]
    assert checked == [*range(ROWS + 1), ROWS]  # every row, as it was checked
    assert stored == [(Job.State.RUNNING, checked) for checked in checked]
    written = [written for phase, _, written in reported if phase == Job.Phase.WRITING]
    assert written == sorted(written)
    assert written[-1] == ROWS


def test_a_file_with_bad_rows_fails_with_the_full_error_report_and_writes_nothing(group, officer):
    job = start(group, officer, price="-1", category="cars")
    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert [(e.row, e.column) for e in jobs.job_errors(job)] == [
        (ROWS + 1, "category"),
        (ROWS + 1, "price"),
    ]
    assert Product.objects.count() == 0
    assert job.written == 0


def test_cancelling_a_queued_job_ends_it_before_a_worker_starts_it(group, officer):
    job = job_cancel(job=start(group, officer))
    assert job.state == Job.State.CANCELLED

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert job.started_at is None
    assert Product.objects.count() == 0


@pytest.mark.usefixtures("_tick_every_row")
def test_cancelling_halfway_through_the_rows_writes_nothing(group, officer, monkeypatch):
    clean = product_files.ProductRow.clean

    def cancel_at_the_middle_row(form: Any) -> Any:
        if form.data["code"] == f"P-{ROWS // 2:03}":
            job_cancel(job=Job.objects.get())
        return clean(form)

    monkeypatch.setattr(product_files.ProductRow, "clean", cancel_at_the_middle_row)
    start(group, officer)
    run_worker()

    job = Job.objects.get()
    assert job.state == Job.State.CANCELLED
    assert 0 < job.checked < ROWS
    assert Product.objects.count() == 0


def test_a_failure_while_rows_are_written_leaves_none_of_them_written(group, officer, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(product_services, "_record_imported_stage_changes", broken)
    start(group, officer)
    run_worker()

    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "disk full" in job.errors[0]["message"]
    assert Product.objects.count() == 0


def test_a_running_job_whose_worker_went_silent_is_marked_failed(group, officer):
    job = start(group, officer)
    stale = timezone.now() - dt.timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=stale)
    live = start(group, officer)
    Job.objects.filter(pk=live.pk).update(state=Job.State.RUNNING, heartbeat_at=timezone.now())

    assert jobs_fail_stale() == 1

    job.refresh_from_db()
    live.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "stopped before it ended" in job.errors[0]["message"]
    assert live.state == Job.State.RUNNING


def test_the_worker_marks_stale_jobs_failed_when_it_starts(group, officer):
    job = start(group, officer)
    stale = timezone.now() - dt.timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=stale)

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert Product.objects.count() == 0


def test_time_left_follows_the_pace_so_far():
    now = timezone.now()
    job = Job(state=Job.State.RUNNING, started_at=now - dt.timedelta(seconds=10), total=100)
    job.checked = 50  # a quarter of the work (checking and writing each row) in 10 s
    assert job_seconds_left(job, now=now) == 30
    assert job.percent == 25
    job.state = Job.State.QUEUED
    assert job_seconds_left(job, now=now) is None


def upload(group: Any, **bad: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("products.csv", products_file(group, **bad), content_type="text/csv")


def test_the_import_page_answers_with_the_job_s_progress_which_polls_its_page(
    officer_client, group
):
    response = officer_client.post(
        reverse("registry_import"),
        {"kind": "products", "file": upload(group)},
        HTTP_HX_REQUEST="true",
    )
    job = Job.objects.get()
    assert response.status_code == 200
    assert 'id="job-progress"' in response.text
    assert f'hx-get="{reverse("registry_job", args=[job.pk])}"' in response.text

    run_worker()
    page = officer_client.get(reverse("registry_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert f"{ROWS} created" in page.text
    assert "hx-trigger" not in page.text  # a finished job's page stops asking


def test_without_htmx_the_import_page_sends_the_person_to_the_job_s_page(officer_client, group):
    response = officer_client.post(
        reverse("registry_import"), {"kind": "products", "file": upload(group)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry_job", args=[Job.objects.get().pk])


def test_a_job_s_page_shows_its_error_report(officer_client, group):
    officer_client.post(
        reverse("registry_import"), {"kind": "products", "file": upload(group, price="-1")}
    )
    run_worker()
    response = officer_client.get(reverse("registry_job", args=[Job.objects.get().pk]))
    assert response.status_code == 422
    assert [(e.row, e.column) for e in response.context["errors"]] == [(ROWS + 1, "price")]
    assert "Nothing was imported" in response.text


def test_the_cancel_button_cancels_the_person_s_job(officer_client, group):
    officer_client.post(reverse("registry_import"), {"kind": "products", "file": upload(group)})
    job = Job.objects.get()
    response = officer_client.post(
        reverse("registry_job_cancel", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert "nothing was written" in response.text
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED


def test_a_person_sees_their_own_jobs_only(client, officer, make_user, group):
    start(group, officer)
    other = make_user()
    client.login(username=other.username, password=PASSWORD)
    job = Job.objects.get()

    assert client.get(reverse("registry_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("registry_job_cancel", args=[job.pk])).status_code == 404
    assert "products.csv" not in client.get(reverse("registry_jobs")).text

    client.login(username=officer.username, password=PASSWORD)
    listing = client.get(reverse("registry_jobs")).text
    assert "products.csv" in listing
    assert reverse("registry_job", args=[job.pk]) in listing
