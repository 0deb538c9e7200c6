"""The figures of people trained, kept in the cache: never older than what they count.

Transactional, as the server is: a write commits, and its commit retires the kept figures for
every process.
"""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ogop.programme.models import ActivityStatus, ParticipantRole, Sex
from ogop.reports.dashboard import programme_dashboard
from ogop.results.computations import people_trained
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
Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
BUMTHANG, THIMPHU = "BT-33", "BT-15"


@pytest.fixture
def training(transactional_db):
    """A training in 2017 with two women of a Bumthang group."""
    activity = ActivityFactory(component=component(ProgrammeFactory()))
    group = ProducerGroupFactory(area=area("BT-33-03"))
    for _ in range(2):
        ParticipantFactory(
            activity=activity,
            person=PersonFactory(sex=Sex.FEMALE, producer_group=group),
            role=ParticipantRole.TRAINEE,
        )
    return activity


def counted(activity) -> tuple:
    value = people_trained(activity.component.programme, *Y2017)
    return value.total, value.by


def kept(activity) -> tuple:
    """The figures, asked twice: the second answer comes from the cache, no person read."""
    first = counted(activity)
    with CaptureQueriesContext(connection) as queries:
        again = counted(activity)
    assert not [query for query in queries if "programme_person" in query["sql"]]
    assert again == first
    return again


def add_trainee(activity):
    ParticipantFactory(
        activity=activity, person=PersonFactory(sex=Sex.MALE), role=ParticipantRole.TRAINEE
    )


def change_sex(activity):
    person = activity.participants.first().person
    person.sex = Sex.MALE
    person.save()


def cancel(activity):
    activity.status = ActivityStatus.CANCELLED
    activity.save()


def move_group(activity):
    group = activity.participants.first().person.producer_group
    group.area = area("BT-15-08")
    group.save()


def leave(activity):
    activity.participants.first().delete()


@committed
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (add_trainee, 3),
        (change_sex, 2),
        (cancel, 0),
        (move_group, 2),
        (leave, 1),
    ],
)
def test_kept_figures_follow_every_committed_change(training, change, expected):
    total, by = kept(training)
    assert (total, by[("area", BUMTHANG)]) == (2, 2)
    change(training)
    total, by_after = counted(training)
    assert total == expected
    assert by_after != by


@committed
def test_a_rolled_back_change_leaves_the_kept_figures(training):
    before = kept(training)
    seen = []

    def add_then_fail():
        with transaction.atomic():
            add_trainee(training)
            seen.append(counted(training)[0])  # the writer sees its change before it commits
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        add_then_fail()
    assert seen == [3]
    assert kept(training) == before


@committed
def test_the_dashboard_counts_a_new_trainee_at_once(training):
    programme = training.component.programme
    assert programme_dashboard(programme).people.women == 2
    add_trainee(training)
    people = programme_dashboard(programme).people
    assert (people.women, people.men) == (2, 1)
