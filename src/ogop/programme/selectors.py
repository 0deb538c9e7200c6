"""Reads of the programme that its pages, reports and API share."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404

from ogop.programme.models import (
    OPEN_STATUSES,
    SPENT_TYPES,
    Activity,
    Component,
    ComponentBudget,
    ExchangeRate,
    Programme,
    Transaction,
    TransactionType,
)

VIEW = "programme.view_programme"


def programme_list() -> QuerySet[Programme]:
    return (
        Programme.objects.select_related("reporting_organisation")
        .prefetch_related("components")
        .order_by("-start_planned")
    )


def current_programme() -> Programme | None:
    """The programme under way (the latest started, if several), else the latest one."""
    programmes = Programme.objects.order_by("-start_planned", "-pk")
    return programmes.filter(status__in=OPEN_STATUSES).first() or programmes.first()


# Guarded fetches (one per kind, as Zulip's access_*_by_id): 404 for what is not there or
# what the user may not see (so that whether it exists is not told), 403 for what the user
# may see but not do `perm` in. A programme's components, activities and transactions are
# seen and changed as the programme is.


def _allowed(user: Any, programme: Programme, perm: str) -> None:
    if not user.has_perm(VIEW, programme):
        raise Http404
    if not user.has_perm(perm, programme):
        raise PermissionDenied


def programme_for_user(*, user: Any, pk: int, perm: str = VIEW) -> Programme:
    """The programme, for a user who may see it and do `perm` in it (a permission of the
    programme, its field work or its results)."""
    programme = Programme.objects.select_related("reporting_organisation").filter(pk=pk).first()
    if programme is None:
        raise Http404
    _allowed(user, programme, perm)
    return programme


def component_for_user(*, user: Any, pk: int, perm: str = VIEW) -> Component:
    component = Component.objects.select_related("programme").filter(pk=pk).first()
    if component is None:
        raise Http404
    _allowed(user, component.programme, perm)
    return component


def activity_for_user(*, user: Any, pk: int, perm: str = VIEW) -> Activity:
    activity = (
        Activity.objects.select_related(
            "component__programme", "area", "area__parent", "responsible_organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    _allowed(user, activity.component.programme, perm)
    return activity


def late_filter(today: dt.date) -> Q:
    """Activity.is_late in the database: open work past its planned start or end."""
    return Q(status__in=OPEN_STATUSES) & (
        Q(start_actual__isnull=True, start_planned__lt=today)
        | Q(end_actual__isnull=True, end_planned__lt=today)
    )


def late_activities(today: dt.date) -> QuerySet[Activity]:
    """Every programme's late activities, the longest overdue first."""
    return (
        Activity.objects.filter(late_filter(today))
        .select_related("component__programme")
        .order_by("end_planned", "start_planned", "pk")
    )


def transaction_for_user(*, user: Any, pk: int, perm: str = "programme.view_money") -> Transaction:
    txn = Transaction.objects.select_related("programme").filter(pk=pk).first()
    if txn is None:
        raise Http404
    _allowed(user, txn.programme, perm)
    return txn


# The programme's page --------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentLine:
    """A component with its number of activities and its budget in each programme year."""

    component: Component
    activity_count: int
    budgets: list[Decimal | None]
    total: Decimal


def component_lines(programme: Programme) -> tuple[list[ComponentLine], list[Decimal], Decimal]:
    """The components with their budgets per year, the totals per year and the grand total."""
    components = list(
        programme.components.annotate(activity_count=Count("activities")).order_by("position")
    )
    amounts: dict[tuple[int, int], Decimal] = {
        (budget.component_id, budget.year): budget.amount
        for budget in ComponentBudget.objects.filter(component__programme=programme)
    }
    years = programme.years
    lines = []
    for component in components:
        budgets = [amounts.get((component.pk, year)) for year in years]
        total = sum((amount for amount in budgets if amount is not None), Decimal(0))
        lines.append(ComponentLine(component, component.activity_count, budgets, total))  # type: ignore[attr-defined]  # annotated by the query above
    year_totals = [
        sum((line.budgets[index] or Decimal(0) for line in lines), Decimal(0))
        for index in range(len(years))
    ]
    return lines, year_totals, sum(year_totals, Decimal(0))


# Activities -------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _activities(
    *,
    programme: Programme,
    component: Component | None = None,
    kind: str = "",
    status: str = "",
    year: int | None = None,
) -> QuerySet[Activity]:
    activities = Activity.objects.filter(component__programme=programme)
    if component is not None:
        activities = activities.filter(component=component)
    if kind:
        activities = activities.filter(kind=kind)
    if status:
        activities = activities.filter(status=status)
    if year is not None:
        first, last = _year_bounds(year)
        planned = Q(start_planned__lte=last, end_planned__gte=first)
        actual = Q(start_actual__lte=last) & (
            Q(end_actual__gte=first) | Q(end_actual__isnull=True, start_actual__gte=first)
        )
        activities = activities.filter(planned | actual)
    return activities.order_by("component__position", "start_planned", "pk")


