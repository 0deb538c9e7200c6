"""The fair report's page, and the report as a workbook and as a PDF (the figures are the
fair's selectors', the charts, sheet and PDF reports.fair_report's)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ogop.fairs import selectors
from ogop.reports.fair_report import (
    report_pdf,
    report_sections,
    report_xlsx,
    sales_by_day_chart,
    top_sellers_chart,
)


@login_required
def fair_report(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code, perm="fairs.view_report")
    report = selectors.fair_report(fair)
    context = {
        "fair": fair,
        "report": report,
        "day_chart": sales_by_day_chart(report),
        "top_chart": top_sellers_chart(report),
        "sections": report_sections(report),
        "conflicts": selectors.sale_conflicts(fair)[:20],
    }
    with timezone.override(fair.tzinfo):  # times as at the fair
        return render(request, "reports/fair_report.html", context)


@login_required
def fair_report_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code, perm="fairs.view_report")
    response = HttpResponse(
        report_xlsx(selectors.fair_report(fair)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{fair.code}-report.xlsx"'
    return response


@login_required
def fair_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code, perm="fairs.view_report")
    response = HttpResponse(
        report_pdf(selectors.fair_report(fair), request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{fair.code}-report.pdf"'
    return response
