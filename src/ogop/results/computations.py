"""Indicator actuals computed from the platform's data instead of typed in.

Each computation gives, for a programme and a period [start, end] (both days included), a
total and its disaggregation by (dimension, category): sex (female, male, not_recorded) or
area (the code of a top-level area: a dzongkhag in Bhutan, a province in Thailand).

The programme's beneficiaries are the producer groups served by its activities that were not
cancelled (`Activity.producer_groups`), plus the groups of the products those activities serve
(`Activity.products`); the products in scope are all the products of those groups. The exact
definitions are in each function's docstring and in docs/results.md.

`programme_indicator_values` computes every period of every indicator of a programme in a
fixed number of queries, whatever the number of periods, products, people or sales: the data
is read once, grouped in SQL where it can be, and each period is counted from it in Python.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ogop.core.money import quantize
from ogop.core.thai import format_date
from ogop.fairs.selectors import sales_at_fairs_by_group_and_day
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product, Stage, StageChange
from ogop.programme.models import (
    LEARNING_KINDS,
    SPENT_TYPES,
    Activity,
    ActivityStatus,
    ComponentBudget,
    ExchangeRate,
    Participant,
    ParticipantRole,
    Programme,
    Sex,
    Transaction,
)
from ogop.rating.models import ProductRating
from ogop.results.models import Computation, Dimension, Indicator, Period, Result

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# The category of a person whose sex, or whose area, was not recorded: counted, never guessed.
NOT_RECORDED = "not_recorded"
SEX_CATEGORIES = (Sex.FEMALE.value, Sex.MALE.value, NOT_RECORDED)
# The dimensions each computation is disaggregated by.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    Computation.PEOPLE_TRAINED: (Dimension.SEX, Dimension.AREA),
    Computation.PRODUCTS_THREE_STARS: (Dimension.AREA,),
    Computation.PRODUCTS_MARKET_READY: (Dimension.AREA,),
    Computation.FAIR_SALES: (Dimension.AREA,),
    Computation.BUDGET_DISBURSED: (),
}
THREE_STARS = 3

Span = tuple[dt.date, dt.date]
Key = tuple[str, str]


class CannotCompute(Exception):
    """The data cannot give a value for the period; the message tells the reader why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Value:
    """A computed actual: the total, by (dimension, category), and why there is none."""

    total: Decimal | None
    by: dict[Key, Decimal] = field(default_factory=dict)
    error: str = ""


def top_area_code(path: str | None) -> str | None:
    """The code of the top-level area (dzongkhag, province) of an area's materialised path."""
    if not path:
        return None
    return path.split("/", 1)[0] or None


def _count(number: int) -> Decimal:
    return Decimal(number)


def _tally(keys: Iterable[Key]) -> dict[Key, Decimal]:
    counts: dict[Key, int] = defaultdict(int)
    for key in keys:
        counts[key] += 1
    return {key: _count(number) for key, number in counts.items()}


