"""The programme dashboard: money, the farmers' income, activities, people trained,
indicators and products.

Every figure is read in a fixed number of queries, whatever the size of the programme, and
drawn as a server-side chart of labelled rows (see `ogop.core.charts`). The page, the PDF and
the spreadsheet read the same `Dashboard`.

The programme's beneficiaries are the producer groups its activities (not cancelled) serve,
directly or through one of their products: the same scope as the computed indicators, whose
figures give the farmers' income (`ogop.reports.income`).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ogop.core.charts import COLOURS, Chart, Item, bar_chart
from ogop.core.freshness import FIGURES, SERVED
from ogop.core.money import format_money
from ogop.core.thai import format_number, format_percent, format_year
from ogop.core.versions import kept
from ogop.products.metrics import products_by_stage
from ogop.products.models import Stage
from ogop.programme.metrics import (
    beneficiary_groups,
    products_in_scope,
    served_digest,
    trainees_by_sex,
)
from ogop.programme.models import Activity, ActivityStatus, Programme, Sex
from ogop.programme.selectors import MoneyCell, MoneySummary, late_filter, programme_money
from ogop.reports.income import Income, programme_income
from ogop.results.computations import computed_spans
from ogop.results.indicator_rows import PeriodRow, programme_indicator_values
from ogop.results.models import Computation, Indicator, Result

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Bars of indicators far beyond their target are drawn up to this share, so that the others
# stay readable; the text gives the real share.
LONGEST_SHARE = Decimal(200)
BUDGET_COLOUR, COMMITTED_COLOUR, SPENT_COLOUR = COLOURS[1], COLOURS[4], COLOURS[0]


# What the dashboard shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class YearMoney:
    """A year's budget, commitments and spending, with the year as the reader writes it."""

    year: int
    label: str
    money: MoneyCell


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    count: int
    late: int


@dataclass(frozen=True)
class PeopleTrained:
    """Trainees of trainings, workshops and study visits, each person counted once."""

    women: int = 0
    men: int = 0
    not_recorded: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.not_recorded


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator's latest period with a target: its actual and how far it is reached."""

    indicator: Indicator
    result: Result
    period: PeriodRow

    @property
    def target(self) -> Decimal:
        assert self.period.target is not None
        return self.period.target

    @property
    def is_reached(self) -> bool:
        return bool(self.period.reached)

    @property
    def target_text(self) -> str:
        return format_number(self.target)

    @property
    def actual_text(self) -> str:
        return "" if self.period.actual is None else format_number(self.period.actual)

    @property
    def percent_text(self) -> str:
        return format_percent(self.period.percent)


@dataclass(frozen=True)
class StageRow:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    today: dt.date
    money: MoneySummary
    by_year: list[YearMoney]
    by_status: list[StatusRow]
    people: PeopleTrained
    indicators: list[IndicatorProgress]
    by_stage: list[StageRow]
    group_count: int
    income: Income

    @property
    def currency(self) -> str:
        return self.programme.currency

    @property
    def activity_count(self) -> int:
        return sum(row.count for row in self.by_status)

    @property
    def late_count(self) -> int:
        return sum(row.late for row in self.by_status)

    @property
    def product_count(self) -> int:
        return sum(row.count for row in self.by_stage)


# Selectors ------------------------------------------------------------------------------------


def programme_activities(programme: Programme) -> QuerySet[Activity]:
    return Activity.objects.filter(component__programme=programme)


def _activities_by_status(programme: Programme, today: dt.date) -> list[StatusRow]:
    """Activities by status, in the order of the status list, with how many are late."""
    counts = {
        row["status"]: row
        for row in programme_activities(programme)
        .values("status")
        .annotate(count=Count("pk"), late=Count("pk", filter=late_filter(today)))
        .order_by()
    }
    return [
        StatusRow(
            status=status.value,
            label=str(status.label),
            count=counts[status.value]["count"],
            late=counts[status.value]["late"],
        )
        for status in ActivityStatus
        if status.value in counts
    ]


def _people_trained(programme: Programme) -> PeopleTrained:
    """Counted once with the indicator of people trained, kept in parts (trainees_by_sex)."""
    by_sex = trainees_by_sex(programme, computed_spans(programme, Computation.PEOPLE_TRAINED))
    return PeopleTrained(
        women=by_sex.get(Sex.FEMALE, 0),
        men=by_sex.get(Sex.MALE, 0),
        not_recorded=sum(n for sex, n in by_sex.items() if sex not in (Sex.FEMALE, Sex.MALE)),
    )


def _indicators(programme: Programme) -> list[IndicatorProgress]:
    """Each indicator's latest period with a target, with its actual (typed in or computed)."""
    found = []
    for row in programme_indicator_values(programme):
        with_target = [period for period in row.periods if period.target is not None]
        if with_target:
            latest = max(with_target, key=lambda period: (period.end, period.start))
            found.append(IndicatorProgress(row.indicator, row.result, latest))
    return found


