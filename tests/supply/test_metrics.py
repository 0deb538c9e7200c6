"""The farmers' income as results: money paid to groups and the groups paid, by dzongkhag and
period, converted to the programme's currency at each day's rate."""

import datetime as dt
from decimal import Decimal

import pytest

from ogop.core.metrics import CannotCompute
from ogop.producers.models import ProducerGroup
from ogop.supply.metrics import groups_paid, paid_to_groups
from tests.factories import ProducerGroupFactory, area
from tests.supply.helpers import paid

pytestmark = pytest.mark.django_db
Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
Y2018 = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))


def half_a_baht(currencies):
    def rate(currency, day):
        if day < dt.date(2017, 6, 1):
            raise CannotCompute(f"no rate for {currency} on {day}")
        return Decimal("0.5")

    return rate


def test_money_paid_is_summed_by_dzongkhag_and_year_and_converted():
    bumthang = ProducerGroupFactory(area=area("BT-33-03"))
    paro = ProducerGroupFactory(area=area("BT-14-01"))
    paid(bumthang, dt.date(2017, 7, 1), "1000")
    paid(paro, dt.date(2017, 8, 1), "400")
    paid(paro, dt.date(2018, 2, 1), "100", currency="THB")
    groups = ProducerGroup.objects.values("pk")

    in_2017, in_2018 = paid_to_groups(groups, [Y2017, Y2018], currency="THB", rates=half_a_baht)

    assert in_2017.total == Decimal("700.00")
    assert in_2017.by == {
        ("area", "BT-33"): Decimal("500.00"),
        ("area", "BT-14"): Decimal("200.00"),
    }
    assert in_2018.total == Decimal("100.00")
    counted = groups_paid(groups, [Y2017, Y2018])
    assert [value.total for value in counted] == [2, 1]


def test_a_payment_without_a_rate_leaves_its_period_uncomputed_with_the_reason():
    group = ProducerGroupFactory(area=area("BT-33-03"))
    paid(group, dt.date(2017, 3, 1), "1000")
    (value,) = paid_to_groups(
        ProducerGroup.objects.values("pk"), [Y2017], currency="THB", rates=half_a_baht
    )
    assert value.total is None
    assert "no rate for BTN" in value.error


def test_only_the_groups_in_scope_count():
    inside, outside = ProducerGroupFactory(), ProducerGroupFactory()
    paid(inside, dt.date(2017, 7, 1), "10", currency="THB")
    paid(outside, dt.date(2017, 7, 1), "99", currency="THB")
    scope = ProducerGroup.objects.filter(pk=inside.pk).values("pk")
    (value,) = paid_to_groups(scope, [Y2017], currency="THB", rates=half_a_baht)
    assert value.total == Decimal("10.00")
