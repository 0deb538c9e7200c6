"""The programme's rules that live on its models and core services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ogop.programme.models import Participant, Transaction
from ogop.programme.money import rate_on
from tests.programme.factories import (
    ActivityFactory,
    ExchangeRateFactory,
    ParticipantFactory,
    ProgrammeFactory,
    transaction,
)

pytestmark = pytest.mark.django_db


def test_a_new_programme_has_the_seeds_seven_components():
    programme = ProgrammeFactory()
    titles = list(programme.components.values_list("title_th", flat=True))
    assert len(titles) == 7
    assert titles[1] == "ผู้เชี่ยวชาญไทย"


def test_an_activity_outside_the_programme_period_is_refused():
    activity = ActivityFactory.build(
        component=ProgrammeFactory().components.first(),
        start_planned=dt.date(2019, 2, 1),
        end_planned=dt.date(2019, 2, 3),
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert set(error.value.message_dict) == {"start_planned", "end_planned"}


def test_an_activity_ending_before_it_starts_is_refused():
    activity = ActivityFactory.build(
        component=ProgrammeFactory().components.first(),
        start_planned=dt.date(2017, 2, 5),
        end_planned=dt.date(2017, 2, 3),
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "end_planned" in error.value.message_dict


def test_late_is_open_work_past_its_planned_dates():
    activity = ActivityFactory(start_planned=dt.date(2017, 3, 1), end_planned=dt.date(2017, 3, 5))
    assert activity.is_late(dt.date(2017, 3, 2))  # not started
    activity.start_actual = dt.date(2017, 3, 1)
    assert not activity.is_late(dt.date(2017, 3, 4))
    assert activity.is_late(dt.date(2017, 3, 6))  # not ended
    activity.status = "4"
    assert not activity.is_late(dt.date(2017, 3, 6))


def test_a_rate_is_read_either_way_round_and_the_latest_applies():
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=35)
    ExchangeRateFactory(currency="THB", quote="USD", valid_from=dt.date(2017, 1, 1), rate="0.03")
    assert rate_on("USD", "THB", dt.date(2016, 6, 1)) == Decimal(35)
    assert rate_on("THB", "USD", dt.date(2016, 6, 1)) == Decimal(1) / Decimal(35)
    assert rate_on("THB", "USD", dt.date(2017, 6, 1)) == Decimal("0.03")


def test_a_transaction_is_converted_at_the_rate_of_its_day():
    programme = ProgrammeFactory()
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2017, 1, 1), rate="33.50")
    txn = transaction(programme, "100", currency="USD")
    assert txn.amount_in_programme_currency == Decimal("3350.00")


def test_a_transaction_without_a_rate_says_so_and_is_not_saved():
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as error:
        transaction(programme, "100", currency="BTN")
    assert "currency" in error.value.message_dict
    assert "BTN" in error.value.message_dict["currency"][0]
    assert not Transaction.objects.exists()


def test_a_negative_transaction_is_refused():
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as error:
        transaction(programme, "-5")
    assert "amount" in error.value.message_dict


def test_learning_gain_needs_both_tests():
    participant = ParticipantFactory(pre_score=40, post_score=75)
    assert participant.learning_gain == Decimal(35)
    assert Participant(pre_score=40).learning_gain is None


def test_participants_belong_to_learning_activities():
    mission = ActivityFactory(kind="expert_mission")
    participant = ParticipantFactory.build(activity=mission, person=ParticipantFactory().person)
    with pytest.raises(ValidationError) as error:
        participant.full_clean()
    assert "activity" in error.value.message_dict
