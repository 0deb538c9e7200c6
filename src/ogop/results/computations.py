"""Indicator actuals computed from the platform's data instead of typed in.

Each computation gives, for a programme and a period [start, end] (both days included), a
total and its disaggregation by (dimension, category): sex (female, male, not_recorded) or
area (the code of a top-level area: a dzongkhag in Bhutan, a province in Thailand).

The programme's beneficiaries are the producer groups served by its activities that were not
cancelled (`Activity.producer_groups`), plus the groups of the products those activities serve
(`Activity.products`); the products in scope are all the products of those groups. The exact
definitions are in each function's docstring and in docs/results.md.

`programme_indicator_values` computes every period of every indicator of a programme in a
fixed number of queries, whatever the number of periods, products, people or sales: each
computation is one grouped query (a few for sales in several currencies) that counts every
period at once, a column a period, and returns a row per category (sex, top-level area),
never a row per person, product or sale. Their results are kept in the cache the server's
processes share until something they read changes (`kept_figures`, core.freshness), except
the budget disbursed, which reads a few rows.
"""

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, reduce
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models import Value as Literal
from django.db.models.functions import Coalesce, StrIndex, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ogop.core.freshness import FIGURES, PEOPLE, SALES
from ogop.core.money import quantize
from ogop.core.thai import format_date, thai_digits_preferred
from ogop.core.versions import kept
from ogop.fairs.models import SaleTally
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
    Person,
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
ONE_DAY = dt.timedelta(days=1)

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


# The data of a programme --------------------------------------------------------------------


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
    """The programme the computations count for: its beneficiary groups as a subquery, and
    the stages' order, read once."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme

    def scope(self) -> QuerySet[Any]:
        """The beneficiary groups' ids, as a subquery."""
        return beneficiary_groups(self.programme).values("pk")

    @cached_property
    def stage_positions(self) -> dict[str, int]:
        return dict(Stage.objects.order_by().values_list("code", "position"))


def top_area_expression(path: str) -> Case:
    """`top_area_code` in SQL, of the materialised path that the lookup `path` leads to."""
    return Case(
        When(
            Q(**{f"{path}__contains": "/"}),
            then=Substr(path, 1, StrIndex(path, Literal("/")) - 1),
        ),
        default=F(path),
        output_field=CharField(),
    )


def _day_start(day: dt.date) -> dt.datetime:
    """The first moment of a day in the current time zone, the one days are read in."""
    moment = dt.datetime.combine(day, dt.time.min)
    return timezone.make_aware(moment) if settings.USE_TZ else moment


def _during(field: str, start: dt.date, end: dt.date) -> Q:
    """Moments of the days from `start` to `end` (local time): a range an index can serve."""
    return Q(**{f"{field}__gte": _day_start(start), f"{field}__lt": _day_start(end + ONE_DAY)})


