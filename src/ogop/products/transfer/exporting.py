"""The registry out: every record of a kind the user may see, as CSV or XLSX, written by a
background job (a registry of national size takes longer than a request may) and kept in the
platform's file storage until its owner downloads it."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from ogop.accounts.models import User
from ogop.core.imports import Progress
from ogop.core.jobs import JobProgress, job_run, job_start
from ogop.core.models import Job
from ogop.core.tabular import write_csv, write_xlsx
from ogop.products.transfer.kinds import FORMATS, KINDS

JOB_KIND = "export"  # a job's kind: "export:products:xlsx"
# Where the files the jobs write are kept, a folder a job (never served as media: core.media
# sends photos only; the job's owner downloads its file through the job's page).
JOB_FILES = "jobs"


def export_file(
    *, kind: str, file_format: str, user: User, progress: Progress | None = None
) -> bytes:
    spec = KINDS[kind]
    rows = spec.rows(user)
    if progress is not None:
        rows = progress(rows)
    if file_format == "xlsx":
        return write_xlsx(spec.columns, rows, title=spec.name)
    return write_csv(spec.columns, rows)


def export_name(kind: str, file_format: str) -> str:
    return f"ogop-{kind}-{timezone.localdate().isoformat()}.{file_format}"


def export_job_start(*, kind: str, file_format: str, user: User) -> Job:
    """Queue the export of the records of `kind` the user may see; the job's page follows it
    and offers the file once it is written."""
    return job_start(
        kind=f"{JOB_KIND}:{kind}:{file_format}",
        owner=user,
        task=export_task,
        file_name=export_name(kind, file_format),
    )


def exported(job: Job) -> tuple[str, str]:
    """The kind and format an export job writes (("products", "xlsx")), or ("", "")."""
    prefix, _, rest = job.kind.partition(":")
    kind, _, file_format = rest.partition(":")
    if prefix == JOB_KIND and kind in KINDS and file_format in FORMATS:
        return kind, file_format
    return "", ""


def export_job_file(job: Job) -> str:
    """The stored name of a finished export's file, or "" when it has none."""
    name = job.result.get("file", "") if job.state == Job.State.DONE else ""
    return str(name) if exported(job)[0] else ""


def export_files_expire(*, now: dt.datetime | None = None) -> int:
    """Remove the files of exports finished more than OGOP_EXPORT_KEEP_DAYS ago (their pages
    then say so); returns how many."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.OGOP_EXPORT_KEEP_DAYS)
    old = Job.objects.filter(
        kind__startswith=f"{JOB_KIND}:", state=Job.State.DONE, finished_at__lt=limit
    ).exclude(result__file="")
    count = 0
    for job in old.defer("upload"):
        if name := job.result.get("file"):
            default_storage.delete(name)
            job.result = {**job.result, "file": "", "expired": True}
            job.save(update_fields=["result"])
            count += 1
    return count


def _export_work(job: Job, progress: JobProgress) -> dict[str, Any]:
    export_files_expire()  # each export clears the old ones away
    kind, file_format = exported(job)
    spec = KINDS[kind]
    data = export_file(
        kind=kind,
        file_format=file_format,
        user=job.owner,
        progress=lambda rows: progress.exported(rows, total=spec.count(job.owner)),
    )
    progress.tick(force=True)  # a cancel asked for while the file was put together stops here
    name = default_storage.save(f"{JOB_FILES}/{job.pk}/{job.file_name}", ContentFile(data))
    return {"file": name, "rows": job.total, "bytes": len(data)}


@task()
def export_task(job_id: int) -> str:
    """The export of a queued job (`ogop worker` runs it)."""
    return job_run(job_id=job_id, work=_export_work)
