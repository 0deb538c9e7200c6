"""Reads of the programme's work in the field: people, participants, missions, deliveries,
promotion, business plans and twinning, shared by its staff pages.

Each `*_for_user` fetches one object for a user and raises 404 when they may not see it,
403 when they may see it but not do `perm` (as `selectors.programme_for_user` does, which
fetches the programme and its activities for these pages too).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404

from ogop.producers.models import ProducerGroup
from ogop.producers.selectors import represented_group_ids
from ogop.products.models import Product
from ogop.programme.models import (
    LEARNING_KINDS,
    Activity,
    BusinessPlan,
    Delivery,
    Mission,
    Participant,
    Person,
    Programme,
    PromotionItem,
    PromotionKind,
    Sex,
    Twinning,
    TwinningVisit,
)

ONE_PLACE = Decimal("0.1")
# The gain of one participant: NULL unless both tests were taken, so averages skip them.
_GAIN = F("post_score") - F("pre_score")


def _one_place(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(ONE_PLACE)


# Fetching one object for a user --------------------------------------------------------------


def person_for_user(*, user: Any, pk: int, perm: str) -> Person:
    person = Person.objects.select_related("organisation", "producer_group", "user")
    found = person.filter(pk=pk).first()
    if found is None or not user.has_perm("programme.view_person", found):
        raise Http404
    if not user.has_perm(perm, found):
        raise PermissionDenied
    return found


def participant_for_user(*, user: Any, pk: int, perm: str) -> Participant:
    participant = (
        Participant.objects.select_related(
            "person", "activity", "activity__component", "activity__component__programme"
        )
        .filter(pk=pk)
        .first()
    )
    if participant is None or not user.has_perm("programme.view_person", participant.person):
        raise Http404
    if not user.has_perm(perm, participant.person):
        raise PermissionDenied
    return participant


def mission_for_user(*, user: Any, pk: int, perm: str = "programme.view_mission") -> Mission:
    mission = (
        Mission.objects.select_related(
            "person",
            "host_group",
            "host_area",
            "activity",
            "activity__component",
            "activity__component__programme",
        )
        .filter(pk=pk)
        .first()
    )
    if mission is None or not user.has_perm("programme.view_mission", mission):
        raise Http404
    if not user.has_perm(perm, mission):
        raise PermissionDenied
    return mission


def delivery_for_user(*, user: Any, pk: int, perm: str = "programme.view_delivery") -> Delivery:
    delivery = (
        Delivery.objects.select_related(
            "producer_group", "activity", "activity__component", "activity__component__programme"
        )
        .filter(pk=pk)
        .first()
    )
    if delivery is None or not user.has_perm("programme.view_delivery", delivery):
        raise Http404
    if not user.has_perm(perm, delivery):
        raise PermissionDenied
    return delivery


def promotion_item_for_user(*, user: Any, pk: int, perm: str) -> PromotionItem:
    item = PromotionItem.objects.select_related("programme").filter(pk=pk).first()
    if item is None or not user.has_perm("programme.view_promotionitem", item):
        raise Http404
    if not user.has_perm(perm, item):
        raise PermissionDenied
    return item


def twinning_for_user(*, user: Any, pk: int, perm: str = "programme.view_twinning") -> Twinning:
    twinning = (
        Twinning.objects.select_related(
            "programme", "bhutan_group", "bhutan_group__area", "thai_group", "thai_group__area"
        )
        .filter(pk=pk)
        .first()
    )
    if twinning is None or not user.has_perm("programme.view_twinning", twinning):
        raise Http404
    if not user.has_perm(perm, twinning):
        raise PermissionDenied
    return twinning


def twinning_visit_for_user(*, user: Any, pk: int, perm: str) -> TwinningVisit:
    visit = TwinningVisit.objects.select_related("twinning").filter(pk=pk).first()
    if visit is None or not user.has_perm("programme.view_twinning", visit.twinning):
        raise Http404
    if not user.has_perm(perm, visit.twinning):
        raise PermissionDenied
    return visit


def plans_allowed(*, user: Any, product: Product, perm: str) -> None:
    """Raise 403 unless the user may `perm` the business plans of the product's group.
    (The rules read the group from `producer_group_id`, which a product has as a plan does.)"""
    if not user.has_perm(perm, product):
        raise PermissionDenied


# People and participants --------------------------------------------------------------------


def person_list(*, q: str = "") -> QuerySet[Person]:
    people = Person.objects.select_related("organisation", "producer_group", "user")
    if q:
        people = people.filter(name__icontains=q)
    return people.annotate(
        participation_count=Count("participations", distinct=True),
        mission_count=Count("missions", distinct=True),
    ).order_by("name", "pk")


@dataclass(frozen=True)
class SexTotals:
    """Participants counted by sex as recorded; `not_recorded` where it was not."""

    women: int
    men: int
    not_recorded: int
    total: int
    average_gain: Decimal | None


def _sex_totals(participants: QuerySet[Participant]) -> SexTotals:
    totals = participants.aggregate(
        women=Count("pk", filter=Q(person__sex=Sex.FEMALE)),
        men=Count("pk", filter=Q(person__sex=Sex.MALE)),
        not_recorded=Count("pk", filter=Q(person__sex="")),
        total=Count("pk"),
        average_gain=Avg(_GAIN, output_field=DecimalField(max_digits=8, decimal_places=4)),
    )
    return SexTotals(
        women=totals["women"],
        men=totals["men"],
        not_recorded=totals["not_recorded"],
        total=totals["total"],
        average_gain=_one_place(totals["average_gain"]),
    )


def activity_days(activity: Activity) -> tuple[dt.date, dt.date]:
    """The first and last day of the activity: as it happened, else as planned."""
    return (
        activity.start_actual or activity.start_planned,
        activity.end_actual or activity.end_planned,
    )


def participant_list(activity: Activity) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(activity=activity)
        .select_related("person", "person__organisation", "person__producer_group")
        .order_by("person__name", "pk")
    )


def participant_totals(activity: Activity) -> SexTotals:
    return _sex_totals(Participant.objects.filter(activity=activity))


def training_list(programme: Programme) -> list[Activity]:
    """The programme's trainings, workshops and study visits, each with its participants
    counted by sex and their average learning gain (in points, to one place)."""
    gain = "participants__post_score", "participants__pre_score"
    activities: list[Activity] = list(
        Activity.objects.filter(component__programme=programme, kind__in=LEARNING_KINDS)
        .annotate(
            women=Count("participants", filter=Q(participants__person__sex=Sex.FEMALE)),
            men=Count("participants", filter=Q(participants__person__sex=Sex.MALE)),
            not_recorded=Count("participants", filter=Q(participants__person__sex="")),
            participant_count=Count("participants"),
            average_gain=Avg(
                F(gain[0]) - F(gain[1]),
                output_field=DecimalField(max_digits=8, decimal_places=4),
            ),
        )
        .order_by("start_planned", "pk")
    )
    for activity in activities:
        activity.average_gain = _one_place(activity.average_gain)  # type: ignore[attr-defined]  # an attribute set for the template
    return activities


def training_totals(programme: Programme) -> SexTotals:
    return _sex_totals(
        Participant.objects.filter(
            activity__component__programme=programme, activity__kind__in=LEARNING_KINDS
        )
    )


# Missions -----------------------------------------------------------------------------------


def mission_list(programme: Programme) -> QuerySet[Mission]:
    return (
        Mission.objects.filter(activity__component__programme=programme)
        .select_related("person", "host_group", "host_area", "activity")
        .order_by("-start", "pk")
    )


def my_mission_list(user: Any) -> QuerySet[Mission]:
    """The missions of the person whose login the user is."""
    return (
        Mission.objects.filter(person__user=user, person__user__isnull=False)
        .select_related("host_group", "host_area", "activity", "activity__component__programme")
        .order_by("-start", "pk")
    )


# Deliveries ---------------------------------------------------------------------------------


IN_USE = {"yes": True, "no": False}


def delivery_list(
    programme: Programme, *, group: ProducerGroup | None = None, in_use: str = ""
) -> QuerySet[Delivery]:
    """`in_use`: 'yes', 'no', 'unknown' (no visit has said) or '' for all."""
    deliveries = Delivery.objects.filter(activity__component__programme=programme)
    if group is not None:
        deliveries = deliveries.filter(producer_group=group)
    if in_use == "unknown":
        deliveries = deliveries.filter(in_use__isnull=True)
    elif in_use in IN_USE:
        deliveries = deliveries.filter(in_use=IN_USE[in_use])
    return deliveries.select_related("producer_group", "activity").order_by("-delivered_on", "pk")


def delivery_groups(programme: Programme) -> QuerySet[ProducerGroup]:
    """The groups that received something from the programme."""
    delivered = Delivery.objects.filter(activity__component__programme=programme)
    return ProducerGroup.objects.filter(pk__in=delivered.values("producer_group")).order_by(
        "name", "pk"
    )


def my_delivery_list(user: Any) -> QuerySet[Delivery]:
    """What was delivered to the groups the user represents."""
    return (
        Delivery.objects.filter(producer_group_id__in=represented_group_ids(user))
        .select_related("producer_group", "activity")
        .order_by("-delivered_on", "pk")
    )


# Promotion ----------------------------------------------------------------------------------


def promotion_list(programme: Programme) -> QuerySet[PromotionItem]:
    return (
        PromotionItem.objects.filter(programme=programme)
        .select_related("fair", "activity")
        .order_by("-published_on", "pk")
    )


@dataclass(frozen=True)
class ReachOfKind:
    kind: str
    label: str
    items: int
    reach: int


def promotion_reach_by_kind(programme: Programme) -> list[ReachOfKind]:
    """Items and their total reach for each kind the programme has (an item whose reach is
    unknown counts as an item, not as reach)."""
    labels = dict(PromotionKind.choices)
    rows = (
        PromotionItem.objects.filter(programme=programme)
        .values("kind")
        .annotate(items=Count("pk"), reach=Sum("reach"))
        .order_by("kind")
    )
    return [
        ReachOfKind(
            row["kind"], str(labels.get(row["kind"], row["kind"])), row["items"], row["reach"] or 0
        )
        for row in rows
    ]


# Business plans -----------------------------------------------------------------------------

# What a new version may change, in the order a reader compares them.
PLAN_FIGURES = ("currency", "fixed_costs", "variable_cost", "price", "expected_volume")


@dataclass(frozen=True)
class PlanChange:
    """A figure that changed from one version to the next; money in each version's currency."""

    field: str
    label: str
    old: Any
    new: Any
    old_currency: str
    new_currency: str


