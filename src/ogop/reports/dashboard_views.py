"""The programme's dashboard page, and its report as a workbook and as a PDF."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ogop.accounts.request_user import signed_in
from ogop.programme.models import Programme
from ogop.programme.selectors import programme_for_user
from ogop.reports.dashboard import dashboard_charts, programme_dashboard
from ogop.reports.programme_report import report_pdf, report_xlsx

UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def programme_dashboard_page(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(user=request.user, pk=pk, perm="programme.view_programme")
    dashboard = programme_dashboard(programme)
    context = {
        "programme": programme,
        "dashboard": dashboard,
        "charts": dashboard_charts(dashboard),
        "chart_template": "core/_bar_chart.html",
        "can_export": request.user.has_perm("programme.export_programme", programme),
        "can_see_money": request.user.has_perm("programme.view_money", programme),
    }
    return render(request, "reports/dashboard.html", context)


def _attachment(content: bytes, content_type: str, programme: Programme, ext: str) -> HttpResponse:
    """The file as a download named after the programme's identifier."""
    name = UNSAFE_IN_FILENAME.sub("-", programme.identifier)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-report.{ext}"'
    return response


@login_required
def programme_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(user=request.user, pk=pk, perm="programme.export_programme")
    content = report_xlsx(programme_dashboard(programme), user=signed_in(request))
    return _attachment(content, XLSX, programme, "xlsx")


@login_required
def programme_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(user=request.user, pk=pk, perm="programme.export_programme")
    content = report_pdf(programme_dashboard(programme), request=request)
    return _attachment(content, "application/pdf", programme, "pdf")
