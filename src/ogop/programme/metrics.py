"""The programme's metrics: whom it serves, the people it trained, the budget it disbursed.

The programme's beneficiaries are the producer groups served by its activities that were not
cancelled (`Activity.producer_groups`), plus the groups of the products those activities
serve (`Activity.products`); the products in scope are all the products of those groups.
Each metric counts every span at once (see `ogop.core.metrics`); the exact definitions are
in each function's docstring and in docs/results.md.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ogop.core.metrics import (
    NOT_RECORDED,
    SEX,
    ZERO,
    Key,
    Span,
    Value,
    any_of,
    area_key,
    column,
    top_area_expression,
)
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.models import (
    LEARNING_KINDS,
    SPENT_TYPES,
    Activity,
    ActivityStatus,
    ComponentBudget,
    Participant,
    ParticipantRole,
    Person,
    Programme,
    Sex,
    Transaction,
)

HUNDRED = Decimal(100)
SEX_CATEGORIES = (Sex.FEMALE.value, Sex.MALE.value, NOT_RECORDED)


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


def trainee_places(programme: Programme) -> QuerySet[Participant]:
    """Who counts as a trainee: a trainee's place at one of the programme's trainings,
    workshops and study visits that was not cancelled; with the day that activity ended as
    `ended` (its actual end, else its planned end). The dashboard, the programme's report
    and the people-trained indicator all count these."""
    return (
        Participant.objects.filter(
            role=ParticipantRole.TRAINEE,
            activity__kind__in=LEARNING_KINDS,
            activity__component__programme=programme,
        )
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .alias(ended=Coalesce("activity__end_actual", "activity__end_planned"))
    )


def trainees_by_sex(programme: Programme) -> dict[str, int]:
    """The programme's trainees by sex as recorded ('' when not), each person counted once:
    the trainees' ids are gathered first, so that each person's row is read once, in order,
    whatever the number of their trainings."""
    trainees = trainee_places(programme).values("person_id")
    return {
        row["sex"]: row["count"]
        for row in Person.objects.filter(pk__in=trainees)
        .values("sex")
        .annotate(count=Count("pk"))
        .order_by()
    }


def people_trained(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    """Distinct people who were trainees (`trainee_places`) of an activity that ended in
    each span; a person counts once a span. By sex (female, male, not_recorded) and by the
    top-level area of the person's producer group (not_recorded without one)."""
    places = trainee_places(programme)

    def trained(start: dt.date, end: dt.date) -> QuerySet[Any]:
        return places.filter(Q(ended__gte=start, ended__lte=end)).values("person_id")

    # A row per sex and area: a person is counted once in each span they were trained in.
    trained_in_any = any_of(Q(ended__gte=start, ended__lte=end) for start, end in spans)
    rows: Iterable[Mapping[str, Any]] = (
        Person.objects.filter(pk__in=places.filter(trained_in_any).values("person_id"))
        .annotate(top_area=top_area_expression("producer_group__area__path"))
        .order_by()
        .values("sex", "top_area")
        .annotate(
            **{
                column("count", index): Count("pk", filter=Q(pk__in=trained(start, end)))
                for index, (start, end) in enumerate(spans)
            }
        )
    )
    by_span: list[dict[Key, Decimal]] = [
        {(SEX, category): ZERO for category in SEX_CATEGORIES} for _span in spans
    ]
    totals = [ZERO for _span in spans]
    for row in rows:
        for index, by in enumerate(by_span):
            if number := row[column("count", index)]:
                sex = (SEX, row["sex"] or NOT_RECORDED)
                by[sex] = by.get(sex, ZERO) + number
                by[area_key(row["top_area"])] = by.get(area_key(row["top_area"]), ZERO) + number
                totals[index] += number
    return [Value(total, by) for total, by in zip(totals, by_span, strict=True)]


def budget_disbursed(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    """Disbursements and expenditures (in the programme's currency) dated on or before each
    span's end, as a percentage of the programme's whole budget (every component, every
    year), to one decimal. None when there is no budget. Not disaggregated."""
    budget = ComponentBudget.objects.filter(component__programme=programme).aggregate(
        total=Sum("amount")
    )["total"]
    if not budget:
        return [Value(None) for _span in spans]
    spent = Transaction.objects.filter(programme=programme, kind__in=SPENT_TYPES).aggregate(
        **{
            column("spent", index): Sum("amount_in_programme_currency", filter=Q(date__lte=end))
            for index, (_start, end) in enumerate(spans)
        }
    )
    values = []
    for index in range(len(spans)):
        share = (spent[column("spent", index)] or ZERO) * HUNDRED / budget
        values.append(Value(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)))
    return values
