"""Writes to the results framework: checked as the models check them, all or nothing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from ogop.results.models import Computation, Disaggregation, Indicator, IndicatorMeasure, Period
from ogop.results.services import indicator_save, period_save
from tests.programme.factories import IndicatorFactory, PeriodFactory, ResultFactory


@pytest.fixture
def indicator(db):
    return IndicatorFactory()


def test_period_save_writes_the_period_and_its_breakdown(indicator, officer):
    period = period_save(
        period=Period(indicator=indicator, start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31)),
        disaggregations=[Disaggregation(dimension="sex", category="female", target=D("4"))],
        user=officer,
    )
    assert period.disaggregations.get().target == D("4")
    assert period.history.get().history_user == officer


def test_period_save_with_a_bad_row_writes_nothing(indicator, officer):
    rows = [
        Disaggregation(dimension="sex", category="female", target=D("4")),
        Disaggregation(dimension="sex", category="female", target=D("5")),
    ]
    with pytest.raises(ValidationError) as raised:
        period_save(
            period=Period(
                indicator=indicator, start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31)
            ),
            disaggregations=rows,
            user=officer,
        )
    assert "Breakdown “female”: The period already has this category." in raised.value.messages
    assert not Period.objects.exists()
    assert not Disaggregation.objects.exists()


def test_period_save_removes_the_rows_asked(indicator, officer):
    period = PeriodFactory(indicator=indicator)
    gone = Disaggregation.objects.create(period=period, dimension="sex", category="male", target=1)
    period_save(period=period, removed=[gone], user=officer)
    assert not Disaggregation.objects.exists()


def test_period_save_refuses_a_period_outside_the_programme(indicator, officer):
    with pytest.raises(ValidationError) as raised:
        period_save(
            period=Period(indicator=indicator, start=dt.date(2015, 1, 1), end=dt.date(2015, 6, 1)),
            user=officer,
        )
    assert set(raised.value.message_dict) == {"start", "end"}
    assert not Period.objects.exists()


def test_indicator_save_refuses_a_budget_share_not_in_percent(db, officer):
    indicator = Indicator(
        result=ResultFactory(),
        title="Budget",
        computation=Computation.BUDGET_DISBURSED,
        measure=IndicatorMeasure.UNIT,
    )
    with pytest.raises(ValidationError) as raised:
        indicator_save(indicator=indicator, user=officer)
    message = "A share of budget is measured as a percentage."
    assert raised.value.message_dict["measure"] == [message]
    assert not Indicator.objects.exists()