@dataclass(frozen=True)
class PlanVersion:
    plan: BusinessPlan
    changes: list[PlanChange]

    @property
    def is_loss(self) -> bool:
        return self.plan.profit < 0

    @property
    def loss(self) -> Decimal:
        return -self.plan.profit


def plan_changes(previous: BusinessPlan | None, plan: BusinessPlan) -> list[PlanChange]:
    """The figures of `plan` that differ from `previous` (none for a first version)."""
    if previous is None:
        return []
    return [
        PlanChange(
            field=name,
            label=str(BusinessPlan._meta.get_field(name).verbose_name),  # type: ignore[union-attr]  # get_field may return a reverse relation; this one is a field
            old=getattr(previous, name),
            new=getattr(plan, name),
            old_currency=previous.currency,
            new_currency=plan.currency,
        )
        for name in PLAN_FIGURES
        if getattr(previous, name) != getattr(plan, name)
    ]


def plan_versions(product: Product) -> list[PlanVersion]:
    """Every version of the product's plan, newest first, each with what it changed."""
    plans = list(
        BusinessPlan.objects.filter(product=product).select_related("activity").order_by("version")
    )
    versions = [
        PlanVersion(plan, plan_changes(plans[index - 1] if index else None, plan))
        for index, plan in enumerate(plans)
    ]
    return versions[::-1]


