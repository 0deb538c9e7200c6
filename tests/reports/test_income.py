"""The farmers' income on the programme's dashboard: money paid to the groups it serves within
its period, by dzongkhag, with the groups and members paid, and Bhutan's map of it."""

import datetime as dt
from decimal import Decimal as D

import pytest

from ogop.programme.metrics import beneficiary_groups
from ogop.reports.income import programme_income
from tests.reports.test_dashboard import build_programme, pay_the_groups
from tests.supply.helpers import paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return build_programme()


@pytest.fixture
def income(programme):
    return pay_the_groups(programme)


def test_income_is_the_money_paid_to_the_groups_served_within_the_programme_by_dzongkhag(income):
    found = programme_income(income)
    assert (found.start, found.end) == (dt.date(2016, 1, 1), dt.date(2018, 12, 31))
    assert (found.total, found.total_text, found.error) == (D("1600.00"), "1,600.00 THB", "")
    assert [(row.code, row.name, row.text) for row in found.by_area] == [
        ("BT-33", "Bumthang", "1,500.00 THB"),
        ("BT-14", "Samtse", "100.00 THB"),
    ]
    # Three groups, each counted once, with their members: 5 women and 4 men each in
    # Bumthang, 7 and 1 in Samtse.
    assert (found.groups, found.women, found.men, found.members) == (3, 17, 9, 26)


def test_the_income_map_draws_every_dzongkhag_sized_by_what_its_groups_were_paid(income):
    found = programme_income(income)
    points = {spot.point.area.code: spot for spot in found.points}
    assert len(points) == 20  # every dzongkhag, paid or not
    assert points["BT-33"].text == "1,500.00 THB"
    assert points["BT-14"].text == "100.00 THB"
    assert points["BT-11"].text == ""
    assert points["BT-33"].point.r == 30.0  # the largest
    assert points["BT-14"].point.r == round(30 * (100 / 1500) ** 0.5, 1)
    assert points["BT-11"].point.r < points["BT-14"].point.r
    assert [(circle.r, circle.text) for circle in found.legend] == [
        (30.0, "1,500.00 THB"),
        (15.0, "375.00 THB"),
    ]
    assert found.legend[0].top == 20.0  # both stand on the same ground
    assert found.legend[1].top == 50.0


def test_income_in_a_currency_without_a_rate_says_why_it_cannot_be_counted(programme):
    (group, *_others) = beneficiary_groups(programme)
    paid(group, dt.date(2017, 3, 1), "600")  # ngultrum, and no rate to baht
    found = programme_income(programme)
    assert found.total is None
    assert "no exchange rate from BTN to THB" in found.error
    assert found.points == [] or all(spot.text == "" for spot in found.points)


def test_a_programme_for_thailand_lists_its_income_without_bhutans_map(income):
    income.recipient_country = "TH"
    income.save()
    found = programme_income(income)
    assert [row.code for row in found.by_area] == ["BT-33", "BT-14"]
    assert (found.points, found.legend) == ([], [])


def test_the_paid_dzongkhags_are_labelled_beside_their_circles(income):
    found = programme_income(income)
    labelled = {spot.point.area.code: spot.label for spot in found.points if spot.label}
    assert set(labelled) == {"BT-33", "BT-14"}
    assert labelled["BT-33"].lines == ("Bumthang", "1,500.00 THB")
    assert labelled["BT-14"].lines == ("Samtse", "100.00 THB")
