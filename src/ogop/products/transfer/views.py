"""The registry's import and export page, and the file it exports."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.imports import ImportRejected
from ogop.products.transfer.exporting import export_file
from ogop.products.transfer.forms import ExportForm, ImportForm
from ogop.products.transfer.importing import import_file
from ogop.products.transfer.kinds import KINDS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required("products.transfer_registry", raise_exception=True)
def registry_import(request: HttpRequest) -> HttpResponse:
    """Upload a producer groups or products file; all of it is imported, or none of it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "kinds": KINDS}
    status = 200
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            summary = import_file(
                kind=kind, data=form.cleaned_data["file"].read(), user=signed_in(request)
            )
        except ImportRejected as exc:
            context["errors"] = exc.errors
            status = 422
        else:
            context["summary"] = summary
            context["imported_kind"] = KINDS[kind]
    elif request.method == "POST":
        status = 422
    partial = "products/partials/_import_result.html"
    template = partial if getattr(request, "htmx", False) else "products/registry_import.html"
    return render(request, template, context, status=status)


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
