"""The supply's metrics: what the producer groups earned from OGOP's buying.

Each metric counts every span at once (see `ogop.core.metrics`), for the producer groups in
`groups` (a subquery of their ids), by the top-level area (dzongkhag) of the group.
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet

from ogop.core.metrics import (
    Rates,
    Span,
    Value,
    any_of,
    column,
    counts_by_area,
    money_by_area,
    top_area_expression,
)
from ogop.supply.models import Payment


def _payments(groups: QuerySet[Any], spans: Sequence[Span]) -> QuerySet[Payment]:
    return Payment.objects.filter(
        any_of(Q(paid_on__gte=start, paid_on__lte=end) for start, end in spans),
        group__in=groups,
    )


def paid_to_groups(
    groups: QuerySet[Any], spans: Sequence[Span], *, currency: str, rates: Rates
) -> list[Value]:
    """Money paid to the groups in each span (by the day it was paid), each day's payments
    in another currency converted to `currency` at that day's rate. What the farmers earned
    from OGOP: the payments, not the purchases, which may not be paid yet."""
    return money_by_area(
        _payments(groups, spans),
        spans,
        day="paid_on",
        amount="amount",
        group="group",
        currency=currency,
        rates=rates,
    )


def groups_paid(groups: QuerySet[Any], spans: Sequence[Span]) -> list[Value]:
    """Producer groups paid at least once in each span: the groups that benefited."""
    rows = (
        _payments(groups, spans)
        .annotate(top_area=top_area_expression("group__area__path"))
        .order_by()
        .values("top_area")
        .annotate(
            **{
                column("count", index): Count(
                    "group", distinct=True, filter=Q(paid_on__gte=start, paid_on__lte=end)
                )
                for index, (start, end) in enumerate(spans)
            }
        )
    )
    return counts_by_area(rows, spans)
