"""The computed indicators' figures kept in the cache: never older than what they count.

Transactional, as the server is: a write commits, and its commit retires the kept figures for
every process.
"""

import datetime as dt
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ogop.core.thai import thai_digits_preferred
from ogop.places.models import Area
from ogop.products.models import Stage
from ogop.programme.models import ActivityKind, ActivityStatus, ParticipantRole
from ogop.reports.dashboard import programme_dashboard
from ogop.results.computations import compute
from ogop.results.models import Computation, Dimension
from tests.factories import ProducerGroupFactory, ProductFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ExchangeRateFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
)
from tests.results.helpers import Counter, move, rate, registered_on
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test
from tests.supply.helpers import bought, paid

_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

committed = pytest.mark.django_db(transaction=True)
Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
STARS, READY, SALES, TRAINED = (
    Computation.PRODUCTS_THREE_STARS,
    Computation.PRODUCTS_MARKET_READY,
    Computation.FAIR_SALES,
    Computation.PEOPLE_TRAINED,
)
MEMBERS, PAID, KG = (
    Computation.MEMBERS_PAID,
    Computation.PAID_TO_GROUPS,
    Computation.BOUGHT_KG,
)
# The tables the kept computations read: none is read when the figures come from the cache.
COUNTED = (
    "rating_productrating",
    "products_stagechange",
    "fairs_saletally",
    "supply_payment",
    "supply_purchase",
)


@pytest.fixture
def world(transactional_db):
    """A programme serving a Bumthang group with a 3-star, market-ready product that sold
    300 baht at a fair in 2017, and a Thimphu group it does not serve yet."""
    programme = ProgrammeFactory(currency="THB")
    bumthang = ProducerGroupFactory(area=area("BT-33-03"))
    thimphu = ProducerGroupFactory(area=area("BT-15-08"))
    honey = ProductFactory(producer_group=bumthang, stage=Stage.MARKET_READY)
    cheese = ProductFactory(producer_group=thimphu, stage=Stage.MARKET_READY)
    for product in (honey, cheese):
        registered_on(product, dt.date(2016, 1, 5))
        rate(product, dt.date(2017, 5, 1), 3)
    served = ActivityFactory(component=component(programme), kind=ActivityKind.PROMOTION)
    served.producer_groups.add(bumthang)
    counter = Counter("THB")
    counter.sell(honey, dt.datetime(2017, 3, 10, 11), "300.00")
    return SimpleNamespace(
        programme=programme,
        activity=served,
        bumthang=bumthang,
        thimphu=thimphu,
        honey=honey,
        cheese=cheese,
        counter=counter,
    )


def counted(world, computation) -> Decimal | None:
    return compute(world.programme, computation, [Y2017])[0].total


def kept(world, computation) -> Decimal | None:
    """The figure, asked twice: the second answer comes from the cache, no count read."""
    first = counted(world, computation)
    with CaptureQueriesContext(connection) as queries:
        again = counted(world, computation)
    assert not [q for q in queries if any(table in q["sql"] for table in COUNTED)]
    assert again == first
    return again


def rate_again(world):
    rate(world.honey, dt.date(2017, 9, 1), 2)


def move_back(world):
    move(world.honey, dt.date(2017, 6, 1), Stage.MARKET_READY, Stage.PROTOTYPE)


def sell(world):
    world.counter.sell(world.honey, dt.datetime(2017, 4, 2, 11), "50.00")


def serve_thimphu(world):
    world.activity.producer_groups.add(world.thimphu)


def stop_serving(world):
    world.activity.producer_groups.remove(world.bumthang)


def cancel(world):
    world.activity.status = ActivityStatus.CANCELLED
    world.activity.save()


def hand_over(world):
    world.honey.producer_group = world.thimphu
    world.honey.save()


@committed
@pytest.mark.parametrize(
    ("computation", "change", "expected"),
    [
        (STARS, rate_again, 0),
        (STARS, serve_thimphu, 2),
        (STARS, stop_serving, 0),
        (STARS, cancel, 0),
        (STARS, hand_over, 0),
        (READY, move_back, 0),
        (READY, serve_thimphu, 2),
        (SALES, sell, Decimal("350.00")),
        (SALES, hand_over, Decimal("0")),
    ],
)
def test_kept_figures_follow_every_committed_change(world, computation, change, expected):
    before = kept(world, computation)
    assert before == {STARS: 1, READY: 1, SALES: Decimal("300.00")}[computation]
    change(world)
    assert counted(world, computation) == expected


@committed
def test_a_new_exchange_rate_is_used_at_once(world):
    Counter("BTN").sell(world.honey, dt.datetime(2017, 8, 1, 11), "1000.00")
    assert kept(world, SALES) is None  # no rate from BTN to THB: cannot compute
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2017, 1, 1), rate=1)
    assert counted(world, SALES) == Decimal("1300.00")


@committed
def test_a_rolled_back_change_leaves_the_kept_figures(world):
    assert kept(world, STARS) == 1
    seen = []

    def serve_then_fail():
        with transaction.atomic():
            serve_thimphu(world)
            seen.append(counted(world, STARS))  # the writer sees its change before it commits
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        serve_then_fail()
    assert seen == [2]
    assert kept(world, STARS) == 1


