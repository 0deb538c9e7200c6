"""The programme's metrics: whom it serves, the people it trained, the budget it disbursed.

The programme's beneficiaries are the producer groups served by its activities that were not
cancelled (`Activity.producer_groups`), plus the groups of the products those activities
serve (`Activity.products`); the products in scope are all the products of those groups.
Each metric counts every span at once (see `ogop.core.metrics`); the exact definitions are
in each function's docstring and in docs/results.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ogop.core.freshness import PART_SIZE, PEOPLE, SERVED, TRAINED, part_of, part_versions
from ogop.core.metrics import (
    NOT_RECORDED,
    SEX,
    ZERO,
    Key,
    Span,
    Value,
    area_key,
    column,
    top_area_code,
)
from ogop.core.versions import kept, kept_parts, pending
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


def served_digest(programme: Programme) -> str:
    """A digest of the ids of the groups the programme serves (`beneficiary_groups`), kept
    until an activity, a component or a product is written: the key of every figure over
    them, which an activity saved without changing them leaves kept."""

    if pending(SERVED):  # every figure keyed by it is counted afresh here, and not kept
        return ""

    def digest() -> str:
        live = Activity.objects.filter(component__programme=programme).exclude(
            status=ActivityStatus.CANCELLED
        )
        ids = set(live.values_list("producer_groups", flat=True))
        ids |= set(live.values_list("products__producer_group", flat=True))
        ids.discard(None)
        text = ",".join(str(pk) for pk in sorted(ids))
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    return kept(SERVED, f"served:{programme.pk}", digest)


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


# The people trained, counted from parts kept apart ----------------------------------------------
#
# Counting the distinct people of every span reads every trainee place (200,000 at national
# scale): too slow to do again after each trainee recorded. So the people and their trainee
# places are kept in parts (core.freshness.PARTED), a part for the people of a range of ids:
# a person is counted within their own part, and the people trained are the sums of the
# parts' counts. Each part's counts are kept for the activities as they are (the spans each
# one ended in): recording a trainee recounts one part; changing an activity recounts every
# part from the kept rows, reading none from the database. The activities, a few thousand
# rows, are read afresh each time. Parts and counts are kept under PEOPLE, which declares all
# they read, and under the parts' versions.

# One person and their trainee places: sex as recorded, the top-level area of their group
# (None without one), and the activities they were trainees of.
TraineeRow = tuple[str, str | None, tuple[int, ...]]


@dataclass(frozen=True)
class Trained:
    """Distinct people trained: how many by sex as recorded ('' when not), and by the code of
    the top-level area of their producer group (None without one)."""

    by_sex: Counter[str]
    by_area: Counter[str | None]


def _trainee_parts(numbers: list[int]) -> dict[int, list[TraineeRow]]:
    """The trainees of each part, each with their trainee places, read in one query."""
    bounds = Q()
    for number in numbers:
        first, last = number * PART_SIZE, (number + 1) * PART_SIZE
        # The range on both tables, so that each is read from its index.
        bounds |= Q(
            pk__gte=first,
            pk__lt=last,
            participations__person_id__gte=first,
            participations__person_id__lt=last,
        )
    people: dict[int, tuple[str, str | None, list[int]]] = {}
    for person_id, activity_id, sex, path in (
        Person.objects.filter(bounds, participations__role=ParticipantRole.TRAINEE)
        .values_list("pk", "participations__activity_id", "sex", "producer_group__area__path")
        .order_by()
    ):
        if person_id not in people:
            people[person_id] = (sex, top_area_code(path), [])
        people[person_id][2].append(activity_id)
    found: dict[int, list[TraineeRow]] = {number: [] for number in numbers}
    for person_id, (sex, area, activities) in people.items():
        found[part_of(person_id)].append((sex, area, tuple(activities)))
    return found


def _count_part(rows: list[TraineeRow], masks: Mapping[int, int], spans: int) -> list[Trained]:
    """A part's distinct trainees of each span, and of any (the last)."""
    by_mask: Counter[tuple[str, str | None, int]] = Counter()
    for sex, area, activities in rows:
        mask = 0
        for activity_id in activities:
            mask |= masks.get(activity_id, 0)
        if mask:
            by_mask[(sex, area, mask)] += 1
    counted = [Trained(Counter(), Counter()) for _index in range(spans + 1)]
    for (sex, area, mask), number in by_mask.items():
        for index, counts in enumerate(counted):
            if mask >> index & 1:
                counts.by_sex[sex] += number
                counts.by_area[area] += number
    return counted


