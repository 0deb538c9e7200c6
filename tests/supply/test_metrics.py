"""The farmers' income as results: money paid to groups (converted to the programme's currency
at each day's rate), the groups and their members paid, and the volume bought, by dzongkhag and
period."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from ogop.core.metrics import CannotCompute
from ogop.producers.models import ProducerGroup
from ogop.supply.metrics import bought as bought_quantity
from ogop.supply.metrics import groups_paid, members_paid, paid_to_groups
from tests.factories import ProducerGroupFactory, area
from tests.supply.helpers import bought, paid

pytestmark = pytest.mark.django_db
Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
Y2018 = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
LOCAL = ZoneInfo(settings.TIME_ZONE)


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


# The members who benefited ---------------------------------------------------------------------


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    """A moment of a day in the server's time zone."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL)


def registered(group, moment: dt.datetime) -> None:
    """The group entered the registry at `moment` (its first history record)."""
    group.history.update(history_date=moment)


def members_changed(group, moment: dt.datetime, women: int, men: int) -> None:
    """The group's members changed at `moment`, its history recording it then."""
    group.members_female, group.members_male = women, men
    group._history_date = moment
    group.save()


def sexes(value) -> tuple[Decimal, Decimal]:
    return value.by[("sex", "female")], value.by[("sex", "male")]


def test_members_count_as_they_stood_on_the_day_of_the_first_payment_in_the_period():
    # Given a group of 5 women and 4 men from 2016, paid in July, which grew to 8 and 6 in
    # August and was paid again in September.
    group = ProducerGroupFactory(area=area("BT-33-03"), members_female=5, members_male=4)
    registered(group, at(dt.date(2016, 1, 5)))
    paid(group, dt.date(2017, 7, 1), "100")
    members_changed(group, at(dt.date(2017, 8, 1)), 8, 6)
    paid(group, dt.date(2017, 9, 1), "100")
    groups = ProducerGroup.objects.values("pk")
    autumn = (dt.date(2017, 8, 15), dt.date(2017, 12, 31))

    # The year counts the group once, as it stood in July; the autumn as it stood in
    # September; a year without a payment counts no one.
    in_2017, in_autumn, in_2018 = members_paid(groups, [Y2017, autumn, Y2018])

    assert (in_2017.total, sexes(in_2017)) == (9, (5, 4))
    assert in_2017.by[("area", "BT-33")] == 9
    assert (in_autumn.total, sexes(in_autumn)) == (14, (8, 6))
    assert (in_2018.total, sexes(in_2018)) == (0, (0, 0))
    assert ("area", "BT-33") not in in_2018.by


def test_a_change_of_members_counts_from_the_end_of_its_day_in_the_servers_time_zone():
    group = ProducerGroupFactory(members_female=5, members_male=4)
    registered(group, at(dt.date(2016, 1, 5)))
    # Late on the day of the payment: counted. Half past midnight the next day (still the
    # payment's day in UTC): not.
    members_changed(group, at(dt.date(2017, 7, 1), 23), 6, 4)
    members_changed(group, at(dt.date(2017, 7, 2), 0).replace(minute=30), 7, 4)
    paid(group, dt.date(2017, 7, 1), "100")

    (value,) = members_paid(ProducerGroup.objects.values("pk"), [Y2017])

    assert sexes(value) == (6, 4)


def test_a_group_paid_before_it_entered_the_registry_counts_as_first_recorded():
    # Recorded in the registry after the payment, and changed since: its first record counts.
    late = ProducerGroupFactory(area=area("BT-33-03"), members_female=3, members_male=2)
    paid(late, dt.date(2017, 7, 1), "100")
    members_changed(late, timezone.now() + dt.timedelta(seconds=1), 30, 20)
    # Loaded in bulk, without any history: as it is now.
    bulk = ProducerGroupFactory(area=area("BT-14-01"), members_female=1, members_male=1)
    paid(bulk, dt.date(2017, 7, 1), "100")
    bulk.history.all().delete()

    (value,) = members_paid(ProducerGroup.objects.values("pk"), [Y2017])

    assert sexes(value) == (4, 3)
    assert value.by[("area", "BT-33")] == 5
    assert value.by[("area", "BT-14")] == 2


def test_members_of_groups_not_paid_or_out_of_scope_do_not_count():
    inside, outside = ProducerGroupFactory(), ProducerGroupFactory()
    ProducerGroupFactory()  # never paid
    paid(inside, dt.date(2017, 7, 1), "10")
    paid(outside, dt.date(2017, 7, 1), "10")
    bought(inside, dt.date(2017, 8, 1), "5")  # bought, not paid: no payment, no benefit
    scope = ProducerGroup.objects.filter(pk__in=[inside.pk]).values("pk")

    (value,) = members_paid(scope, [Y2017])

    assert (value.total, sexes(value)) == (9, (5, 4))


def test_groups_paid_twice_in_a_period_count_once():
    group = ProducerGroupFactory()
    paid(group, dt.date(2017, 3, 1), "10")
    paid(group, dt.date(2017, 4, 1), "10")
    (value,) = groups_paid(ProducerGroup.objects.values("pk"), [Y2017])
    assert value.total == 1
    assert value.by == {("area", "BT-33"): 1}


# The volume bought ------------------------------------------------------------------------------


def test_volume_bought_is_summed_for_one_unit_by_dzongkhag_and_period():
    bumthang = ProducerGroupFactory(area=area("BT-33-03"))
    paro = ProducerGroupFactory(area=area("BT-14-01"))
    bought(bumthang, dt.date(2017, 3, 1), "120.5")
    bought(paro, dt.date(2017, 11, 1), "80")
    bought(paro, dt.date(2018, 1, 2), "10")
    bought(paro, dt.date(2017, 5, 1), "40", unit="l")  # litres: never added to kilograms
    bought(paro, dt.date(2017, 5, 1), "12", unit="piece")
    groups = ProducerGroup.objects.values("pk")

    kg_2017, kg_2018 = bought_quantity(groups, [Y2017, Y2018], unit="kg")
    (litres,) = bought_quantity(groups, [Y2017], unit="l")
    (pieces,) = bought_quantity(groups, [Y2017], unit="piece")

    assert kg_2017.total == Decimal("200.5")
    assert kg_2017.by == {("area", "BT-33"): Decimal("120.5"), ("area", "BT-14"): Decimal("80")}
    assert kg_2018.total == Decimal("10")
    assert (litres.total, pieces.total) == (Decimal("40"), Decimal("12"))


def test_volume_bought_counts_only_the_groups_in_scope():
    inside, outside = ProducerGroupFactory(), ProducerGroupFactory()
    bought(inside, dt.date(2017, 3, 1), "7")
    bought(outside, dt.date(2017, 3, 1), "70")
    scope = ProducerGroup.objects.filter(pk=inside.pk).values("pk")
    (value,) = bought_quantity(scope, [Y2017], unit="kg")
    assert value.total == Decimal("7")
