"""Background jobs: long work queued as a task (django.tasks), run by a worker (`ogop worker`),
its progress kept in a Job row that any server reads.

A page starts a job (`job_start`) with the task that runs it; the task runs its work through
`job_run`, which marks the job running, then done, failed or cancelled. The work reports its
progress, and learns of a cancel, through the `JobProgress` it is given.

A job's writes are made in one transaction. While that transaction is open its progress is
written through a connection of its own where the database allows two writers at once
(PostgreSQL); SQLite allows one, so there the rows written show when the transaction ends.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ogop.core.imports import ImportRejected, RowError
from ogop.core.models import Job

logger = logging.getLogger(__name__)
T = TypeVar("T")
# Rows checked between two looks at the clock (and, when it is time, at the job's row).
ROWS_BETWEEN_TICKS = 250


class JobCancelled(Exception):
    """The job's owner asked to cancel it: its work stops, and its transaction is rolled back."""


class JobProgress:
    """What a running job tells its Job row: rows checked and written, and whether to go on.

    It writes at most every OGOP_JOB_PROGRESS_SECONDS, and each time it writes it reads
    whether a cancel was asked for, raising JobCancelled if so.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self.every = settings.OGOP_JOB_PROGRESS_SECONDS
        self._last = 0.0
        self._depth = len(connection.atomic_blocks)  # the transactions open before the work
        self._side: BaseDatabaseWrapper | None = None

    def rows(self, rows: Iterable[T]) -> Iterator[T]:
        """The rows to check, counted as they are checked (an import's `progress`)."""
        self.job.phase = Job.Phase.CHECKING
        if isinstance(rows, Sized):
            self.job.total = len(rows)
        yield from self._counted(rows, written_too=False)

    def exported(self, rows: Iterable[T], *, total: int) -> Iterator[T]:
        """The rows an export writes to its file, counted as they are written: each is read
        and written at once, so both counts move together."""
        self.job.phase, self.job.total = Job.Phase.EXPORTING, total
        yield from self._counted(rows, written_too=True)

    def _counted(self, rows: Iterable[T], *, written_too: bool) -> Iterator[T]:
        """The rows, the count of those passed kept as checked (and as written), told to
        the job's row at every tick and at the end."""
        self.tick(force=True)
        count = 0
        for count, row in enumerate(rows, 1):  # the count is read after the loop
            if count % ROWS_BETWEEN_TICKS == 0:
                self._passed(count, written_too=written_too)
                self.tick()
            yield row
        self._passed(count, written_too=written_too)
        self.tick(force=True)

    def _passed(self, count: int, *, written_too: bool) -> None:
        self.job.checked = count
        if written_too:
            self.job.written = count

    def wrote(self, count: int) -> None:
        """`count` more rows are written (not yet committed); 0 just asks whether to go on."""
        self.job.phase = Job.Phase.WRITING
        self.job.written += count
        self.tick(force=count == 0)

    def tick(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        if self._cancel_requested_after_saving():
            raise JobCancelled

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    def _cancel_requested_after_saving(self) -> bool:
        job = self.job
        values = {
            "phase": job.phase,
            "total": job.total,
            "checked": job.checked,
            "written": job.written,
            "heartbeat_at": timezone.now(),
        }
        if len(connection.atomic_blocks) <= self._depth:
            Job.objects.filter(pk=job.pk).update(**values)
            return Job.objects.filter(pk=job.pk, cancel_requested=True).exists()
        if connection.vendor == "sqlite":
            return False  # one writer at a time: the job's own transaction holds the lock
        return self._side_save(values)

    def _side_save(self, values: dict[str, Any]) -> bool:
        """Save through a connection of its own, outside the job's transaction."""
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = Job._meta.db_table
        columns = ", ".join(f"{name} = %s" for name in values)  # this module's names only
        sql = f"UPDATE {table} SET {columns} WHERE id = %s RETURNING cancel_requested"
        with self._side.cursor() as cursor:
            cursor.execute(sql, [*values.values(), self.job.pk])
            row = cursor.fetchone()
        return bool(row and row[0])


def job_start(
    *,
    kind: str,
    owner: Any,
    task: Any,
    file_name: str = "",
    upload: bytes | None = None,
) -> Job:
    """Queue a job for a worker; `task` (a django.tasks task) is given the job's id.

    With a backend that runs tasks at once (the tests' ImmediateBackend) the job is finished
    when this returns."""
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        file_name=file_name[:255],
        upload=upload,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    result = task.enqueue(job_id=job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_run(*, job_id: int, work: Callable[[Job, JobProgress], dict[str, Any]]) -> str:
    """Run a queued job's work, and record how it ended; returns the job's final state.

    `work` returns the job's result (plain values, kept as JSON). An ImportRejected is the
    job's error report; any other error fails the job with its message, and is raised again
    so that the task too is recorded as failed."""
    job = Job.objects.get(pk=job_id)
    if job.state != Job.State.QUEUED:
        return job.state
    if job.cancel_requested:
        _finish(job, Job.State.CANCELLED)
        return job.state
    job.state, job.started_at = Job.State.RUNNING, timezone.now()
    job.heartbeat_at = job.started_at
    job.save(update_fields=["state", "started_at", "heartbeat_at"])
    progress = JobProgress(job)
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            result = work(job, progress)
    except JobCancelled:
        _finish(job, Job.State.CANCELLED)
    except ImportRejected as exc:
        _finish(job, Job.State.FAILED, errors=exc.errors)
    except Exception as exc:
        logger.exception("Job %s failed", job.pk)
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The job stopped on an error: %(error)s") % {"error": exc}
        _finish(job, Job.State.FAILED, errors=[RowError(row=None, column="", message=message)])
        raise
    else:
        _finish(job, Job.State.DONE, result=result)
    finally:
        progress.close()
    return job.state


def _finish(
    job: Job,
    state: str,
    *,
    result: dict[str, Any] | None = None,
    errors: list[RowError] | None = None,
) -> None:
    job.state, job.finished_at, job.upload = state, timezone.now(), None
    job.result = result or {}
    job.errors = [
        {"row": error.row, "column": error.column, "message": error.message}
        for error in errors or []
    ]
    if state == Job.State.DONE:
        job.written = job.total
    elif job.written:
        job.written = 0  # rolled back: nothing stays written
    fields = ["state", "finished_at", "upload", "result", "errors", "written"]
    job.save(update_fields=fields)


@transaction.atomic
def job_cancel(*, job: Job) -> Job:
    """Ask for a job to stop. One still queued is cancelled at once; a running one stops at
    its next look at its row, rolling back what it wrote. A finished job stays as it is."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.finished:
        return locked
    locked.cancel_requested = True
    fields = ["cancel_requested"]
    if locked.state == Job.State.QUEUED:
        locked.state, locked.finished_at, locked.upload = (
            Job.State.CANCELLED,
            timezone.now(),
            None,
        )
        fields += ["state", "finished_at", "upload"]
    locked.save(update_fields=fields)
    return locked


def jobs_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark failed the running jobs whose worker has said nothing for OGOP_JOB_STALE_SECONDS
    (a worker killed, a machine lost): their one transaction was never committed. Returns
    how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(seconds=settings.OGOP_JOB_STALE_SECONDS)
    stale = Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=limit)
    count = 0
    for job in stale:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _(
                "The worker running this job stopped before it ended; nothing was written. "
                "Start the job again."
            )
        _finish(job, Job.State.FAILED, errors=[RowError(row=None, column="", message=message)])
        count += 1
    return count


def jobs_of(owner: Any) -> QuerySet[Job]:
    """The jobs a person started, newest first (the upload itself is not read)."""
    return Job.objects.filter(owner=owner).defer("upload")


def job_errors(job: Job) -> list[RowError]:
    """A failed job's error report, as the import reported it."""
    return [RowError(**error) for error in job.errors]


def job_seconds_left(job: Job, *, now: dt.datetime | None = None) -> int | None:
    """An estimate of the seconds a running job still needs, from its pace so far."""
    if job.state != Job.State.RUNNING or not job.started_at or not job.total:
        return None
    done = job.checked + job.written
    if not done:
        return None
    elapsed = ((now or timezone.now()) - job.started_at).total_seconds()
    return max(0, round(elapsed * (2 * job.total - done) / done))
