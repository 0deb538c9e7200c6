"""The people trained are counted from parts kept apart (programme.metrics.trained): a write
recounts only its row's part, and the figures stay those of a count from scratch.

Transactional, as the server is: a write commits, and its commit renews the versions.
"""

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.core.cache import cache

from ogop.core import freshness
from ogop.programme import metrics
from ogop.programme.metrics import Trained, trained, trainee_places
from ogop.programme.models import (
    ActivityKind,
    ActivityStatus,
    Participant,
    ParticipantRole,
    Person,
    Sex,
)
from tests.factories import ProducerGroupFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
)
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

committed = pytest.mark.django_db(transaction=True)
SPANS = [
    (dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    (dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    (dt.date(2016, 1, 1), dt.date(2018, 12, 31)),
]
GEWOGS = ("BT-33-03", "BT-15-08", "BT-33-01")


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> int:
    """Parts of 4 rows, so that a few dozen rows make many parts."""
    monkeypatch.setattr(freshness, "PART_SIZE", 4)
    monkeypatch.setattr(metrics, "PART_SIZE", 4)
    cache.clear()
    return 4


@pytest.fixture
def recounted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the parts whose rows were read from the database (not the cache)."""
    seen: list[int] = []
    read = metrics._trainee_parts

    def spy(numbers: list[int]) -> Any:
        seen.extend(numbers)
        return read(numbers)

    monkeypatch.setattr(metrics, "_trainee_parts", spy)
    return seen


def from_scratch(programme: Any, spans: list[tuple[dt.date, dt.date]]) -> list[Trained]:
    """The definition, read straight from the database: the distinct trainees of each span
    (then of any time) by sex and by their group's top-level area."""
    places = trainee_places(programme)
    found = []
    for condition in [{"ended__gte": start, "ended__lte": end} for start, end in spans] + [{}]:
        people = Person.objects.filter(
            pk__in=places.filter(**condition).values("person_id")
        ).select_related("producer_group__area")
        found.append(
            Trained(
                Counter(person.sex for person in people),
                Counter(
                    person.producer_group.area.path.split("/")[0] if person.producer_group else None
                    for person in people
                ),
            )
        )
    return found


def a_programme(rng: random.Random, places: int) -> Any:
    programme = ProgrammeFactory()
    groups = [ProducerGroupFactory(area=area(code)) for code in GEWOGS]
    activities = [
        ActivityFactory(
            component=component(programme),
            end_planned=dt.date(2016 + number % 3, 6, 1),
            start_planned=dt.date(2016 + number % 3, 5, 1),
        )
        for number in range(4)
    ]
    people = [
        PersonFactory(sex=rng.choice(["female", "male", ""]), producer_group=rng.choice(groups))
        for _ in range(places // 2)
    ]
    pairs = rng.sample([(a, p) for a in activities for p in people], places)
    for activity, person in pairs:
        ParticipantFactory(activity=activity, person=person, role=ParticipantRole.TRAINEE)
    return programme


@committed
def test_a_trainee_recorded_reads_one_part_of_the_places_again(small_parts, recounted):
    programme = a_programme(random.Random(1), places=40)
    assert trained(programme, SPANS) == from_scratch(programme, SPANS)
    parts = len(recounted)
    assert parts >= 20 // small_parts  # every part of the people, the first time
    recounted.clear()
    activity = programme.components.get(position=1).activities.order_by("pk").first()
    newcomer = PersonFactory(sex=Sex.MALE)
    ParticipantFactory(activity=activity, person=newcomer, role=ParticipantRole.TRAINEE)
    assert trained(programme, SPANS) == from_scratch(programme, SPANS)
    # Only the part of the new trainee was read again; the rest came from the cache.
    assert recounted == [newcomer.pk // small_parts]


@committed
def test_an_activity_changed_reads_no_part_again(small_parts, recounted):
    programme = a_programme(random.Random(2), places=24)
    trained(programme, SPANS)
    recounted.clear()
    activity = programme.components.get(position=1).activities.order_by("pk").first()
    activity.status = ActivityStatus.CANCELLED
    activity.save()
    assert trained(programme, SPANS) == from_scratch(programme, SPANS)
    assert recounted == []


@committed
def test_a_place_given_to_another_person_renews_both_their_parts(small_parts):
    programme = a_programme(random.Random(5), places=24)
    trained(programme, SPANS)
    place = Participant.objects.filter(activity__component__programme=programme).first()
    place.person = PersonFactory(sex=Sex.MALE)
    place.save()
    assert trained(programme, SPANS) == from_scratch(programme, SPANS)


WRITES = ("record", "newcomer", "leave", "move", "role", "sex", "group", "area", "status", "end")
WRITES += ("kind",)


def random_write(rng: random.Random, programme: Any) -> str:
    """One of the writes that change who was trained, or where, or when."""
    places = list(Participant.objects.filter(activity__component__programme=programme))
    activities = list(programme.components.get(position=1).activities.all())
    people = list(Person.objects.all())
    what = rng.choice(WRITES)
    if what == "record":
        activity, person = rng.choice(activities), rng.choice(people)
        if not Participant.objects.filter(activity=activity, person=person).exists():
            ParticipantFactory(activity=activity, person=person, role=ParticipantRole.TRAINEE)
    elif what == "newcomer":
        ParticipantFactory(activity=rng.choice(activities), role=ParticipantRole.TRAINEE)
    elif what == "leave" and places:
        rng.choice(places).delete()
    elif what == "move" and places:
        place = rng.choice(places)
        place.person = PersonFactory(sex=rng.choice(["female", "male", ""]))
        place.save()
    elif what == "role" and places:
        place = rng.choice(places)
        place.role = rng.choice(list(ParticipantRole.values))
        place.save()
    elif what == "sex":
        person = rng.choice(people)
        person.sex = rng.choice(["female", "male", ""])
        person.save()
    elif what == "group":
        person = rng.choice(people)
        person.producer_group = rng.choice([None, ProducerGroupFactory(area=area(GEWOGS[1]))])
        person.save()
    elif what == "area":
        group = rng.choice([p.producer_group for p in people if p.producer_group] or [None])
        if group is not None:
            group.area = area(rng.choice(GEWOGS))
            group.save()
    elif what == "status":
        activity = rng.choice(activities)
        activity.status = rng.choice(list(ActivityStatus.values))
        activity.save()
    elif what == "end":
        activity = rng.choice(activities)
        activity.end_actual = rng.choice([None, dt.date(2017, 12, 31), dt.date(2018, 2, 1)])
        activity.start_actual = activity.end_actual and dt.date(2016, 1, 1)
        activity.save()
    elif what == "kind":
        activity = rng.choice(activities)
        activity.kind = rng.choice([ActivityKind.TRAINING, ActivityKind.EXPERT_MISSION])
        activity.save()
    return what


@committed
@pytest.mark.parametrize("seed", [3, 4])
def test_the_figures_after_random_writes_are_those_of_a_count_from_scratch(small_parts, seed):
    rng = random.Random(seed)
    programme = a_programme(rng, places=20)
    for _step in range(30):
        what = random_write(rng, programme)
        assert trained(programme, SPANS) == from_scratch(programme, SPANS), what