def _local_day(moment: dt.datetime | dt.date) -> dt.date:
    if isinstance(moment, dt.datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


# Exchange rates read once -------------------------------------------------------------------


class RateBook:
    """The exchange rates between some currencies and one quote currency, read in one query.

    `rate` gives what `ogop.programme.services.rate_on` gives: the latest rate valid on or
    before the day, read either way round, the direct one when both start the same day.
    """

    def __init__(self, currencies: Iterable[str], quote: str) -> None:
        self.quote = quote
        others = sorted(set(currencies) - {quote})
        self.direct: dict[str, list[tuple[dt.date, Decimal]]] = defaultdict(list)
        self.inverse: dict[str, list[tuple[dt.date, Decimal]]] = defaultdict(list)
        if not others:
            return
        rates = (
            ExchangeRate.objects.filter(
                Q(currency__in=others, quote=quote) | Q(currency=quote, quote__in=others)
            )
            .order_by("valid_from")
            .values_list("currency", "quote", "valid_from", "rate")
        )
        for currency, rate_quote, valid_from, rate in rates:
            if rate_quote == quote:
                self.direct[currency].append((valid_from, rate))
            else:
                self.inverse[rate_quote].append((valid_from, rate))

    @staticmethod
    def _latest(
        rates: list[tuple[dt.date, Decimal]], day: dt.date
    ) -> tuple[dt.date, Decimal] | None:
        found = None
        for valid_from, rate in rates:  # in date order
            if valid_from > day:
                break
            found = (valid_from, rate)
        return found

    def rate(self, currency: str, day: dt.date) -> Decimal:
        """Units of the quote currency one unit of `currency` was worth on `day`."""
        if currency == self.quote:
            return Decimal(1)
        direct = self._latest(self.direct.get(currency, []), day)
        inverse = self._latest(self.inverse.get(currency, []), day)
        if direct and (not inverse or direct[0] >= inverse[0]):
            return direct[1]
        if inverse:
            return Decimal(1) / inverse[1]
        raise CannotCompute(
            _(
                "Cannot compute: there is no exchange rate from %(currency)s to %(quote)s "
                "on or before %(day)s."
            )
            % {"currency": currency, "quote": self.quote, "day": format_date(day)}
        )


# The data of a programme, each part read once when first needed ----------------------------


def beneficiary_groups(programme: Programme) -> QuerySet[ProducerGroup]:
    """The producer groups served by the programme's activities that were not cancelled,
    directly or through one of their products."""
    live = Activity.objects.filter(component__programme=programme).exclude(
        status=ActivityStatus.CANCELLED
    )
    served = live.values("producer_groups")
    through_products = live.values("products__producer_group")
    return ProducerGroup.objects.filter(Q(pk__in=served) | Q(pk__in=through_products))


def products_in_scope(programme: Programme) -> QuerySet[Product]:
    """Every product of the programme's beneficiary groups."""
    return Product.objects.filter(producer_group__in=beneficiary_groups(programme).values("pk"))


class ProgrammeData:
    """What the computations read for one programme: one query per kind of data, made the
    first time a computation needs it, whatever the number of periods asked for."""

    def __init__(self, programme: Programme, spans: Sequence[Span] = ()) -> None:
        self.programme = programme
        # Rows dated after the last end asked for are never needed.
        self.last_end = max((end for _start, end in spans), default=None)

    @cached_property
    def group_areas(self) -> dict[int, str | None]:
        """Beneficiary group id → the code of its top-level area."""
        return {
            pk: top_area_code(path)
            for pk, path in beneficiary_groups(self.programme)
            .order_by()
            .values_list("pk", "area__path")
        }

    def _scope(self) -> QuerySet[Any]:
        return beneficiary_groups(self.programme).values("pk")

    @cached_property
    def trainees(self) -> list[tuple[int, str, str | None, dt.date]]:
        """(person id, sex, top-level area code, day the activity ended) per trainee place."""
        rows = (
            Participant.objects.filter(
                role=ParticipantRole.TRAINEE,
                activity__kind__in=LEARNING_KINDS,
                activity__component__programme=self.programme,
            )
            .exclude(activity__status=ActivityStatus.CANCELLED)
            .annotate(ended=Coalesce("activity__end_actual", "activity__end_planned"))
            .order_by()
            .values_list("person_id", "person__sex", "person__producer_group__area__path", "ended")
        )
        if self.last_end is not None:
            rows = rows.filter(ended__lte=self.last_end)
        return [(pk, sex, top_area_code(path), ended) for pk, sex, path, ended in rows]

    @cached_property
    def ratings(self) -> dict[int, tuple[int, list[tuple[dt.date, int]]]]:
        """Product id → (its group id, its ratings (day, stars) oldest first)."""
        rows = ProductRating.objects.filter(product__producer_group__in=self._scope())
        if self.last_end is not None:
            rows = rows.filter(rated_on__lte=self.last_end)
        found: dict[int, tuple[int, list[tuple[dt.date, int]]]] = {}
        for product, group, rated_on, stars in rows.order_by("rated_on", "pk").values_list(
            "product_id", "product__producer_group_id", "rated_on", "stars"
        ):
            found.setdefault(product, (group, []))[1].append((rated_on, stars))
        return found

    @cached_property
    def products(self) -> list[tuple[int, int, str, dt.date]]:
        """(product id, group id, current stage code, day it entered the registry)."""
        return [
            (pk, group, stage, _local_day(created))
            for pk, group, stage, created in Product.objects.filter(
                producer_group__in=self._scope()
            )
            .order_by()
            .values_list("pk", "producer_group_id", "stage_id", "created_at")
        ]

    @cached_property
    def stage_changes(self) -> dict[int, list[tuple[dt.date, str | None, str]]]:
        """Product id → its moves (day, from stage, to stage), in the order they were made."""
        found: dict[int, list[tuple[dt.date, str | None, str]]] = defaultdict(list)
        rows = StageChange.objects.filter(product__producer_group__in=self._scope())
        for product, moved_on, from_stage, to_stage in rows.order_by("moved_on", "pk").values_list(
            "product_id", "moved_on", "from_stage_id", "to_stage_id"
        ):
            found[product].append((moved_on, from_stage, to_stage))
        return found

    @cached_property
    def stage_positions(self) -> dict[str, int]:
        return dict(Stage.objects.order_by().values_list("code", "position"))

    @cached_property
    def sales(self) -> list[tuple[int, str, dt.date, Decimal]]:
        """(group id, currency, day, total) of the non-void fair sales of products in scope."""
        return sales_at_fairs_by_group_and_day(producer_groups=self._scope(), end=self.last_end)

    @cached_property
    def rates(self) -> RateBook:
        return RateBook({currency for _g, currency, _d, _t in self.sales}, self.programme.currency)

    @cached_property
    def budget(self) -> Decimal | None:
        return ComponentBudget.objects.filter(component__programme=self.programme).aggregate(
            total=Sum("amount")
        )["total"]

    @cached_property
    def spending(self) -> list[tuple[dt.date, Decimal]]:
        """(day, amount in the programme's currency) of disbursements and expenditures."""
        rows = Transaction.objects.filter(programme=self.programme, kind__in=SPENT_TYPES)
        if self.last_end is not None:
            rows = rows.filter(date__lte=self.last_end)
        return list(
            rows.order_by()
            .values_list("date")
            .annotate(total=Sum("amount_in_programme_currency"))
            .order_by("date")
        )


# The computations ----------------------------------------------------------------------------


def _people_trained(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    values = []
    for start, end in spans:
        people: dict[int, tuple[str, str | None]] = {}
        for person, sex, area, ended in data.trainees:
            if start <= ended <= end:
                people[person] = (sex, area)
        by = {(Dimension.SEX.value, category): ZERO for category in SEX_CATEGORIES}
        by.update(_tally((Dimension.SEX.value, sex or NOT_RECORDED) for sex, _a in people.values()))
        by.update(
            _tally((Dimension.AREA.value, area or NOT_RECORDED) for _s, area in people.values())
        )
        values.append(Value(_count(len(people)), by))
    return values


def _stars_at(ratings: list[tuple[dt.date, int]], day: dt.date) -> int | None:
    stars = None
    for rated_on, rating in ratings:  # oldest first; the last one on or before the day wins
        if rated_on > day:
            break
        stars = rating
    return stars


def _products_3_stars(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    groups = data.group_areas
    values = []
    for _start, end in spans:
        counted = [
            group
            for group, ratings in data.ratings.values()
            if (stars := _stars_at(ratings, end)) is not None and stars >= THREE_STARS
        ]
        by = _tally((Dimension.AREA.value, groups.get(g) or NOT_RECORDED) for g in counted)
        values.append(Value(_count(len(counted)), by))
    return values


def stage_on(
    *,
    day: dt.date,
    changes: list[tuple[dt.date, str | None, str]],
    current: str,
    registered_on: dt.date,
) -> str | None:
    """A product's stage at the end of `day`; None when it was not in the registry yet.

    With moves: the stage of the last move made on or before the day; before its first move,
    the stage that move started from (None if the product entered the registry with it).
    Without moves: its current stage, if it entered the registry on or before the day.
    """
    if not changes:
        return current if registered_on <= day else None
    stage: str | None = changes[0][1]
    for moved_on, _from_stage, to_stage in changes:  # in the order they were made
        if moved_on > day:
            break
        stage = to_stage
    return stage


def _products_market_ready(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    positions = data.stage_positions
    if Stage.MARKET_READY not in positions:
        error = _("Cannot compute: there is no stage “%(code)s”.") % {"code": Stage.MARKET_READY}
        return [Value(None, error=error) for _span in spans]
    threshold = positions[Stage.MARKET_READY]
    groups = data.group_areas
    values = []
    for _start, end in spans:
        counted = []
        for product, group, current, registered_on in data.products:
            stage = stage_on(
                day=end,
                changes=data.stage_changes.get(product, []),
                current=current,
                registered_on=registered_on,
            )
            if stage is not None and positions.get(stage, -1) >= threshold:
                counted.append(group)
        by = _tally((Dimension.AREA.value, groups.get(g) or NOT_RECORDED) for g in counted)
        values.append(Value(_count(len(counted)), by))
    return values


def _fair_sales(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    currency = data.programme.currency
    groups = data.group_areas
    values = []
    for start, end in spans:
        total = ZERO
        by: dict[Key, Decimal] = defaultdict(lambda: ZERO)
        try:
            for group, sale_currency, day, amount in data.sales:
                if start <= day <= end:
                    converted = amount * data.rates.rate(sale_currency, day)
                    total += converted
                    by[(Dimension.AREA.value, groups.get(group) or NOT_RECORDED)] += converted
        except CannotCompute as error:
            values.append(Value(None, error=error.message))
            continue
        values.append(
            Value(
                quantize(total, currency),
                {key: quantize(amount, currency) for key, amount in by.items()},
            )
        )
    return values


def _budget_disbursed(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    budget = data.budget
    values = []
    for _start, end in spans:
        if not budget:
            values.append(Value(None))
            continue
        spent = sum((amount for day, amount in data.spending if day <= end), ZERO)
        share = (spent * HUNDRED / budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        values.append(Value(share))
    return values


BATCHES: dict[str, Callable[[ProgrammeData, Sequence[Span]], list[Value]]] = {
    Computation.PEOPLE_TRAINED: _people_trained,
    Computation.PRODUCTS_THREE_STARS: _products_3_stars,
    Computation.PRODUCTS_MARKET_READY: _products_market_ready,
    Computation.FAIR_SALES: _fair_sales,
    Computation.BUDGET_DISBURSED: _budget_disbursed,
}


def compute(
    programme: Programme,
    computation: str,
    spans: Sequence[Span],
    *,
    data: ProgrammeData | None = None,
) -> list[Value]:
    """The values of one computation for each span, reading the data once for all of them."""
    return BATCHES[computation](data or ProgrammeData(programme, spans), spans)


def people_trained(programme: Programme, start: dt.date, end: dt.date) -> Value:
    """Distinct people who were trainees of a training, workshop or study visit of the
    programme that was not cancelled and ended (its actual end, else its planned end) from
    `start` to `end`. A person at two such activities counts once; trainers, facilitators
    and observers do not count. By sex (female, male, not_recorded when left empty) and by
    area: the top-level area (dzongkhag) of the person's producer group, not_recorded when
    the person has no group."""
    return compute(programme, Computation.PEOPLE_TRAINED, [(start, end)])[0]


def products_3_stars(programme: Programme, start: dt.date, end: dt.date) -> Value:
    """Products in scope whose latest rating on or before `end` gave 3 stars or more: a level
    at the end of the period, not what changed during it. By the top-level area of the
    product's producer group."""
    return compute(programme, Computation.PRODUCTS_THREE_STARS, [(start, end)])[0]


def products_market_ready(programme: Programme, start: dt.date, end: dt.date) -> Value:
    """Products in scope at the stage market-ready or a later one (by stage position) at the
    end of `end` (see `stage_on`): a level, not a flow. By the top-level area of the product's
    producer group."""
    return compute(programme, Computation.PRODUCTS_MARKET_READY, [(start, end)])[0]


def fair_sales(programme: Programme, start: dt.date, end: dt.date) -> Value:
    """Non-void sales at fairs of products in scope sold from `start` to `end` (days in the
    programme's time zone), each day's total per currency converted to the programme's
    currency at that day's rate. No rate for a day: the value is None with the reason. By the
    top-level area of the product's producer group."""
    return compute(programme, Computation.FAIR_SALES, [(start, end)])[0]


def budget_disbursed(programme: Programme, start: dt.date, end: dt.date) -> Value:
    """Disbursements and expenditures (in the programme's currency) dated on or before `end`,
    as a percentage of the programme's whole budget (every component, every year), to one
    decimal. None when there is no budget. Not disaggregated."""
    return compute(programme, Computation.BUDGET_DISBURSED, [(start, end)])[0]


# Periods -------------------------------------------------------------------------------------


def period_value(period: Period) -> Value:
    """A period's actual: computed for a computed indicator, else as typed in."""
    indicator = period.indicator
    if indicator.is_computed:
        programme = indicator.result.programme
        return compute(programme, indicator.computation, [(period.start, period.end)])[0]
    by = {
        (row.dimension, row.category): row.actual
        for row in period.disaggregations.all()
        if row.actual is not None
    }
    return Value(period.actual, by)


def period_actual(period: Period) -> Decimal | None:
    """The computed value of a computed indicator's period (None when it cannot be computed:
    see `period_value` for why), else the period's typed-in actual."""
    return period_value(period).total


def period_disaggregated_actuals(period: Period) -> dict[tuple[str, str], Decimal]:
    """(dimension, category) → actual: computed for a computed indicator, else the period's
    disaggregation rows that have an actual."""
    return dict(period_value(period).by)


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
    three for the indicators, their periods and disaggregation rows, one per kind of data the
    computations read, and one for the names of the areas shown.
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

    spans: dict[str, set[Span]] = defaultdict(set)
    for indicator in chosen:
        if indicator.is_computed:
            spans[indicator.computation].update((p.start, p.end) for p in indicator.periods.all())
    data = ProgrammeData(programme, [span for some in spans.values() for span in some])
    computed: dict[tuple[str, Span], Value] = {}
    for computation, some in spans.items():
        ordered = sorted(some)
        values = compute(programme, computation, ordered, data=data)
        computed.update(
            ((computation, span), value) for span, value in zip(ordered, values, strict=True)
        )

    def value_of(indicator: Indicator, period: Period) -> Value:
        if indicator.is_computed:
            return computed[(indicator.computation, (period.start, period.end))]
        return Value(period.actual)

    codes: set[str] = set()
    for indicator in chosen:
        for period in indicator.periods.all():
            codes.update(row.category for row in period.disaggregations.all())
            codes.update(category for _dimension, category in value_of(indicator, period).by)
    areas = _area_names(codes - set(SEX_CATEGORIES))

    rows = []
    for indicator in chosen:
        period_rows = []
        for period in indicator.periods.all():
            value = value_of(indicator, period)
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


def dimensions_of(computation: str) -> tuple[str, ...]:
    """The dimensions a computation is disaggregated by; a typed-in indicator takes any."""
    return DIMENSIONS.get(computation, (Dimension.SEX.value, Dimension.AREA.value))
