"""The results framework as the pages show it: sections by result type, indicator values in
the reader's digits and calendar, and a progress-to-target chart for each indicator."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.core.charts import COLOURS, Chart, Item, bar_chart
from ogop.core.money import format_money
from ogop.core.thai import format_date, format_number, format_year, localise_digits
from ogop.programme.models import Programme
from ogop.results.indicator_rows import IndicatorRow, PeriodRow, programme_indicator_values
from ogop.results.models import Computation, Indicator, IndicatorMeasure, Period, Result, ResultType

REACHED_COLOUR = COLOURS[2]
# The computations whose values are money, in the programme's currency.
MONEY_COMPUTATIONS = frozenset({Computation.FAIR_SALES, Computation.PAID_TO_GROUPS})
ON_THE_WAY_COLOUR = COLOURS[0]


def format_value(value: Decimal | None, indicator: Indicator) -> str:
    """A target or an actual as the reader expects it: money in the programme's currency,
    a percentage with its sign, other numbers with thousands separators."""
    if value is None:
        return ""
    if indicator.computation in MONEY_COMPUTATIONS:
        return format_money(value, indicator.result.programme.currency)
    text = format_number(value)
    if indicator.measure == IndicatorMeasure.PERCENTAGE:
        return _("%(value)s%%") % {"value": text}
    return text


def _whole_years(start: dt.date, end: dt.date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


def period_label(period: Period) -> str:
    """2017 for a calendar year (2560 for a Thai reader), 2016–2017 for whole years, the two
    dates otherwise."""
    start, end = period.start, period.end
    if _whole_years(start, end):
        if start.year == end.year:
            return format_year(start.year)
        return f"{format_year(start.year)}–{format_year(end.year)}"
    return f"{format_date(start)} – {format_date(end)}"


def short_period_label(period: Period) -> str:
    """A label that fits beside a chart's bar: 2017, or 1/2017–6/2017."""
    start, end = period.start, period.end
    if _whole_years(start, end):
        return period_label(period)
    first = localise_digits(f"{start.month}/") + format_year(start.year)
    last = localise_digits(f"{end.month}/") + format_year(end.year)
    return f"{first}–{last}"


def _value_text(row: PeriodRow, indicator: Indicator) -> str:
    """The actual beside its bar: short, as the table next to the chart gives the rest."""
    if row.actual is None:
        return _("cannot compute") if row.error else "—"
    return format_value(row.actual, indicator)


def progress_chart(row: IndicatorRow) -> Chart:
    """One bar per period: the actual, with the target drawn across it."""
    indicator = row.indicator
    items = [
        Item(
            label=short_period_label(period.period),
            value=period.actual if period.actual is not None else Decimal(0),
            value_text=_value_text(period, indicator),
            colour=REACHED_COLOUR if period.reached else ON_THE_WAY_COLOUR,
            target=period.target,
            target_text=_("target %(value)s") % {"value": format_value(period.target, indicator)}
            if period.target is not None
            else "",
        )
        for period in row.periods
    ]
    return bar_chart(
        _("Progress to target: %(indicator)s") % {"indicator": indicator.title},
        items,
        label_width=110,
        empty_text=_("No actual or target yet."),
    )


@dataclass(frozen=True)
class IndicatorBlock:
    row: IndicatorRow
    chart: Chart


@dataclass(frozen=True)
class ResultBlock:
    result: Result
    indicators: list[IndicatorBlock]


@dataclass(frozen=True)
class Section:
    kind: str
    label: str
    results: list[ResultBlock]


