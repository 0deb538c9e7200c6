"""The registry in: a file of one kind, imported whole or not at all (the kind's import), in
the request or as a background job with its progress shown."""

from typing import Any

from django_tasks import task

from ogop.accounts.models import User
from ogop.core.imports import ImportSummary, Progress, Written
from ogop.core.jobs import JobProgress, job_run, job_start
from ogop.core.models import Job
from ogop.products.transfer.kinds import KINDS

JOB_KIND = "import"  # a job's kind: "import:products", "import:producers"


def import_file(
    *,
    kind: str,
    data: bytes,
    user: User | None,
    progress: Progress | None = None,
    written: Written | None = None,
) -> ImportSummary:
    return KINDS[kind].run_import(data=data, user=user, progress=progress, written=written)


def import_job_start(*, kind: str, data: bytes, file_name: str, user: User) -> Job:
    """Queue the import of a file for a worker; the job's page follows it."""
    return job_start(
        kind=f"{JOB_KIND}:{kind}", owner=user, task=import_task, file_name=file_name, upload=data
    )


def imported_kind(job: Job) -> str:
    """The file kind an import job reads ("products"), or "" for another job."""
    prefix, _, kind = job.kind.partition(":")
    return kind if prefix == JOB_KIND and kind in KINDS else ""


def _import_work(job: Job, progress: JobProgress) -> dict[str, Any]:
    summary = import_file(
        kind=imported_kind(job),
        data=bytes(job.upload or b""),
        user=job.owner,
        progress=progress.rows,
        written=progress.wrote,
    )
    return {"created": summary.created, "updated": summary.updated}


@task()
def import_task(job_id: int) -> str:
    """The import of a queued job's file (`ogop worker` runs it)."""
    return job_run(job_id=job_id, work=_import_work)
