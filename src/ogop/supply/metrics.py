"""The supply's metrics: what the producer groups earned from OGOP's buying, who benefited, and
how much was bought from them.

Each metric counts every span at once (see `ogop.core.metrics`), for the producer groups in
`groups` (a subquery of their ids), by the top-level area (dzongkhag) of the group.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from ogop.core.metrics import (
    SEX,
    ZERO,
    Key,
    Rates,
    Span,
    Value,
    any_of,
    area_key,
    by_area,
    column,
    money_by_area,
    top_area_expression,
)
from ogop.core.thai import plain_number
from ogop.producers.models import ProducerGroup
from ogop.producers.selectors import members_on
from ogop.supply.models import Payment, Purchase

# The categories of the members' breakdown by sex, and the group's field that counts each.
MEMBERS = (("female", "members_female"), ("male", "members_male"))


def _within(day: str, start: Any, end: Any) -> Q:
    return Q(**{f"{day}__gte": start, f"{day}__lte": end})


def _payments(groups: QuerySet[Any], spans: Sequence[Span]) -> QuerySet[Payment]:
    return Payment.objects.filter(
        any_of(_within("paid_on", start, end) for start, end in spans), group__in=groups
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
    return by_area(
        _payments(groups, spans),
        path="group__area__path",
        aggregates=[
            Count("group", distinct=True, filter=_within("paid_on", start, end))
            for start, end in spans
        ],
    )


def members_paid(groups: QuerySet[Any], spans: Sequence[Span]) -> list[Value]:
    """Members of the groups paid at least once in each span: the people who benefited, by
    sex, and by area. A group counts once a span, with its members as they stood on the day
    of its first payment in the span (`members_on`, from the group's history): members who
    joined after that day do not count in that span, members who left after it still do.
    In one grouped query, a row per area."""
    first = [
        Subquery(
            Payment.objects.filter(_within("paid_on", start, end), group=OuterRef("pk"))
            .order_by("paid_on")
            .values("paid_on")[:1]
        )
        for start, end in spans
    ]
    paid = ProducerGroup.objects.filter(pk__in=groups).filter(
        pk__in=_payments(groups, spans).values("group")
    )
    rows: Iterable[Mapping[str, Any]] = (
        paid.annotate(
            top_area=top_area_expression("area__path"),
            **{column("first", index): day for index, day in enumerate(first)},
        )
        .order_by()
        .values("top_area")
        .annotate(
            **{
                column(sex, index): Sum(
                    members_on(field, column("first", index)),
                    filter=Q(**{f"{column('first', index)}__isnull": False}),
                )
                for index in range(len(spans))
                for sex, field in MEMBERS
            }
        )
    )
    by_span: list[dict[Key, Decimal]] = [
        {(SEX, sex): ZERO for sex, _field in MEMBERS} for _span in spans
    ]
    for row in rows:
        for index, by in enumerate(by_span):
            for sex, _field in MEMBERS:
                if number := row[column(sex, index)]:
                    by[(SEX, sex)] += number
                    key = area_key(row["top_area"])
                    by[key] = by.get(key, ZERO) + number
    return [Value(sum((by[(SEX, sex)] for sex, _field in MEMBERS), ZERO), by) for by in by_span]


def bought(groups: QuerySet[Any], spans: Sequence[Span], *, unit: str) -> list[Value]:
    """The quantity bought from the groups in each span (by the day it was bought), of the
    purchases in `unit` (kg, litres or pieces: never added across units), whether paid yet
    or not. By area."""
    purchases = Purchase.objects.filter(
        any_of(_within("bought_on", start, end) for start, end in spans),
        group__in=groups,
        unit=unit,
    )
    values = by_area(
        purchases,
        path="group__area__path",
        aggregates=[
            Sum("quantity", filter=_within("bought_on", start, end)) for start, end in spans
        ],
    )
    # Without the zeros the column keeps after the point, which one database returns and
    # another does not: 120.5 kg on both.
    return [
        Value(plain_number(value.total or ZERO), {k: plain_number(n) for k, n in value.by.items()})
        for value in values
    ]
