"""The fairs' metrics: what the products sold at fairs.

Each metric counts every span at once (see `ogop.core.metrics`), for the products of the
producer groups in `groups` (a subquery of their ids).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet

from ogop.core.metrics import Rates, Span, Value, any_of, money_by_area
from ogop.fairs.models import SaleTally


def fair_sales(
    groups: QuerySet[Any], spans: Sequence[Span], *, currency: str, rates: Rates
) -> list[Value]:
    """Non-void sales at fairs of products of the groups sold in each span (each sale's day
    at its fair, in the fair's time zone), each day's total per currency converted to
    `currency` at that day's rate. No rate for a day: the value is None with the reason. By
    the top-level area of the product's producer group. `rates` reads the rates of the
    currencies sold in, when there are some besides `currency`. Read from the sales' daily
    tallies, where a sale's day is its day at the fair (see `money_by_area`)."""
    sales = SaleTally.objects.filter(
        any_of(Q(day__gte=start, day__lte=end) for start, end in spans),
        voided=False,
        exhibit__product__producer_group__in=groups,
    )
    return money_by_area(
        sales,
        spans,
        day="day",
        amount="total",
        group="exhibit__product__producer_group",
        currency=currency,
        rates=rates,
    )
