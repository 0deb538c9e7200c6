"""The fair report's charts (inline SVG drawn by the server), spreadsheet and PDF."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ogop.core.money import format_money
from ogop.core.tabular import write_xlsx
from ogop.core.thai import format_date, localise_digits
from ogop.fairs.selectors import FairReport, Row


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float = 0.0


@dataclass(frozen=True)
class Chart:
    """Bars with their geometry in SVG user units; the template only draws them."""

    title: str
    width: int
    height: int
    bars: list[Bar]
    horizontal: bool
    empty: bool


def _scale(value: Decimal, largest: Decimal, length: float) -> float:
    return 0.0 if largest <= 0 else float(value / largest) * length


def sales_by_day_chart(report: FairReport) -> Chart:
    """Vertical bars: the fair's takings on each of its days."""
    width, height, top, bottom = 640, 240, 24, 40
    rows = report.by_day
    slot = width / max(len(rows), 1)
    largest = max((row.total for row in rows), default=Decimal(0))
    bars = []
    for index, row in enumerate(rows):
        bar_height = _scale(row.total, largest, height - top - bottom)
        x = index * slot + slot * 0.15
        bars.append(
            Bar(
                label=localise_digits(f"{row.key.day}/{row.key.month}"),
                value_text=format_money(row.total, report.fair.currency),
                x=round(x, 1),
                y=round(height - bottom - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label_x=round(x + slot * 0.35, 1),
                label_y=height - bottom + 16,
            )
        )
    return Chart(
        title=_("Sales by day"),
        width=width,
        height=height,
        bars=bars,
        horizontal=False,
        empty=largest <= 0,
    )


def top_sellers_chart(report: FairReport) -> Chart:
    """Horizontal bars: the best-selling products by takings."""
    rows = report.top_sellers
    label_width, width, row_height = 270, 640, 24
    height = max(len(rows), 1) * row_height + 8
    largest = max((row.total for row in rows), default=Decimal(0))
    bars = []
    for index, row in enumerate(rows):
        y = index * row_height + 4
        bars.append(
            Bar(
                label=row.label[:34],
                value_text=format_money(row.total, report.fair.currency),
                x=label_width,
                y=y,
                width=round(_scale(row.total, largest, width - label_width - 110), 1),
                height=row_height - 6,
                label_x=label_width - 6,
                label_y=y + row_height - 10,
                value_x=round(
                    label_width + _scale(row.total, largest, width - label_width - 110) + 4, 1
                ),
            )
        )
    return Chart(
        title=_("Top sellers"),
        width=width,
        height=height,
        bars=bars,
        horizontal=True,
        empty=largest <= 0,
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
        [
            [exhibit.booth.code, exhibit.product.code, exhibit.opening_stock, exhibit.stock]
            for exhibit in report.stock
        ],
    )
    section(
        _("Buyer leads by follow-up"),
        [[row.label, row.count] for row in report.leads_by_status],
    )
    return write_xlsx(header, lines, title=fair.code)


def report_pdf(report: FairReport, *, request: HttpRequest | None = None) -> bytes:
    """The report as a PDF, with Thai fonts; the same charts as the page."""
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    html = render_to_string(
        "fairs/report_pdf.html",
        {
            "fair": report.fair,
            "report": report,
            "day_chart": sales_by_day_chart(report),
            "top_chart": top_sellers_chart(report),
            "sections": report_sections(report),
            "first_day": format_date(report.fair.starts_on),
            "last_day": format_date(report.fair.ends_on),
        },
        request=request,
    )
    return bytes(HTML(string=html).write_pdf())