def latest_plan(product: Product) -> BusinessPlan | None:
    return BusinessPlan.objects.filter(product=product).order_by("-version").first()


def beneficiary_group_ids(programme: Programme) -> QuerySet[Any]:
    """The groups the programme's activities serve."""
    return Activity.producer_groups.through.objects.filter(
        activity__component__programme=programme
    ).values("producergroup_id")


def programme_plan_list(programme: Programme) -> QuerySet[BusinessPlan]:
    """The latest plan of each product of the programme's beneficiary groups, and of each
    product whose plan one of its activities helped to make, with its number of versions."""
    newer = BusinessPlan.objects.filter(
        product=OuterRef("product"), version__gt=OuterRef("version")
    )
    return (
        BusinessPlan.objects.filter(
            Q(producer_group_id__in=beneficiary_group_ids(programme))
            | Q(
                product__in=BusinessPlan.objects.filter(
                    activity__component__programme=programme
                ).values("product")
            )
        )
        .filter(~Exists(newer))
        .select_related("product", "producer_group")
        .order_by("producer_group__name", "product__code")
    )


def programme_plans(programme: Programme) -> list[PlanVersion]:
    return [PlanVersion(plan, []) for plan in programme_plan_list(programme)]


# Twinning -----------------------------------------------------------------------------------