# What each computation counts, for the reader of an indicator's page (docs/results.md has
# the full definitions).
DEFINITIONS: dict[str, Promise] = {
    Computation.PEOPLE_TRAINED: gettext_lazy(
        "Distinct people who were trainees of a training, workshop or study visit of the "
        "programme that was not cancelled and ended (actual end, else planned end) within the "
        "period. A person at two of them counts once; trainers, facilitators and observers do "
        "not count. By sex as recorded (not recorded when left empty) and by the dzongkhag of "
        "the person's producer group."
    ),
    Computation.PRODUCTS_THREE_STARS: gettext_lazy(
        "Products of the groups the programme serves whose latest rating on or before the end "
        "of the period gave 3 stars or more: a level at the end of the period. By the "
        "dzongkhag of the product's producer group."
    ),
    Computation.PRODUCTS_MARKET_READY: gettext_lazy(
        "Products of the groups the programme serves that were market-ready or at a later "
        "stage at the end of the period, read from their stage history (a product without "
        "moves counts at its current stage once it is in the registry). By the dzongkhag of "
        "the product's producer group."
    ),
    Computation.FAIR_SALES: gettext_lazy(
        "Sales at fairs, not voided, of products of the groups the programme serves, made "
        "within the period; each day's sales converted to the programme's currency at that "
        "day's exchange rate. By the dzongkhag of the product's producer group."
    ),
    Computation.BUDGET_DISBURSED: gettext_lazy(
        "Disbursements and expenditures dated up to the end of the period, as a percentage of "
        "the programme's whole budget (every component, every year)."
    ),
    Computation.PAID_TO_GROUPS: gettext_lazy(
        "Money paid to the groups the programme serves for what OGOP bought from them, paid "
        "within the period (not what was bought and is still owed); each day's payments "
        "converted to the programme's currency at that day's exchange rate. By the dzongkhag "
        "of the producer group."
    ),
    Computation.GROUPS_PAID: gettext_lazy(
        "Producer groups the programme serves that OGOP paid at least once within the period "
        "for what it bought from them. By the dzongkhag of the producer group."
    ),
    Computation.MEMBERS_PAID: gettext_lazy(
        "Members of the producer groups the programme serves that OGOP paid at least once "
        "within the period: the people who benefited. A group counts once, with its women and "
        "men members as its record stood at the end of the day of its first payment within "
        "the period (read from the group's history). By sex and by the dzongkhag of the "
        "producer group."
    ),
    Computation.BOUGHT_KG: gettext_lazy(
        "Kilograms that OGOP bought from the groups the programme serves within the period, "
        "paid yet or not: only purchases recorded in kg (litres and pieces have their own "
        "computations, never added to these). By the dzongkhag of the producer group."
    ),
    Computation.BOUGHT_LITRES: gettext_lazy(
        "Litres that OGOP bought from the groups the programme serves within the period, paid "
        "yet or not: only purchases recorded in litres. By the dzongkhag of the producer group."
    ),
    Computation.BOUGHT_PIECES: gettext_lazy(
        "Pieces that OGOP bought from the groups the programme serves within the period, paid "
        "yet or not: only purchases recorded in pieces. By the dzongkhag of the producer group."
    ),
}

SECTION_LABELS = {
    ResultType.IMPACT: gettext_lazy("Impact"),
    ResultType.OUTCOME: gettext_lazy("Outcomes"),
    ResultType.OUTPUT: gettext_lazy("Outputs"),
}


def framework_sections(programme: Programme) -> list[Section]:
    """The programme's results, impact first then outcomes then outputs, each with its
    indicators, their periods and charts (one query for the results, and the fixed number
    `programme_indicator_values` takes)."""
    rows: dict[int, list[IndicatorBlock]] = {}
    for row in programme_indicator_values(programme):
        rows.setdefault(row.result.pk, []).append(IndicatorBlock(row, progress_chart(row)))
    results = list(programme.results.order_by("-kind", "position", "pk"))
    sections = []
    for kind in (ResultType.IMPACT, ResultType.OUTCOME, ResultType.OUTPUT):
        blocks = [
            ResultBlock(result, rows.get(result.pk, []))
            for result in results
            if result.kind == kind
        ]
        if blocks:
            sections.append(Section(kind, str(SECTION_LABELS[kind]), blocks))
    return sections
