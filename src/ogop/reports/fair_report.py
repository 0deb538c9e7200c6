"""The fair report's charts (inline SVG drawn by the server), spreadsheet and PDF."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ogop.core.charts import Chart, Item, bar_chart, column_chart, print_chart
from ogop.core.money import format_money
from ogop.core.pdf import html_to_pdf
from ogop.core.tabular import write_xlsx
from ogop.core.thai import format_date, localise_digits
from ogop.fairs.selectors import FairReport, Row


def sales_by_day_chart(report: FairReport) -> Chart:
    """Vertical bars: the fair's takings on each of its days."""
    currency = report.fair.currency
    return column_chart(
        _("Sales by day"),
        [
            Item(
                localise_digits(f"{row.key.day}/{row.key.month}"),
                row.total,
                format_money(row.total, currency),
            )
            for row in report.by_day
        ],
        empty_text=_("No sales yet."),
        label_heading=_("Day"),
        value_heading=_("Total"),
    )


def top_sellers_chart(report: FairReport) -> Chart:
    """Horizontal bars: the best-selling products by takings."""
    currency = report.fair.currency
    return bar_chart(
        _("Top sellers"),
        [
            Item(row.label, row.total, format_money(row.total, currency))
            for row in report.top_sellers
        ],
        empty_text=_("No sales yet."),
        label_heading=_("Product"),
        value_heading=_("Total"),
    )


def report_sections(report: FairReport) -> list[tuple[str, list[Row]]]:
    """The report's breakdowns, titled, in the order the page and the PDF show them."""
    return [
        (_("Top sellers"), report.top_sellers),
        (_("By product"), report.by_product),
        (_("By booth"), report.by_booth),
        (_("By producer group"), report.by_group),
        (_("By payment method"), report.by_payment),
    ]


def _sheet_rows(rows: list[Row]) -> list[list[Any]]:
    return [[row.label, row.count, row.quantity, row.total] for row in rows]


def report_xlsx(report: FairReport) -> bytes:
    """The report's tables one below the other on a sheet, amounts as numbers."""
    fair = report.fair
    header = [
        _("What"),
        _("Sales"),
        _("Items"),
        _("Total (%(currency)s)") % {"currency": fair.currency},
    ]
    lines: list[list[Any]] = [
        [_("All sales not voided"), report.count, report.quantity, report.total]
    ]
    lines.append([_("Voided sales"), report.void_count, None, report.void_total])
    if report.illustrative.count:  # the demo's: a reader of the file must know
        made_up = report.illustrative
        lines.append([made_up.label, made_up.count, made_up.quantity, made_up.total])

    def section(title: str, rows: list[list[Any]]) -> None:
        lines.append([])
        lines.append([title])
        lines.extend(rows)

    section(
        _("By day"),
        [[row.key, row.count, row.quantity, row.total] for row in report.by_day],
    )
    section(_("By product"), _sheet_rows(report.by_product))
    section(_("By booth"), _sheet_rows(report.by_booth))
    section(_("By producer group"), _sheet_rows(report.by_group))
    section(_("By payment method"), _sheet_rows(report.by_payment))
    section(_("Top sellers"), _sheet_rows(report.top_sellers))
    section(
        _("Stock left (booth, product, opening stock, stock left)"),
        [[row.booth_code, row.product_code, row.opening_stock, row.stock] for row in report.stock],
    )
    if report.other_currencies:
        section(
            _("Sales in other currencies (in no total above): currency, sales, items, total"),
            _sheet_rows(report.other_currencies),
        )
    section(
        _("Buyer leads by follow-up"),
        [[row.label, row.count] for row in report.leads_by_status],
    )
    return write_xlsx(header, lines, title=fair.code)


def report_pdf(report: FairReport, *, request: HttpRequest | None = None) -> bytes:
    """The report as a PDF, with Thai and Dzongkha fonts; the same charts as the page."""
    html = render_to_string(
        "reports/fair_report_pdf.html",
        {
            "fair": report.fair,
            "report": report,
            # Labels as text beside the bars: the PDF renderer would tear Thai apart in SVG.
            "day_chart": print_chart(sales_by_day_chart(report)),
            "top_chart": print_chart(top_sellers_chart(report)),
            "sections": report_sections(report),
            "first_day": format_date(report.fair.starts_on),
            "last_day": format_date(report.fair.ends_on),
        },
        request=request,
    )
    return html_to_pdf(html)