def activity_list(
    *,
    programme: Programme,
    component: Component | None = None,
    kind: str = "",
    status: str = "",
    year: int | None = None,
) -> QuerySet[Activity]:
    """The programme's activities, in plan order; `year`: planned or done during that year."""
    return _activities(
        programme=programme, component=component, kind=kind, status=status, year=year
    ).select_related("component", "area", "responsible_organisation")


def plan_activities(
    *, programme: Programme, component: Component | None = None, year: int | None = None
) -> list[Activity]:
    """What the plan draws: one query, whatever the number of activities."""
    return list(
        _activities(programme=programme, component=component, year=year).select_related("component")
    )


# Money ------------------------------------------------------------------------------------


@dataclass
class MoneyCell:
    """Budget, commitments and spending (disbursements and expenditures) of a span of time."""

    budget: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent

    @property
    def percent_spent(self) -> Decimal | None:
        if self.budget <= 0:
            return None
        return (self.spent * 100 / self.budget).quantize(Decimal("0.1"))

    def add(self, other: "MoneyCell") -> None:
        self.budget += other.budget
        self.committed += other.committed
        self.spent += other.spent


@dataclass
class MoneyRow:
    """One component (or the money given to none) across the programme's years."""

    label: str
    component: Component | None
    years: list[MoneyCell]
    total: MoneyCell = field(default_factory=MoneyCell)


@dataclass
class MoneySummary:
    currency: str
    years: list[int]
    rows: list[MoneyRow]
    year_totals: list[MoneyCell]
    total: MoneyCell


def programme_money(programme: Programme, *, unassigned_label: str = "") -> MoneySummary:
    """Budget against money committed and spent, by component and year, in the programme's
    currency. A transaction counts for its component, or its activity's; one given to neither
    is shown on a row of its own. Three queries, whatever the number of transactions."""
    years = programme.years
    index = {year: position for position, year in enumerate(years)}
    components = list(programme.components.order_by("position"))
    rows: dict[int | None, MoneyRow] = {
        component.pk: MoneyRow(str(component), component, [MoneyCell() for _ in years])
        for component in components
    }

    def row(component_id: int | None) -> MoneyRow:
        if component_id not in rows:
            rows[component_id] = MoneyRow(unassigned_label, None, [MoneyCell() for _ in years])
        return rows[component_id]

    budgets = (
        ComponentBudget.objects.filter(component__programme=programme)
        .values("component", "year")
        .annotate(total=Sum("amount"))
    )
    for budget in budgets:
        if budget["year"] in index:
            row(budget["component"]).years[index[budget["year"]]].budget += budget["total"]
    flows = (
        Transaction.objects.filter(programme=programme)
        .annotate(line=Coalesce("component", "activity__component"), year=ExtractYear("date"))
        .values("line", "year", "kind")
        .annotate(total=Sum("amount_in_programme_currency"))
        .order_by()
    )
    for flow in flows:
        if flow["year"] not in index:
            continue
        cell = row(flow["line"]).years[index[flow["year"]]]
        if flow["kind"] == TransactionType.COMMITMENT:
            cell.committed += flow["total"]
        elif flow["kind"] in SPENT_TYPES:
            cell.spent += flow["total"]
    ordered = [rows[component.pk] for component in components]
    if None in rows:
        ordered.append(rows[None])
    year_totals = [MoneyCell() for _ in years]
    total = MoneyCell()
    for money_row in ordered:
        for position, cell in enumerate(money_row.years):
            money_row.total.add(cell)
            year_totals[position].add(cell)
        total.add(money_row.total)
    return MoneySummary(programme.currency, years, ordered, year_totals, total)


def transaction_list(
    *,
    programme: Programme,
    kind: str = "",
    component: Component | None = None,
    year: int | None = None,
    currency: str = "",
) -> QuerySet[Transaction]:
    txns = Transaction.objects.filter(programme=programme).select_related(
        "component", "activity", "provider", "receiver"
    )
    if kind:
        txns = txns.filter(kind=kind)
    if component is not None:
        txns = txns.filter(
            Q(component=component) | Q(component__isnull=True, activity__component=component)
        )
    if year is not None:
        txns = txns.filter(date__year=year)
    if currency:
        txns = txns.filter(currency=currency)
    return txns.order_by("-date", "-pk")


def exchange_rate_list(*, currency: str = "") -> QuerySet[ExchangeRate]:
    rates = ExchangeRate.objects.all()
    if currency:
        rates = rates.filter(Q(currency=currency) | Q(quote=currency))
    return rates.order_by("currency", "quote", "-valid_from")