@committed
def test_each_language_and_kind_of_digits_keeps_its_own_reasons(world):
    Counter("BTN").sell(world.honey, dt.datetime(2017, 8, 1, 11), "1000.00")
    english = compute(world.programme, SALES, [Y2017])[0].error
    with translation.override("th"):
        thai = compute(world.programme, SALES, [Y2017])[0].error
    digits = thai_digits_preferred.set(True)
    try:
        with translation.override("th"):
            thai_digits = compute(world.programme, SALES, [Y2017])[0].error
    finally:
        thai_digits_preferred.reset(digits)
    assert english.startswith("Cannot compute")
    assert thai
    assert thai != english
    assert "๒๕๖๐" in thai_digits  # the day without a rate, in the reader's digits
    assert "๒๕๖๐" not in thai


@committed
def test_the_dashboard_counts_a_new_product_at_once(world):
    def by_stage():
        rows = programme_dashboard(world.programme).by_stage
        return {row.code: row.count for row in rows if row.count}

    assert by_stage() == {Stage.MARKET_READY: 1}
    with CaptureQueriesContext(connection) as queries:
        assert by_stage() == {Stage.MARKET_READY: 1}
    assert not [q for q in queries if 'FROM "products_product"' in q["sql"]]
    ProductFactory(producer_group=world.bumthang, stage=Stage.PROTOTYPE)
    assert by_stage() == {Stage.MARKET_READY: 1, Stage.PROTOTYPE: 1}


def by_top_area(world, computation) -> dict[str, Decimal]:
    value = compute(world.programme, computation, [Y2017])[0]
    by = value.by.items()
    return {category: n for (dimension, category), n in by if dimension == Dimension.AREA}


@committed
@pytest.mark.parametrize("computation", [STARS, TRAINED])
def test_loading_the_shipped_areas_again_moves_the_kept_counts_with_them(world, computation):
    training = ActivityFactory(
        component=component(world.programme),
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 3, 5),
    )
    woman = PersonFactory(sex="female", producer_group=world.bumthang)
    ParticipantFactory(activity=training, person=woman, role=ParticipantRole.TRAINEE)
    # Tang put under Thimphu in the database by hand, as a restored old copy might hold it:
    # no hook sees such a write, and the figures counted then are kept.
    Area.objects.filter(code="BT-33-03").update(parent=area("BT-15"), path="BT-15/BT-33-03/")
    assert by_top_area(world, computation) == {"BT-15": 1}
    assert by_top_area(world, computation) == {"BT-15": 1}
    call_command("load_areas", stdout=StringIO())
    assert by_top_area(world, computation) == {"BT-33": 1}


def retitle(world):
    world.activity.title_en = "Promotion of Bumthang honey, renamed"
    world.activity.end_planned = world.activity.end_planned + dt.timedelta(days=30)
    world.activity.save()


def serve_again(world):
    world.activity.producer_groups.add(world.bumthang)  # served already: nothing changes


@committed
@pytest.mark.parametrize("change", [retitle, serve_again])
@pytest.mark.parametrize("computation", [STARS, READY, SALES])
def test_an_activity_saved_serving_the_same_groups_leaves_the_figures_kept(
    world, computation, change
):
    # Most writes to an activity (its title, its dates, a group it serves already) leave
    # whom the programme serves as it was: nothing over the registry is counted again.
    before = kept(world, computation)
    change(world)
    with CaptureQueriesContext(connection) as queries:
        assert counted(world, computation) == before
    assert not [q for q in queries if any(table in q["sql"] for table in COUNTED)]
    # A group more served: counted again at once.
    serve_thimphu(world)
    assert counted(world, computation) == {STARS: 2, READY: 2, SALES: before}[computation]


@committed
def test_the_income_figures_follow_a_payment_a_purchase_and_a_new_member_at_once(world):
    paid(world.bumthang, dt.date(2017, 5, 1), "100", currency="THB")
    assert (kept(world, PAID), kept(world, MEMBERS), kept(world, KG)) == (
        Decimal("100.00"),
        9,
        0,
    )
    bought(world.bumthang, dt.date(2017, 6, 1), "40")
    assert counted(world, KG) == 40
    assert kept(world, PAID) == Decimal("100.00")  # a purchase leaves the money paid kept
    paid(world.thimphu, dt.date(2017, 6, 1), "10", currency="THB")  # not served: out of scope
    world.activity.producer_groups.add(world.thimphu)
    assert (counted(world, PAID), counted(world, MEMBERS)) == (Decimal("110.00"), 18)
    # A member who joins today joined after the payments: counted for a payment to come.
    world.bumthang.members_female += 1
    world.bumthang.save()
    assert counted(world, MEMBERS) == 18
    today = timezone.localdate()
    paid(world.bumthang, today, "1")
    this_year = (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    assert compute(world.programme, MEMBERS, [this_year])[0].total == 10


@committed
def test_the_dashboard_shows_a_payment_at_once_and_keeps_it_until_the_next(world):
    def income():
        found = programme_dashboard(world.programme).income
        return found.total, {row.code: row.amount for row in found.by_area}

    paid(world.bumthang, dt.date(2017, 5, 1), "100", currency="THB")
    assert income() == (Decimal("100.00"), {"BT-33": Decimal("100.00")})
    with CaptureQueriesContext(connection) as queries:
        assert income() == (Decimal("100.00"), {"BT-33": Decimal("100.00")})
    assert not [q for q in queries if '"supply_payment"' in q["sql"]]
    paid(world.bumthang, dt.date(2017, 6, 1), "50", currency="THB")
    assert income() == (Decimal("150.00"), {"BT-33": Decimal("150.00")})
