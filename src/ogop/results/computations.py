"""Indicator actuals computed from the platform's data instead of typed in: which metric each
computation names, for which periods, and the figures kept in the cache.

The metrics themselves are selectors of the apps that own the data they count
(`programme.metrics`: people trained, budget disbursed, the programme's beneficiaries;
`products.metrics`: products market-ready; `rating.metrics`: products with 3 stars or more;
`fairs.metrics`: sales at fairs; `supply.metrics`: money paid to producer groups, the groups
paid and their members, and the quantities bought from them), each counting every span at once
(`ogop.core.metrics`).
The exact definitions are in their docstrings and in docs/results.md.

`programme_computed_values` computes every period of every computed indicator of a programme
in a fixed number of queries, whatever the number of periods, products, people or sales: each
computation is one grouped query (a few for sales in several currencies) that counts every
period at once. Their results are kept in the cache the server's processes share until
something they read changes (`kept_figures`, core.freshness), except the budget disbursed,
which reads a few rows. `period_value` is a period's actual, for every page, report and
export.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ogop.core.freshness import FIGURES, PAYMENTS, PURCHASES, SALES, SERVED
from ogop.core.metrics import NOT_RECORDED, CannotCompute, Key, Rate, Rates, Span, Value
from ogop.core.thai import format_date, thai_digits_preferred
from ogop.core.versions import kept
from ogop.fairs import metrics as fairs_metrics
from ogop.products import metrics as products_metrics
from ogop.programme import metrics as programme_metrics
from ogop.programme.models import Programme
from ogop.programme.money import NoRate, RateBook
from ogop.rating import metrics as rating_metrics
from ogop.results.models import Computation, Dimension, Period
from ogop.supply import metrics as supply_metrics
from ogop.supply.models import Unit

SEX_CATEGORIES = programme_metrics.SEX_CATEGORIES
# The dimensions each computation is disaggregated by.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    Computation.PEOPLE_TRAINED: (Dimension.SEX, Dimension.AREA),
    Computation.PRODUCTS_THREE_STARS: (Dimension.AREA,),
    Computation.PRODUCTS_MARKET_READY: (Dimension.AREA,),
    Computation.FAIR_SALES: (Dimension.AREA,),
    Computation.BUDGET_DISBURSED: (),
    Computation.PAID_TO_GROUPS: (Dimension.AREA,),
    Computation.GROUPS_PAID: (Dimension.AREA,),
    Computation.MEMBERS_PAID: (Dimension.SEX, Dimension.AREA),
    Computation.BOUGHT_KG: (Dimension.AREA,),
    Computation.BOUGHT_LITRES: (Dimension.AREA,),
    Computation.BOUGHT_PIECES: (Dimension.AREA,),
}


def _key_order(key: Key) -> tuple[int, int, str]:
    """Sex before area; female, male, not recorded; areas by code, not recorded last."""
    dimension, category = key
    if dimension == Dimension.SEX:
        rank = SEX_CATEGORIES.index(category) if category in SEX_CATEGORIES else len(SEX_CATEGORIES)
        return 0, rank, category
    return 1, int(category == NOT_RECORDED), category


def _in_order(value: Value) -> Value:
    """The categories in a fixed order, whatever order the database gave them in."""
    return replace(value, by={key: value.by[key] for key in sorted(value.by, key=_key_order)})


# The metric each computation names ------------------------------------------------------------


def _scope(programme: Programme) -> QuerySet[Any]:
    """The programme's beneficiary groups' ids, as a subquery."""
    return programme_metrics.beneficiary_groups(programme).values("pk")


def _rates(quote: str) -> Rates:
    """How sales in other currencies are converted into `quote`: at each day's rate, read
    once for all of them."""

    def read(currencies: set[str]) -> Rate:
        book = RateBook(currencies, quote)

        def rate(currency: str, day: dt.date) -> Decimal:
            try:
                return book.rate(currency, day)
            except NoRate as missing:
                raise CannotCompute(
                    _(
                        "Cannot compute: there is no exchange rate from %(currency)s to "
                        "%(quote)s on or before %(day)s."
                    )
                    % {"currency": currency, "quote": quote, "day": format_date(day)}
                ) from missing

        return rate

    return read


def _people_trained(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    """Kept apart, in parts (programme.metrics.trained): the distinct people of every span
    take the longest of all the computations to count."""
    return programme_metrics.people_trained(programme, spans)


def _products_3_stars(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return rating_metrics.products_3_stars(_scope(programme), spans)


def _products_market_ready(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return products_metrics.products_market_ready(_scope(programme), spans)


def _fair_sales(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    currency = programme.currency
    return fairs_metrics.fair_sales(
        _scope(programme), spans, currency=currency, rates=_rates(currency)
    )


def _paid_to_groups(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    currency = programme.currency
    return supply_metrics.paid_to_groups(
        _scope(programme), spans, currency=currency, rates=_rates(currency)
    )


def _groups_paid(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return supply_metrics.groups_paid(_scope(programme), spans)


def _members_paid(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return supply_metrics.members_paid(_scope(programme), spans)


def _bought_kg(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return supply_metrics.bought(_scope(programme), spans, unit=Unit.KG)


def _bought_litres(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return supply_metrics.bought(_scope(programme), spans, unit=Unit.LITRE)


def _bought_pieces(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return supply_metrics.bought(_scope(programme), spans, unit=Unit.PIECE)


def _budget_disbursed(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    return programme_metrics.budget_disbursed(programme, spans)


Batch = Callable[[Programme, Sequence[Span]], list[Value]]


def kept_figures(batch: Batch, *names: str) -> Batch:
    """The computation, kept in the cache under the versions of the names (core.freshness)
    that declare all it reads but whom the programme serves: a write to any of them retires
    it. The key holds the rest: the programme, the groups it serves (their digest), its
    currency, the reader's language and digits (of the reasons a value cannot be computed,
    which hold dates) and the spans."""

    def compute_or_read(programme: Programme, spans: Sequence[Span]) -> list[Value]:
        key = ":".join(
            [
                batch.__name__,
                str(programme.pk),
                programme_metrics.served_digest(programme),
                programme.currency,
                get_language() or "",
                str(thai_digits_preferred.get()),
                *(f"{start}/{end}" for start, end in spans),
            ]
        )
        return kept(names, key, lambda: batch(programme, spans), covered=(SERVED,))

    return compute_or_read


BATCHES: dict[str, Batch] = {
    Computation.PEOPLE_TRAINED: _people_trained,
    Computation.PRODUCTS_THREE_STARS: kept_figures(_products_3_stars, FIGURES),
    Computation.PRODUCTS_MARKET_READY: kept_figures(_products_market_ready, FIGURES),
    Computation.FAIR_SALES: kept_figures(_fair_sales, FIGURES, SALES),
    Computation.BUDGET_DISBURSED: _budget_disbursed,
    Computation.PAID_TO_GROUPS: kept_figures(_paid_to_groups, FIGURES, PAYMENTS),
    Computation.GROUPS_PAID: kept_figures(_groups_paid, FIGURES, PAYMENTS),
    Computation.MEMBERS_PAID: kept_figures(_members_paid, FIGURES, PAYMENTS),
    Computation.BOUGHT_KG: kept_figures(_bought_kg, FIGURES, PURCHASES),
    Computation.BOUGHT_LITRES: kept_figures(_bought_litres, FIGURES, PURCHASES),
    Computation.BOUGHT_PIECES: kept_figures(_bought_pieces, FIGURES, PURCHASES),
}


def compute(programme: Programme, computation: str, spans: Sequence[Span]) -> list[Value]:
    """The values of one computation for each span, all spans counted in the same query (or
    few: see each metric)."""
    if not spans:
        return []
    return [_in_order(value) for value in BATCHES[computation](programme, spans)]


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


Computed = Mapping[tuple[str, Span], Value]


def period_value(period: Period, *, computed: Computed | None = None) -> Value:
    """A period's actual and its breakdown: computed for a computed indicator, else as typed
    in. `computed` holds the programme's computed values counted at once (see
    `programme_computed_values`); without it, the period's value is computed alone. The
    dashboard, the programme's report, the results pages and the IATI file all read this."""
    indicator = period.indicator
    if indicator.is_computed:
        span = (period.start, period.end)
        if computed is None:
            return compute(indicator.result.programme, indicator.computation, [span])[0]
        return computed[(indicator.computation, span)]
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


def compute_all(
    programme: Programme, periods: Iterable[tuple[str, dt.date, dt.date]]
) -> dict[tuple[str, Span], Value]:
    """The value of each (computation, start, end), by (computation, (start, end)): each
    computation counts all of its spans at once."""
    spans: dict[str, set[Span]] = defaultdict(set)
    for computation, start, end in periods:
        spans[computation].add((start, end))
    computed: dict[tuple[str, Span], Value] = {}
    for computation, some in spans.items():
        ordered = sorted(some)
        values = compute(programme, computation, ordered)
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


def computed_spans(programme: Programme, computation: str) -> list[Span]:
    """The spans of the periods of the programme's indicators of a computation, as
    `programme_computed_values` counts them."""
    return sorted(
        set(
            Period.objects.filter(
                indicator__result__programme=programme, indicator__computation=computation
            ).values_list("start", "end")
        )
    )


def dimensions_of(computation: str) -> tuple[str, ...]:
    """The dimensions a computation is disaggregated by; a typed-in indicator takes any."""
    return DIMENSIONS.get(computation, (Dimension.SEX.value, Dimension.AREA.value))