def _products_by_stage(programme: Programme) -> tuple[list[StageRow], int]:
    """Products of the beneficiary groups by development stage, in the stages' order."""
    counts, group_count = kept(
        FIGURES,
        f"dashboard-stages:{programme.pk}:{served_digest(programme)}",
        lambda: _count_products_by_stage(programme),
        covered=(SERVED,),
    )
    rows = [
        StageRow(code=stage.code, label=stage.name, count=counts.get(stage.code, 0))
        for stage in Stage.objects.order_by("position")
        if stage.is_active or counts.get(stage.code)
    ]
    return rows, group_count


def _count_products_by_stage(programme: Programme) -> tuple[dict[str, int], int]:
    """The number of products of the beneficiary groups at each stage, and of the groups."""
    return products_by_stage(products_in_scope(programme)), beneficiary_groups(programme).count()


def programme_dashboard(programme: Programme, *, today: dt.date | None = None) -> Dashboard:
    """Everything the dashboard shows, in a number of queries that does not grow with the data."""
    today = today or timezone.localdate()
    money = programme_money(programme, unassigned_label=_("Not assigned to a component"))
    by_stage, group_count = _products_by_stage(programme)
    return Dashboard(
        programme=programme,
        today=today,
        money=money,
        by_year=[
            YearMoney(year, format_year(year), cell)
            for year, cell in zip(money.years, money.year_totals, strict=True)
        ],
        by_status=_activities_by_status(programme, today),
        people=_people_trained(programme),
        indicators=_indicators(programme),
        by_stage=by_stage,
        group_count=group_count,
        income=programme_income(programme),
    )


# Charts ---------------------------------------------------------------------------------------


def money_by_year_chart(dashboard: Dashboard) -> Chart:
    """Three bars a year: the budget, what was committed and what was spent."""
    currency = dashboard.currency
    items = []
    for row in dashboard.by_year:
        cell = row.money
        for label, value, colour in (
            (_("%(year)s budget") % {"year": row.label}, cell.budget, BUDGET_COLOUR),
            (_("%(year)s committed") % {"year": row.label}, cell.committed, COMMITTED_COLOUR),
            (_("%(year)s spent") % {"year": row.label}, cell.spent, SPENT_COLOUR),
        ):
            items.append(Item(label, value, format_money(value, currency), colour=colour))
    return bar_chart(
        _("Budget, committed and spent by year"),
        items,
        label_width=200,
        empty_text=_("No budget or transaction yet."),
    )


def money_by_component_chart(dashboard: Dashboard) -> Chart:
    """Spent by component, with the component's budget, where it has one, as a marker."""
    currency = dashboard.currency
    return bar_chart(
        _("Spent against budget by component"),
        [
            Item(
                row.label,
                row.total.spent,
                format_money(row.total.spent, currency),
                colour=SPENT_COLOUR,
                target=row.total.budget or None,
                target_text=_("budget %(amount)s")
                % {"amount": format_money(row.total.budget, currency)}
                if row.total.budget
                else "",
            )
            for row in dashboard.money.rows
        ],
        empty_text=_("No budget or transaction yet."),
    )


def activities_by_status_chart(dashboard: Dashboard) -> Chart:
    return bar_chart(
        _("Activities by status"),
        [
            Item(row.label, row.count, format_number(row.count), colour=COLOURS[1])
            for row in dashboard.by_status
        ],
        empty_text=_("No activity yet."),
    )


def people_trained_chart(dashboard: Dashboard) -> Chart:
    people = dashboard.people
    return bar_chart(
        _("People trained by sex"),
        [
            Item(label, count, format_number(count), colour=colour)
            for label, count, colour in (
                (_("Women"), people.women, COLOURS[3]),
                (_("Men"), people.men, COLOURS[1]),
                (_("Not recorded"), people.not_recorded, COLOURS[5]),
            )
        ],
        empty_text=_("No one trained yet."),
    )


def indicators_chart(dashboard: Dashboard) -> Chart:
    """Each indicator's share of its target reached; the marker is the target (100 %)."""
    items = []
    for row in dashboard.indicators:
        share = row.period.percent
        items.append(
            Item(
                row.indicator.title,
                min(share or ZERO, LONGEST_SHARE),
                format_percent(share) or _("no actual"),
                colour=COLOURS[2] if row.is_reached else COLOURS[0],
                target=HUNDRED,
                target_text=_("target %(target)s") % {"target": row.target_text},
            )
        )
    return bar_chart(
        _("Indicators against their targets"),
        items,
        empty_text=_("No indicator has a target yet."),
    )


def products_by_stage_chart(dashboard: Dashboard) -> Chart:
    """A row a stage, in the stages' order."""
    return bar_chart(
        _("Products of the groups served, by development stage"),
        [
            Item(row.label, row.count, format_number(row.count), colour=COLOURS[2])
            for row in dashboard.by_stage
        ],
        empty_text=_("No product yet."),
    )


def dashboard_charts(dashboard: Dashboard) -> dict[str, Chart]:
    """The dashboard's charts by name, for the page and (see `print_chart`) for print."""
    return {
        "money_by_year": money_by_year_chart(dashboard),
        "money_by_component": money_by_component_chart(dashboard),
        "by_status": activities_by_status_chart(dashboard),
        "people": people_trained_chart(dashboard),
        "indicators": indicators_chart(dashboard),
        "by_stage": products_by_stage_chart(dashboard),
    }
