"""Every write to the programme's work in the field: people and participants of trainings,
missions and their reports, deliveries and visits, promotion, twinning. One function a use
case, a transaction inside; each checks the record as its model does (ValidationError, by
field, before anything is written) and records the acting user as the change's author.
(Business plans, versioned, are written by `services.business_plan_save`.)
"""

from django.db import transaction
from django.utils import timezone

from ogop.accounts.models import User
from ogop.core.history import recorded_delete, recorded_save
from ogop.programme.models import (
    Delivery,
    Mission,
    Participant,
    Person,
    PromotionItem,
    Twinning,
    TwinningVisit,
)


@transaction.atomic
def person_save(*, person: Person, user: User) -> Person:
    """Create or change a person: a trainee, an expert or a volunteer."""
    recorded_save(person, user=user)
    return person


@transaction.atomic
def participant_save(
    *, participant: Participant, user: User, new_person: Person | None = None
) -> Participant:
    """Create or change a participant of an activity; with `new_person`, the person is
    recorded with them: both or neither."""
    if new_person is not None:
        recorded_save(new_person, user=user)
        participant.person = new_person
    recorded_save(participant, user=user)
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, user: User) -> None:
    """Remove a participant from the activity; the person stays recorded."""
    recorded_delete(participant, user=user)


@transaction.atomic
def mission_save(*, mission: Mission, user: User) -> Mission:
    recorded_save(mission, user=user)
    return mission


@transaction.atomic
def mission_report_save(*, mission: Mission, user: User, submit: bool = False) -> Mission:
    """Save the mission's report as a draft, or submit it (dated today, once)."""
    if submit and mission.report_submitted_on is None:
        mission.report_submitted_on = timezone.localdate()
    recorded_save(mission, user=user)
    return mission


@transaction.atomic
def delivery_save(*, delivery: Delivery, user: User) -> Delivery:
    """Create or change a delivery, or record what a visit saw of it."""
    recorded_save(delivery, user=user)
    return delivery


@transaction.atomic
def promotion_item_save(*, item: PromotionItem, user: User) -> PromotionItem:
    recorded_save(item, user=user)
    return item


@transaction.atomic
def twinning_save(*, twinning: Twinning, user: User) -> Twinning:
    recorded_save(twinning, user=user)
    return twinning


@transaction.atomic
def twinning_visit_save(*, visit: TwinningVisit, user: User) -> TwinningVisit:
    recorded_save(visit, user=user)
    return visit