def trained(programme: Programme, spans: Sequence[Span]) -> list[Trained]:
    """The distinct trainees (`trainee_places`) of each span: of an activity that ended in
    it; then, last, of any activity whenever it ended. Kept under PEOPLE and the versions of
    the parts (the latest of any, and the one a write that names no row renews)."""
    key = f"trained:{programme.pk}:" + ",".join(f"{start}/{end}" for start, end in spans)
    parts = (f"{TRAINED}/*", f"{TRAINED}/+")
    return kept(PEOPLE, key, lambda: _count_trained(programme, spans), parts=parts)


def _count_trained(programme: Programme, spans: Sequence[Span]) -> list[Trained]:
    # The spans each activity that counts ended in, as bits (the last bit: any time); with
    # the last person's id, which says how many parts there are.
    any_time = 1 << len(spans)
    activities = list(
        Activity.objects.filter(component__programme=programme, kind__in=LEARNING_KINDS)
        .exclude(status=ActivityStatus.CANCELLED)
        .annotate(
            ended=Coalesce("end_actual", "end_planned"),
            last_person=Subquery(Person.objects.order_by("-pk").values("pk")[:1]),
        )
        .values_list("pk", "ended", "last_person")
        .order_by("pk")
    )
    last_person = activities[0][2] if activities else None
    if last_person is None:  # no activity that counts, or no one
        return [Trained(Counter(), Counter()) for _index in range(len(spans) + 1)]
    masks = {
        pk: any_time
        | sum(1 << index for index, (start, end) in enumerate(spans) if start <= ended <= end)
        for pk, ended, _last in activities
    }
    versions = part_versions(TRAINED, list(range(part_of(last_person) + 1)))
    digest = hashlib.sha256(repr(sorted(masks.items())).encode()).hexdigest()[:32]

    def count(numbers: list[int]) -> dict[int, list[Trained]]:
        rows = kept_parts(PEOPLE, {n: versions[n] for n in numbers}, "rows", _trainee_parts)
        return {number: _count_part(rows[number], masks, len(spans)) for number in numbers}

    counted = [Trained(Counter(), Counter()) for _index in range(len(spans) + 1)]
    for part in kept_parts(PEOPLE, versions, f"counts:{digest}", count).values():
        for total, counts in zip(counted, part, strict=True):
            total.by_sex.update(counts.by_sex)
            total.by_area.update(counts.by_area)
    return counted


def trainees_by_sex(programme: Programme, spans: Sequence[Span] = ()) -> dict[str, int]:
    """The programme's trainees by sex as recorded ('' when not), each person counted once.
    Counted with the distinct people of `spans` (those of the indicator of people trained,
    whose count is then kept once for both), or alone."""
    return dict(trained(programme, spans)[-1].by_sex)


def people_trained(programme: Programme, spans: Sequence[Span]) -> list[Value]:
    """Distinct people who were trainees (`trainee_places`) of an activity that ended in
    each span; a person counts once a span. By sex (female, male, not_recorded) and by the
    top-level area of the person's producer group (not_recorded without one)."""
    values = []
    for counts in trained(programme, spans)[:-1]:
        by: dict[Key, Decimal] = {(SEX, category): ZERO for category in SEX_CATEGORIES}
        for sex, number in counts.by_sex.items():
            by[(SEX, sex or NOT_RECORDED)] += number
        for area, number in counts.by_area.items():
            by[area_key(area)] = by.get(area_key(area), ZERO) + number
        values.append(Value(ZERO + sum(counts.by_sex.values()), by))
    return values


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
