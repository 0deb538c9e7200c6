"""The fairs' metrics: what the products sold at fairs.

Each metric counts every span at once (see `ogop.core.metrics`), for the products of the
producer groups in `groups` (a subquery of their ids).
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from ogop.core.metrics import (
    ZERO,
    CannotCompute,
    Key,
    Span,
    Value,
    any_of,
    area_key,
    column,
    top_area_expression,
)
from ogop.core.money import quantize
from ogop.fairs.models import SaleTally

# Units of the reporting currency one unit of a currency was worth on a day; raises
# CannotCompute when no rate says.
Rate = Callable[[str, dt.date], Decimal]
# The rates of some currencies, read at once.
Rates = Callable[[set[str]], Rate]


def fair_sales(
    groups: QuerySet[Any], spans: Sequence[Span], *, currency: str, rates: Rates
) -> list[Value]:
    """Non-void sales at fairs of products of the groups sold in each span (each sale's day
    at its fair, in the fair's time zone), each day's total per currency converted to
    `currency` at that day's rate. No rate for a day: the value is None with the reason. By
    the top-level area of the product's producer group. `rates` reads the rates of the
    currencies sold in, when there are some besides `currency`.

    Sales in `currency` are summed by area for each span; those in another currency are
    summed by group and day, each day's converted at that day's rate. Read from the sales'
    daily tallies, where a sale's day is its day at the fair."""
    sales = SaleTally.objects.filter(
        any_of(Q(day__gte=start, day__lte=end) for start, end in spans),
        voided=False,
        exhibit__product__producer_group__in=groups,
    )
    area = top_area_expression("exhibit__product__producer_group__area__path")
    # A span's sum is NULL when the area sold nothing in it, zero when it sold for nothing.
    rows: Iterable[Mapping[str, Any]] = (
        sales.annotate(top_area=area)
        .order_by()
        .values("top_area", "currency")
        .annotate(
            **{
                column("total", index): Sum("total", filter=Q(day__gte=start, day__lte=end))
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
            if (total := row[column("total", index)]) is not None:
                key = area_key(row["top_area"])
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
        rate = rates(foreign)
        for day, _group, sale_currency, area_code, amount in days:
            for index, (start, end) in enumerate(spans):
                if errors[index] or not start <= day <= end:
                    continue
                try:
                    converted = (amount or ZERO) * rate(sale_currency, day)
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
