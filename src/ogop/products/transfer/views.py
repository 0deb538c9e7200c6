"""The registry's import and export page, and the pages that follow an import or an export
running in the background (its progress, its result or file, the person's jobs)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.imports import ImportSummary
from ogop.core.jobs import job_cancel, job_errors, job_seconds_left, jobs_fail_stale, jobs_of
from ogop.core.models import Job
from ogop.products.transfer.exporting import export_job_file, export_job_start, exported
from ogop.products.transfer.forms import ExportForm, ImportForm
from ogop.products.transfer.importing import import_job_start, imported_kind
from ogop.products.transfer.kinds import KINDS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required("products.transfer_registry", raise_exception=True)
def registry_import(request: HttpRequest) -> HttpResponse:
    """Upload a producer groups or products file; all of it is imported, or none of it.

    The import runs as a background job: the answer shows its progress, or its result when
    it has already ended."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "kinds": KINDS, "export_form": ExportForm()}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_start(
            kind=form.cleaned_data["kind"],
            data=upload.read(),
            file_name=upload.name or "",
            user=signed_in(request),
        )
        if not job.finished and not getattr(request, "htmx", False):
            return redirect("registry_job", job_id=job.pk)
        context |= _job_context(job)
        status = 422 if job.state == Job.State.FAILED else 200
    elif request.method == "POST":
        status = 422
    partial = "products/partials/_import_result.html"
    template = partial if getattr(request, "htmx", False) else "products/registry_import.html"
    return render(request, template, context, status=status)


def _job_context(job: Job) -> dict[str, Any]:
    """What the import page and the job's page show of a job: its progress, or its result."""
    context: dict[str, Any] = {"job": job, "seconds_left": job_seconds_left(job)}
    export_kind, export_format = exported(job)
    if export_kind:
        context |= {
            "exported_kind": KINDS[export_kind],
            "export_format": export_format.upper(),
            "export_file": export_job_file(job),
            "keep_days": settings.OGOP_EXPORT_KEEP_DAYS,
        }
        if job.state == Job.State.FAILED:
            context["errors"] = job_errors(job)
        return context
    kind = imported_kind(job)
    context["imported_kind"] = KINDS.get(kind)
    if job.state == Job.State.DONE:
        context["summary"] = ImportSummary(
            created=job.result.get("created", 0), updated=job.result.get("updated", 0)
        )
    elif job.state == Job.State.FAILED:
        context["errors"] = job_errors(job)
    return context


def _own_job(request: HttpRequest, job_id: int) -> Job:
    """The person's own job (another's is not found); a running one whose worker went
    silent is marked failed first."""
    jobs_fail_stale()
    job = jobs_of(signed_in(request)).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@login_required
def registry_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """One import job: its live progress while it runs, then its result or its error report."""
    job = _own_job(request, job_id)
    context = _job_context(job)
    if getattr(request, "htmx", False):
        return render(request, "products/partials/_job.html", context)
    status = 422 if job.state == Job.State.FAILED else 200
    return render(request, "products/registry_job.html", context, status=status)


@login_required
@require_POST
def registry_job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    """Ask for a job to stop: nothing it would have written is written."""
    job = job_cancel(job=_own_job(request, job_id))
    if getattr(request, "htmx", False):
        return render(request, "products/partials/_job.html", _job_context(job))
    return redirect("registry_job", job_id=job.pk)


@login_required
def registry_jobs(request: HttpRequest) -> HttpResponse:
    """The person's imports and exports, newest first, running or ended: a page to come back
    to."""
    jobs_fail_stale()
    jobs = list(jobs_of(signed_in(request))[:50])
    rows = []
    for job in jobs:
        export_kind = exported(job)[0]
        rows.append((job, KINDS.get(imported_kind(job) or export_kind), bool(export_kind)))
    return render(request, "products/registry_jobs.html", {"rows": rows})


@login_required
@permission_required("products.transfer_registry", raise_exception=True)
@require_POST
def registry_export(request: HttpRequest) -> HttpResponse:
    """Start the export of a kind of record in a format; the job's page offers the file."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        context = {"form": ImportForm(), "kinds": KINDS, "export_form": form}
        return render(request, "products/registry_import.html", context, status=422)
    job = export_job_start(
        kind=form.cleaned_data["kind"],
        file_format=form.cleaned_data["format"],
        user=signed_in(request),
    )
    return redirect("registry_job", job_id=job.pk)


@login_required
def registry_job_file(request: HttpRequest, job_id: int) -> FileResponse:
    """The file a finished export wrote, to the person who started it only."""
    job = _own_job(request, job_id)
    name = export_job_file(job)
    if not name:
        raise Http404
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError as missing:
        raise Http404(name) from missing
    content_type = XLSX_TYPE if name.endswith(".xlsx") else "text/csv; charset=utf-8"
    return FileResponse(
        stored, as_attachment=True, filename=job.file_name, content_type=content_type
    )