def twinning_list(programme: Programme) -> QuerySet[Twinning]:
    return (
        Twinning.objects.filter(programme=programme)
        .select_related("bhutan_group", "bhutan_group__area", "thai_group", "thai_group__area")
        .annotate(visit_count=Count("visits"))
        .order_by("-started_on", "pk")
    )


def visit_list(twinning: Twinning) -> QuerySet[TwinningVisit]:
    return twinning.visits.select_related("activity").order_by("start", "pk")  # type: ignore[attr-defined]  # a reverse relation, unknown to the checker


# The programme's field work at a glance -----------------------------------------------------


@dataclass(frozen=True)
class FieldworkCounts:
    missions: int
    reports_submitted: int
    deliveries: int
    deliveries_in_use: int
    deliveries_not_in_use: int
    promotion_items: int
    promotion_reach: int
    business_plans: int
    twinnings: int
    twinning_visits: int


def fieldwork_counts(programme: Programme) -> FieldworkCounts:
    missions = Mission.objects.filter(activity__component__programme=programme).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(report_submitted_on__isnull=False))
    )
    deliveries = Delivery.objects.filter(activity__component__programme=programme).aggregate(
        total=Count("pk"),
        used=Count("pk", filter=Q(in_use=True)),
        unused=Count("pk", filter=Q(in_use=False)),
    )
    promotion = PromotionItem.objects.filter(programme=programme).aggregate(
        total=Count("pk"), reach=Sum("reach")
    )
    twinnings = Twinning.objects.filter(programme=programme).aggregate(
        total=Count("pk", distinct=True), visits=Count("visits")
    )
    return FieldworkCounts(
        missions=missions["total"],
        reports_submitted=missions["submitted"],
        deliveries=deliveries["total"],
        deliveries_in_use=deliveries["used"],
        deliveries_not_in_use=deliveries["unused"],
        promotion_items=promotion["total"],
        promotion_reach=promotion["reach"] or 0,
        business_plans=programme_plan_list(programme).count(),
        twinnings=twinnings["total"],
        twinning_visits=twinnings["visits"],
    )
