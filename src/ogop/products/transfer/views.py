"""The registry's import and export page, the file it exports, and the pages that follow an
import running in the background (its progress, its result, the person's jobs)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.imports import ImportSummary
from ogop.core.jobs import job_cancel, job_errors, job_seconds_left, jobs_fail_stale, jobs_of
from ogop.core.models import Job
from ogop.products.transfer.exporting import export_file
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
    context: dict[str, Any] = {"form": form, "kinds": KINDS}
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
    """The person's imports, newest first, running or ended: a page to come back to."""
    jobs_fail_stale()
    jobs = list(jobs_of(signed_in(request))[:50])
    rows = [(job, KINDS.get(imported_kind(job))) for job in jobs]
    return render(request, "products/registry_jobs.html", {"rows": rows})


@login_required
@permission_required("products.transfer_registry", raise_exception=True)
def registry_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "products/registry_import.html",
            {"form": ImportForm(), "kinds": KINDS, "export_form": form},
            status=400,
        )
    kind, file_format = form.cleaned_data["kind"], form.cleaned_data["format"]
    data = export_file(kind=kind, file_format=file_format, user=signed_in(request))
    content_type = XLSX_TYPE if file_format == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ogop-{kind}-{stamp}.{file_format}"'
    return response