def _any(conditions: Iterable[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _column(name: str, index: int) -> str:
    """The name of a span's column in a query that counts every span at once."""
    return f"{name}_{index}"


def _key_order(key: Key) -> tuple[int, int, str]:
    """Sex before area; female, male, not recorded; areas by code, not recorded last."""
    dimension, category = key
    if dimension == Dimension.SEX:
        rank = SEX_CATEGORIES.index(category) if category in SEX_CATEGORIES else len(SEX_CATEGORIES)
        return 0, rank, category
    return 1, int(category == NOT_RECORDED), category


def _in_order(by: dict[Key, Decimal]) -> dict[Key, Decimal]:
    """The categories in a fixed order, whatever order the database gave them in."""
    return {key: by[key] for key in sorted(by, key=_key_order)}


def _area(code: str | None) -> Key:
    return Dimension.AREA.value, code or NOT_RECORDED


def _counts_by_area(rows: Iterable[Mapping[str, Any]], spans: Sequence[Span]) -> list[Value]:
    """Each span's total and count by area, from rows of an area with a count per span."""
    by_span: list[dict[Key, Decimal]] = [{} for _span in spans]
    for row in rows:
        for index, by in enumerate(by_span):
            if number := row[_column("count", index)]:
                by[_area(row["top_area"])] = by.get(_area(row["top_area"]), ZERO) + number
    return [Value(sum(by.values(), ZERO), _in_order(by)) for by in by_span]


# The computations: each counts every span in one grouped query, a column a span --------------


def _trainee_places(programme: Programme) -> QuerySet[Participant]:
    """Trainee places at the programme's trainings, workshops and study visits that were not
    cancelled, with the day each activity ended as `ended` (its actual end, else planned)."""
    return (
        Participant.objects.filter(
            role=ParticipantRole.TRAINEE,
            activity__kind__in=LEARNING_KINDS,
            activity__component__programme=programme,
        )
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .alias(ended=Coalesce("activity__end_actual", "activity__end_planned"))
    )


def _people_trained(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    """Kept in the cache until a person, a place, an activity or an area changes (the
    distinct people of every span take the longest of all the computations to count)."""
    programme = data.programme
    key = f"trained:{programme.pk}:" + ",".join(f"{start}/{end}" for start, end in spans)
    return kept(PEOPLE, key, lambda: _count_people_trained(programme, spans))


def _count_people_trained(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    places = _trainee_places(programme)

    def trained(start: dt.date, end: dt.date) -> QuerySet[Any]:
        return places.filter(Q(ended__gte=start, ended__lte=end)).values("person_id")

    # A row per sex and area: a person is counted once in each span they were trained in.
    trained_in_any = _any(Q(ended__gte=start, ended__lte=end) for start, end in spans)
    rows: Iterable[Mapping[str, Any]] = (
        Person.objects.filter(pk__in=places.filter(trained_in_any).values("person_id"))
        .annotate(top_area=top_area_expression("producer_group__area__path"))
        .order_by()
        .values("sex", "top_area")
        .annotate(
            **{
                _column("count", index): Count("pk", filter=Q(pk__in=trained(start, end)))
                for index, (start, end) in enumerate(spans)
            }
        )
    )
    by_span: list[dict[Key, Decimal]] = [
        {(Dimension.SEX.value, category): ZERO for category in SEX_CATEGORIES} for _span in spans
    ]
    totals = [ZERO for _span in spans]
    for row in rows:
        for index, by in enumerate(by_span):
            if number := row[_column("count", index)]:
                sex = (Dimension.SEX.value, row["sex"] or NOT_RECORDED)
                by[sex] = by.get(sex, ZERO) + number
                by[_area(row["top_area"])] = by.get(_area(row["top_area"]), ZERO) + number
                totals[index] += number
    return [Value(total, _in_order(by)) for total, by in zip(totals, by_span, strict=True)]


def _stars_on(day: dt.date) -> Subquery:
    """The stars of the product's latest rating on or before the day; NULL without one."""
    return Subquery(
        ProductRating.objects.filter(product=OuterRef("pk"), rated_on__lte=day)
        .order_by("-rated_on", "-pk")
        .values("stars")[:1]
    )


def _products_3_stars(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    rows: Iterable[Mapping[str, Any]] = (
        Product.objects.filter(producer_group__in=data.scope())
        .alias(**{_column("stars", index): _stars_on(end) for index, (_s, end) in enumerate(spans)})
        .annotate(top_area=top_area_expression("producer_group__area__path"))
        .order_by()
        .values("top_area")
        .annotate(
            **{
                _column("count", index): Count(
                    "pk", filter=Q(**{f"{_column('stars', index)}__gte": THREE_STARS})
                )
                for index in range(len(spans))
            }
        )
    )
    return _counts_by_area(rows, spans)


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
    `_stage_at_end_of` says the same in SQL.
    """
    if not changes:
        return current if registered_on <= day else None
    stage: str | None = changes[0][1]
    for moved_on, _from_stage, to_stage in changes:  # in the order they were made
        if moved_on > day:
            break
        stage = to_stage
    return stage


def _stage_at_end_of(day: dt.date) -> Coalesce:
    """`stage_on` for each product, in SQL."""
    moves = StageChange.objects.filter(product=OuterRef("pk"))
    last_move = moves.filter(moved_on__lte=day).order_by("-moved_on", "-pk")
    first_move = moves.order_by("moved_on", "pk")
    return Coalesce(
        Subquery(last_move.values("to_stage")[:1]),
        Case(
            When(Exists(moves), then=Subquery(first_move.values("from_stage")[:1])),
            When(created_at__lt=_day_start(day + ONE_DAY), then=F("stage")),
            default=None,
            output_field=CharField(),
        ),
        output_field=CharField(),
    )


def _products_market_ready(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    positions = data.stage_positions
    if Stage.MARKET_READY not in positions:
        error = _("Cannot compute: there is no stage “%(code)s”.") % {"code": Stage.MARKET_READY}
        return [Value(None, error=error) for _span in spans]
    threshold = positions[Stage.MARKET_READY]
    ready = sorted(code for code, position in positions.items() if position >= threshold)
    rows: Iterable[Mapping[str, Any]] = (
        Product.objects.filter(producer_group__in=data.scope())
        .alias(
            **{
                _column("stage", index): _stage_at_end_of(end)
                for index, (_s, end) in enumerate(spans)
            }
        )
        .annotate(top_area=top_area_expression("producer_group__area__path"))
        .order_by()
        .values("top_area")
        .annotate(
            **{
                _column("count", index): Count(
                    "pk", filter=Q(**{f"{_column('stage', index)}__in": ready})
                )
                for index in range(len(spans))
            }
        )
    )
    return _counts_by_area(rows, spans)


def _fair_sales(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    """Sales in the programme's currency summed by area for each span; those in another
    currency summed by group and day, each day's converted at that day's rate. Read from the
    sales' daily tallies, where a sale's day is its day at the fair."""
    currency = data.programme.currency
    sales = SaleTally.objects.filter(
        _any(Q(day__gte=start, day__lte=end) for start, end in spans),
        voided=False,
        exhibit__product__producer_group__in=data.scope(),
    )
    area = top_area_expression("exhibit__product__producer_group__area__path")
    # A span's sum is NULL when the area sold nothing in it, zero when it sold for nothing.
    rows: Iterable[Mapping[str, Any]] = (
        sales.annotate(top_area=area)
        .order_by()
        .values("top_area", "currency")
        .annotate(
            **{
                _column("total", index): Sum("total", filter=Q(day__gte=start, day__lte=end))
                for index, (start, end) in enumerate(spans)
            }
        )
    )
    by_span: list[dict[Key, Decimal]] = [{} for _span in spans]
    foreign = set()
    for row in rows:
        if row["currency"] != currency:
            foreign.add(row["currency"])
            continue
        for index, by in enumerate(by_span):
            if (total := row[_column("total", index)]) is not None:
                key = _area(row["top_area"])
                by[key] = by.get(key, ZERO) + total

    errors: list[str] = ["" for _span in spans]
    if foreign:
        days = (
            sales.filter(currency__in=foreign)
            .annotate(top_area=area)
            .order_by()
            .values_list("day", "exhibit__product__producer_group", "currency", "top_area")
            .annotate(total=Sum("total"))
            .order_by("day", "exhibit__product__producer_group", "currency")
        )
        rates = RateBook(foreign, currency)
        for day, _group, sale_currency, area_code, amount in days:
            for index, (start, end) in enumerate(spans):
                if errors[index] or not start <= day <= end:
                    continue
                try:
                    converted = (amount or ZERO) * rates.rate(sale_currency, day)
                except CannotCompute as error:
                    errors[index] = error.message
                    continue
                key = _area(area_code)
                by_span[index][key] = by_span[index].get(key, ZERO) + converted

    values = []
    for by, reason in zip(by_span, errors, strict=True):
        if reason:
            values.append(Value(None, error=reason))
            continue
        total = quantize(sum(by.values(), ZERO), currency)
        values.append(
            Value(total, _in_order({key: quantize(amount, currency) for key, amount in by.items()}))
        )
    return values


def _budget_disbursed(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
    programme = data.programme
    budget = ComponentBudget.objects.filter(component__programme=programme).aggregate(
        total=Sum("amount")
    )["total"]
    if not budget:
        return [Value(None) for _span in spans]
    spent = Transaction.objects.filter(programme=programme, kind__in=SPENT_TYPES).aggregate(
        **{
            _column("spent", index): Sum("amount_in_programme_currency", filter=Q(date__lte=end))
            for index, (_start, end) in enumerate(spans)
        }
    )
    values = []
    for index in range(len(spans)):
        share = (spent[_column("spent", index)] or ZERO) * HUNDRED / budget
        values.append(Value(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)))
    return values


Batch = Callable[[ProgrammeData, Sequence[Span]], list[Value]]

# The versions (core.versions) of all that the computations over the registry and the sales
# read: kept figures are retired by any write to them.
FIGURE_VERSIONS = (FIGURES, PEOPLE, SALES)


def kept_figures(batch: Batch) -> Batch:
    """The computation, kept in the cache under the versions of all it reads. The key holds
    the rest: the programme, its currency, the reader's language and digits (of the reasons
    a value cannot be computed, which hold dates) and the spans."""

    def compute_or_read(data: ProgrammeData, spans: Sequence[Span]) -> list[Value]:
        programme = data.programme
        key = ":".join(
            [
                batch.__name__,
                str(programme.pk),
                programme.currency,
                get_language() or "",
                str(thai_digits_preferred.get()),
                *(f"{start}/{end}" for start, end in spans),
            ]
        )
        return kept(FIGURE_VERSIONS, key, lambda: batch(data, spans))

    return compute_or_read


BATCHES: dict[str, Batch] = {
    Computation.PEOPLE_TRAINED: _people_trained,
    Computation.PRODUCTS_THREE_STARS: kept_figures(_products_3_stars),
    Computation.PRODUCTS_MARKET_READY: kept_figures(_products_market_ready),
    Computation.FAIR_SALES: kept_figures(_fair_sales),
    Computation.BUDGET_DISBURSED: _budget_disbursed,
}


def compute(
    programme: Programme,
    computation: str,
    spans: Sequence[Span],
    *,
    data: ProgrammeData | None = None,
) -> list[Value]:
    """The values of one computation for each span, all spans counted in the same query (or
    few: see each computation)."""
    if not spans:
        return []
    return BATCHES[computation](data or ProgrammeData(programme), spans)


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
    """Non-void sales at fairs of products in scope sold from `start` to `end` (each sale's
    day at its fair, in the fair's time zone), each day's total per currency converted to
    the programme's currency at that day's rate. No rate for a day: the value is None with
    the reason. By the top-level area of the product's producer group."""
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


def compute_all(
    programme: Programme, periods: Iterable[tuple[str, dt.date, dt.date]]
) -> dict[tuple[str, Span], Value]:
    """The value of each (computation, start, end), by (computation, (start, end)): each
    computation counts all of its spans at once."""
    spans: dict[str, set[Span]] = defaultdict(set)
    for computation, start, end in periods:
        spans[computation].add((start, end))
    data = ProgrammeData(programme)
    computed: dict[tuple[str, Span], Value] = {}
    for computation, some in spans.items():
        ordered = sorted(some)
        values = compute(programme, computation, ordered, data=data)
        computed.update(
            ((computation, span), value) for span, value in zip(ordered, values, strict=True)
        )
    return computed


def programme_computed_values(programme: Programme) -> dict[tuple[str, Span], Value]:
    """The value of every period of the programme's computed indicators, by (computation,
    (start, end)), in one query for the periods and a few for each computation."""
    periods = (
        Period.objects.filter(indicator__result__programme=programme)
        .exclude(indicator__computation=Computation.MANUAL)
        .order_by()
        .values_list("indicator__computation", "start", "end")
        .distinct()
    )
    return compute_all(programme, periods)


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
