"""What the metrics of every app share: a value with its breakdown, and the grouped-query
helpers that count every period at once.

A metric gives, for a list of spans [start, end] (both days included), one `Value` a span:
a total and its breakdown by (dimension, category), sex (female, male, not_recorded) or
area (the code of a top-level area: a dzongkhag in Bhutan, a province in Thailand). It
counts every span in one grouped query, a column a span, and reads a row per category,
never a row per person, product or sale. The apps that own the data hold the metrics
(`programme.metrics`, `products.metrics`, `rating.metrics`, `fairs.metrics`,
`supply.metrics`); the results framework names them and keeps their figures
(`ogop.results.computations`).
"""

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import Any

from django.conf import settings
from django.db.models import Aggregate, Case, CharField, Count, F, Q, QuerySet, Sum, When
from django.db.models import Value as Literal
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone

from ogop.core.money import quantize

ZERO = Decimal(0)
ONE_DAY = dt.timedelta(days=1)
# The dimensions of a breakdown (results.models.Dimension).
SEX, AREA = "sex", "area"
# The category of a person whose sex, or whose area, was not recorded: counted, never guessed.
NOT_RECORDED = "not_recorded"

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


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of a day in the current time zone, the one days are read in."""
    moment = dt.datetime.combine(day, dt.time.min)
    return timezone.make_aware(moment) if settings.USE_TZ else moment


def any_of(conditions: Iterable[Q]) -> Q:
    return reduce(operator.or_, conditions)


def column(name: str, index: int) -> str:
    """The name of a span's column in a query that counts every span at once."""
    return f"{name}_{index}"


def area_key(code: str | None) -> Key:
    return AREA, code or NOT_RECORDED


def by_area(items: QuerySet[Any], *, path: str, aggregates: Sequence[Aggregate]) -> list[Value]:
    """Each aggregate (one a span) over the items, in total and by the top-level area of the
    materialised path that the lookup `path` leads to: in one grouped query."""
    rows: Iterable[Mapping[str, Any]] = (
        items.annotate(top_area=top_area_expression(path))
        .order_by()
        .values("top_area")
        .annotate(
            **{column("count", index): aggregate for index, aggregate in enumerate(aggregates)}
        )
    )
    return counts_by_area(rows, aggregates)


def counted_by_area(items: QuerySet[Any], *, path: str, conditions: Sequence[Q]) -> list[Value]:
    """The items that meet each condition (one a span), in total and by the top-level area
    of the materialised path that the lookup `path` leads to: in one grouped query."""
    return by_area(
        items, path=path, aggregates=[Count("pk", filter=condition) for condition in conditions]
    )


def counts_by_area(rows: Iterable[Mapping[str, Any]], spans: Sequence[object]) -> list[Value]:
    """Each span's total and count (or sum) by area, from rows of an area with a count per
    span."""
    by_span: list[dict[Key, Decimal]] = [{} for _span in spans]
    for row in rows:
        for index, by in enumerate(by_span):
            if number := row[column("count", index)]:
                by[area_key(row["top_area"])] = by.get(area_key(row["top_area"]), ZERO) + number
    return [Value(sum(by.values(), ZERO), by) for by in by_span]


# Units of the reporting currency one unit of a currency was worth on a day; raises
# CannotCompute when no rate says.
Rate = Callable[[str, dt.date], Decimal]
# The rates of some currencies, read at once.
Rates = Callable[[set[str]], Rate]


def money_by_area(
    rows: QuerySet[Any],
    spans: Sequence[Span],
    *,
    day: str,
    amount: str,
    group: str,
    currency: str,
    rates: Rates,
) -> list[Value]:
    """The sum of `amount` over the rows of each span (by their `day`), in `currency`, by the
    top-level area of the producer group `group` names; the rows hold a `currency` column.

    Amounts in `currency` are summed by area for each span in one grouped query; those in
    another currency are summed by group and day, each day's converted at that day's rate
    (`rates` reads the rates of those currencies at once). No rate for a day: the span's
    value is None with the reason."""
    area = top_area_expression(f"{group}__area__path")
    # A span's sum is NULL when the area had nothing in it, zero when its amounts were zero.
    totals: Iterable[Mapping[str, Any]] = (
        rows.annotate(top_area=area)
        .order_by()
        .values("top_area", "currency")
        .annotate(
            **{
                column("total", index): Sum(
                    amount, filter=Q(**{f"{day}__gte": start, f"{day}__lte": end})
                )
                for index, (start, end) in enumerate(spans)
            }
        )
    )
    by_span: list[dict[Key, Decimal]] = [{} for _span in spans]
    foreign = set()
    for row in totals:
        if row["currency"] != currency:
            foreign.add(row["currency"])
            continue
        for index, by in enumerate(by_span):
            if (total := row[column("total", index)]) is not None:
                key = area_key(row["top_area"])
                by[key] = by.get(key, ZERO) + total

    errors: list[str] = ["" for _span in spans]
    if foreign:
        days = (
            rows.filter(currency__in=foreign)
            .annotate(top_area=area)
            .order_by()
            .values_list(day, group, "currency", "top_area")
            .annotate(total=Sum(amount))
            .order_by(day, group, "currency")
        )
        rate = rates(foreign)
        for when, _group, row_currency, area_code, total in days:
            for index, (start, end) in enumerate(spans):
                if errors[index] or not start <= when <= end:
                    continue
                try:
                    converted = (total or ZERO) * rate(row_currency, when)
                except CannotCompute as error:
                    errors[index] = error.message
                    continue
                key = area_key(area_code)
                by_span[index][key] = by_span[index].get(key, ZERO) + converted

    values = []
    for by, reason in zip(by_span, errors, strict=True):
        if reason:
            values.append(Value(None, error=reason))
            continue
        total = quantize(sum(by.values(), ZERO), currency)
        values.append(Value(total, {key: quantize(amount, currency) for key, amount in by.items()}))
    return values
