"""Indicators as pages and reports show them: every period's target, actual (typed in or
computed, see `ogop.results.computations`), progress to target and breakdown by sex and
area, read in a fixed number of queries."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ogop.core.metrics import NOT_RECORDED, Key, Value
from ogop.places.models import Area
from ogop.programme.metrics import SEX_CATEGORIES
from ogop.programme.models import Programme, Sex
from ogop.results.computations import compute_all, period_value
from ogop.results.models import Dimension, Indicator, Period, Result

ZERO = Decimal(0)
HUNDRED = Decimal(100)


# Progress to target ---------------------------------------------------------------------------


def percent_of_target(
    actual: Decimal | None, target: Decimal | None, *, ascending: bool = True
) -> Decimal | None:
    """How much of the target is reached, in percent to one decimal; over 100 beyond it.

    Higher is better (ascending): actual ÷ target. Lower is better: target ÷ actual, and 100
    for an actual of zero. None without an actual or a target, or with a target of zero when
    higher is better.
    """
    if actual is None or target is None:
        return None
    if ascending:
        if target == 0:
            return None
        share = actual * HUNDRED / target
    else:
        if actual == 0:
            return HUNDRED.quantize(Decimal("0.1"))
        share = target * HUNDRED / actual
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DisaggregationRow:
    """One category of a period's breakdown: its target, actual and progress to target."""

    dimension: str
    category: str
    label: str
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None = None


@dataclass(frozen=True)
class PeriodRow:
    """A period with its target, its actual (computed or typed in) and its breakdown."""

    period: Period
    target: Decimal | None
    actual: Decimal | None
    error: str
    percent: Decimal | None
    disaggregations: list[DisaggregationRow]

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end

    @property
    def reached(self) -> bool | None:
        return None if self.percent is None else self.percent >= HUNDRED

    def dimension(self, name: str) -> list[DisaggregationRow]:
        return [row for row in self.disaggregations if row.dimension == name]

    @property
    def by_sex(self) -> list[DisaggregationRow]:
        return self.dimension(Dimension.SEX)

    @property
    def by_area(self) -> list[DisaggregationRow]:
        return self.dimension(Dimension.AREA)


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator of a programme with every one of its periods, for pages and reports."""

    indicator: Indicator
    result: Result
    periods: list[PeriodRow]

    @property
    def computed(self) -> bool:
        return self.indicator.is_computed

    @property
    def latest(self) -> PeriodRow | None:
        """The last period that has an actual."""
        with_actual = [row for row in self.periods if row.actual is not None]
        return with_actual[-1] if with_actual else None


def category_label(dimension: str, category: str, areas: dict[str, str]) -> str:
    """What a reader calls a category: female, not recorded, Bumthang …"""
    if category == NOT_RECORDED:
        return _("not recorded")
    if dimension == Dimension.SEX:
        return str(dict(Sex.choices).get(category, category))
    return areas.get(category, category)


def _category_order(row: DisaggregationRow) -> tuple[int, int, str]:
    """Sex before area; female, male, not recorded; areas by name, not recorded last."""
    dimension = 0 if row.dimension == Dimension.SEX else 1
    if row.dimension == Dimension.SEX and row.category in SEX_CATEGORIES:
        return dimension, SEX_CATEGORIES.index(row.category), ""
    return dimension, 1 if row.category == NOT_RECORDED else 0, row.label


def _disaggregation_rows(
    period: Period, value: Value, indicator: Indicator, areas: dict[str, str]
) -> list[DisaggregationRow]:
    """The period's categories: those with a target, and those the actuals give."""
    targets: dict[Key, Decimal | None] = {}
    typed: dict[Key, Decimal | None] = {}
    for row in period.disaggregations.all():
        targets[(row.dimension, row.category)] = row.target
        typed[(row.dimension, row.category)] = row.actual
    if indicator.is_computed:
        # A category with a target and nothing counted has an actual of zero.
        actuals: dict[Key, Decimal | None] = dict.fromkeys(targets, ZERO)
        if value.total is None:
            actuals = dict.fromkeys(targets)
        actuals.update(value.by)
    else:
        actuals = typed
    rows = [
        DisaggregationRow(
            dimension=dimension,
            category=category,
            label=category_label(dimension, category, areas),
            target=targets.get((dimension, category)),
            actual=actuals.get((dimension, category)),
            percent=percent_of_target(
                actuals.get((dimension, category)),
                targets.get((dimension, category)),
                ascending=indicator.ascending,
            ),
        )
        for dimension, category in set(targets) | set(actuals)
    ]
    return sorted(rows, key=_category_order)


def _area_names(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {area.code: area.name for area in Area.objects.filter(code__in=sorted(codes))}


def programme_indicator_values(
    programme: Programme, *, indicators: Iterable[int] | None = None
) -> list[IndicatorRow]:
    """Every indicator of the programme (or those of `indicators`, by pk) with every period's
    target, actual and breakdown, in the order of the results framework.

    A fixed number of queries, whatever the number of periods, products, people or sales:
    three for the indicators, their periods and disaggregation rows, one or two per
    computation (see `compute`), and one for the names of the areas shown.
    """
    found = (
        Indicator.objects.filter(result__programme=programme)
        .select_related("result", "result__programme")
        .prefetch_related(
            Prefetch(
                "periods",
                queryset=Period.objects.order_by("start", "pk").prefetch_related("disaggregations"),
            )
        )
        .order_by("-result__kind", "result__position", "result__pk", "position", "pk")
    )
    if indicators is not None:
        found = found.filter(pk__in=list(indicators))
    chosen = list(found)

    computed = compute_all(
        programme,
        (
            (indicator.computation, period.start, period.end)
            for indicator in chosen
            if indicator.is_computed
            for period in indicator.periods.all()
        ),
    )

    codes: set[str] = set()
    for indicator in chosen:
        for period in indicator.periods.all():
            codes.update(row.category for row in period.disaggregations.all())
            codes.update(
                category for _dimension, category in period_value(period, computed=computed).by
            )
    areas = _area_names(codes - set(SEX_CATEGORIES))

    rows = []
    for indicator in chosen:
        period_rows = []
        for period in indicator.periods.all():
            value = period_value(period, computed=computed)
            period_rows.append(
                PeriodRow(
                    period=period,
                    target=period.target,
                    actual=value.total,
                    error=value.error,
                    percent=percent_of_target(
                        value.total, period.target, ascending=indicator.ascending
                    ),
                    disaggregations=_disaggregation_rows(period, value, indicator, areas),
                )
            )
        rows.append(IndicatorRow(indicator, indicator.result, period_rows))
    return rows


def indicator_row(indicator: Indicator) -> IndicatorRow:
    """One indicator with its periods, as `programme_indicator_values` gives it."""
    return programme_indicator_values(indicator.result.programme, indicators=[indicator.pk])[0]
