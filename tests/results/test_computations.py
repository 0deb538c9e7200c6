"""Computed indicators against small data counted by hand.

The programme runs 2016–2018 in THB. Its beneficiaries: the Bumthang group (served by a
training) and the Thimphu group (one of its products served by a business-planning activity);
a group served only by a cancelled activity, and a group never served, are out of scope.
"""

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from ogop.core.metrics import top_area_code, top_area_expression
from ogop.core.thai import format_date
from ogop.fairs.selectors import sales_at_fairs_total
from ogop.places.models import Area
from ogop.products.metrics import stage_on
from ogop.products.models import Product, Stage
from ogop.programme.models import ActivityKind, ActivityStatus, ParticipantRole, TransactionType
from ogop.programme.money import RateBook, rate_on
from ogop.rating.models import ProductRating
from ogop.results.computations import (
    NOT_RECORDED,
    budget_disbursed,
    compute,
    dimensions_of,
    fair_sales,
    people_trained,
    period_actual,
    period_disaggregated_actuals,
    period_value,
    products_3_stars,
    products_market_ready,
)
from ogop.results.indicator_rows import percent_of_target, programme_indicator_values
from ogop.results.models import Computation, Disaggregation, IndicatorMeasure
from tests.factories import ProducerGroupFactory, ProductFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    ExchangeRateFactory,
    IndicatorFactory,
    ParticipantFactory,
    PeriodFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
    transaction,
)
from tests.results.helpers import LOCAL, Counter, move, rate, registered_on
from tests.supply.helpers import bought, paid

Y2016 = (dt.date(2016, 1, 1), dt.date(2016, 12, 31))
Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
Y2018 = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
BUMTHANG, THIMPHU = "BT-33", "BT-15"


def activity(programme, kind=ActivityKind.TRAINING, **fields):
    return ActivityFactory(component=component(programme), kind=kind, **fields)


def trainees(activity, *people, role=ParticipantRole.TRAINEE):
    for person in people:
        ParticipantFactory(activity=activity, person=person, role=role)


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def world(programme):
    """Groups, products and people in and out of the programme's scope."""
    bumthang = ProducerGroupFactory(area=area("BT-33-03"))
    thimphu = ProducerGroupFactory(area=area("BT-15-08"))
    never_served = ProducerGroupFactory(area=area("BT-11-01"))
    cancelled_only = ProducerGroupFactory(area=area("BT-11-01"))
    w = SimpleNamespace(bumthang=bumthang, thimphu=thimphu)
    w.p1 = ProductFactory(producer_group=bumthang, stage=Stage.MARKET_READY)
    w.p2 = ProductFactory(producer_group=bumthang, stage=Stage.EXPORTED)
    w.p7 = ProductFactory(producer_group=bumthang, stage=Stage.PROTOTYPE)
    w.p3 = ProductFactory(producer_group=thimphu, stage=Stage.MARKET_READY)
    w.p4 = ProductFactory(producer_group=thimphu, stage=Stage.EXPORTED)
    w.p5 = ProductFactory(producer_group=never_served, stage=Stage.EXPORTED)
    w.p6 = ProductFactory(producer_group=cancelled_only, stage=Stage.EXPORTED)
    for product in (w.p1, w.p2, w.p3, w.p5, w.p6, w.p7):
        registered_on(product, dt.date(2016, 1, 5))
    registered_on(w.p4, dt.date(2019, 1, 5))

    served = activity(programme, ActivityKind.BUSINESS_PLANNING)
    served.producer_groups.add(bumthang)
    served.products.add(w.p3)
    cancelled = activity(programme, ActivityKind.PROMOTION, status=ActivityStatus.CANCELLED)
    cancelled.producer_groups.add(cancelled_only)
    elsewhere = activity(ProgrammeFactory(), ActivityKind.PROMOTION)
    elsewhere.producer_groups.add(never_served)
    return w


# People trained -------------------------------------------------------------------------------


@pytest.fixture
def trained(programme, world):
    """2017: 3 women, 2 men and 1 whose sex was not recorded; 2018: 1 man, 1 woman."""
    woman1 = PersonFactory(sex="female", producer_group=world.bumthang)
    woman2 = PersonFactory(sex="female", producer_group=world.bumthang)
    woman3 = PersonFactory(sex="female", producer_group=world.thimphu)
    man1 = PersonFactory(sex="male", producer_group=world.thimphu)
    man2 = PersonFactory(sex="male")
    unrecorded = PersonFactory(sex="")
    first = activity(programme, start_planned=dt.date(2017, 3, 1), end_planned=dt.date(2017, 3, 5))
    trainees(first, woman1, woman2, man1, unrecorded)
    trainees(first, PersonFactory(sex="female"), role=ParticipantRole.TRAINER)
    workshop = activity(
        programme,
        ActivityKind.WORKSHOP,
        start_planned=dt.date(2017, 6, 1),
        end_planned=dt.date(2017, 6, 3),
        start_actual=dt.date(2017, 6, 8),
        end_actual=dt.date(2017, 6, 10),
    )
    trainees(workshop, woman1, woman3, man2)  # woman1 again: counted once
    cancelled = activity(programme, status=ActivityStatus.CANCELLED)
    trainees(cancelled, PersonFactory(sex="female"))
    mission = activity(programme, ActivityKind.EXPERT_MISSION)
    trainees(mission, PersonFactory(sex="male"))
    elsewhere = ActivityFactory()
    trainees(elsewhere, PersonFactory(sex="male"))
    late = activity(
        programme,
        start_planned=dt.date(2017, 12, 20),
        end_planned=dt.date(2017, 12, 28),
        start_actual=dt.date(2017, 12, 27),
        end_actual=dt.date(2018, 1, 3),
    )
    trainees(late, PersonFactory(sex="female"))
    next_year = activity(
        programme, start_planned=dt.date(2018, 2, 1), end_planned=dt.date(2018, 2, 1)
    )
    trainees(next_year, PersonFactory(sex="male"))


def test_people_trained_counts_each_trainee_once_by_sex_and_area(programme, trained):
    value = people_trained(programme, *Y2017)
    assert value.total == 6
    assert value.by == {
        ("sex", "female"): 3,
        ("sex", "male"): 2,
        ("sex", NOT_RECORDED): 1,
        ("area", BUMTHANG): 2,
        ("area", THIMPHU): 2,
        ("area", NOT_RECORDED): 2,
    }


def test_people_trained_go_to_the_period_their_training_ended_in(programme, trained):
    value = people_trained(programme, *Y2018)
    assert value.total == 2
    assert value.by[("sex", "female")] == 1
    assert value.by[("sex", "male")] == 1
    assert value.by[("sex", NOT_RECORDED)] == 0
    assert people_trained(programme, *Y2016).total == 0


def test_people_trained_on_the_last_day_of_the_period_count(programme, trained):
    assert people_trained(programme, dt.date(2017, 3, 5), dt.date(2017, 3, 5)).total == 4
    assert people_trained(programme, dt.date(2017, 3, 6), dt.date(2017, 6, 9)).total == 0


def test_categories_come_sex_first_then_areas_by_code(programme, trained):
    value = people_trained(programme, *Y2017)
    assert list(value.by) == [
        ("sex", "female"),
        ("sex", "male"),
        ("sex", NOT_RECORDED),
        ("area", THIMPHU),
        ("area", BUMTHANG),
        ("area", NOT_RECORDED),
    ]


def test_periods_counted_together_count_as_each_alone(programme, trained):
    spans = [Y2016, Y2017, Y2018, (dt.date(2017, 3, 5), dt.date(2018, 2, 1))]
    together = compute(programme, Computation.PEOPLE_TRAINED, spans)
    assert together == [people_trained(programme, *span) for span in spans]
    assert together[3].total == 8  # woman1 once, though trained twice in the span


def test_top_area_expression_agrees_with_top_area_code(db):
    Area.objects.create(country="BT", level=1, kind="dzongkhag", code="XX", name="X", path="XX")
    areas = Area.objects.annotate(top=top_area_expression("path")).values_list("path", "top")
    assert all((top or None) == top_area_code(path) for path, top in areas)
    assert len(areas) > 1000


# Stars ------------------------------------------------------------------------------------


@pytest.fixture
def rated(world):
    rate(world.p1, dt.date(2017, 5, 1), 3)
    rate(world.p2, dt.date(2017, 5, 1), 4)
    rate(world.p2, dt.date(2017, 11, 1), 2)  # fell back below 3 before the end
    rate(world.p3, dt.date(2017, 5, 1), 2)
    rate(world.p3, dt.date(2018, 3, 1), 4)
    rate(world.p4, dt.date(2016, 6, 1), 5)
    rate(world.p5, dt.date(2017, 5, 1), 5)  # out of scope
    rate(world.p6, dt.date(2017, 5, 1), 5)  # its group only had a cancelled activity


def test_products_3_stars_is_the_level_at_the_end_of_the_period(programme, rated):
    value = products_3_stars(programme, *Y2017)
    assert value.total == 2  # p1 and p4 (rated in 2016, still 5 stars)
    assert value.by == {("area", BUMTHANG): 1, ("area", THIMPHU): 1}
    assert products_3_stars(programme, *Y2016).total == 1
    assert products_3_stars(programme, *Y2018).total == 3


def test_a_rating_after_the_period_end_does_not_count(programme, rated):
    assert products_3_stars(programme, dt.date(2017, 1, 1), dt.date(2017, 4, 30)).total == 1


def test_of_two_ratings_on_the_same_day_the_later_one_counts(programme, world):
    rate(world.p1, dt.date(2017, 5, 1), 4)
    later = rate(world.p2, dt.date(2017, 5, 1), 4)  # a second round the same day
    ProductRating.objects.create(
        product=world.p1,
        round=later.round,
        score=D(18),
        stars=1,
        assessors=1,
        rated_on=later.rated_on,
    )
    assert products_3_stars(programme, *Y2017).by == {("area", BUMTHANG): 1}  # p2, not p1


# Stages -----------------------------------------------------------------------------------


@pytest.fixture
def moved(world):
    move(world.p1, dt.date(2016, 5, 1), None, Stage.PROTOTYPE)
    move(world.p1, dt.date(2017, 4, 1), Stage.PROTOTYPE, Stage.MARKET_READY)
    move(world.p2, dt.date(2018, 2, 1), Stage.CERTIFIED, Stage.EXPORTED)
    move(world.p7, dt.date(2017, 6, 1), Stage.MARKET_READY, Stage.PROTOTYPE)
    move(world.p5, dt.date(2016, 5, 1), Stage.CERTIFIED, Stage.EXPORTED)  # out of scope
    # p3: market-ready, no moves, registered in 2016; p4: exported, registered in 2019.


def test_products_market_ready_reads_the_stage_history(programme, moved):
    value = products_market_ready(programme, *Y2017)
    assert value.total == 2  # p1 (moved in April) and p3 (no moves, registered before)
    assert value.by == {("area", BUMTHANG): 1, ("area", THIMPHU): 1}
    assert products_market_ready(programme, *Y2016).total == 2  # p3, and p7 before its move
    assert products_market_ready(programme, *Y2018).total == 3  # p1, p2 (exported), p3


def test_a_product_registered_after_the_period_is_not_counted(programme, world):
    # p1, p2 and p3; p4 (exported) entered the registry on 5 January 2019.
    assert products_market_ready(programme, dt.date(2019, 1, 1), dt.date(2019, 1, 4)).total == 3
    assert products_market_ready(programme, dt.date(2019, 1, 1), dt.date(2019, 1, 5)).total == 4


def test_a_product_registered_late_on_the_last_day_counts(programme, world):
    late = dt.datetime(2019, 1, 4, 23, 30, tzinfo=LOCAL)  # late in the evening, local time
    Product.objects.filter(pk=world.p4.pk).update(created_at=late)
    assert products_market_ready(programme, dt.date(2019, 1, 1), dt.date(2019, 1, 3)).total == 3
    assert products_market_ready(programme, dt.date(2019, 1, 1), dt.date(2019, 1, 4)).total == 4


def test_of_two_moves_on_the_same_day_the_later_one_counts(programme, world):
    move(world.p7, dt.date(2017, 6, 1), Stage.PROTOTYPE, Stage.MARKET_READY)
    move(world.p7, dt.date(2017, 6, 1), Stage.MARKET_READY, Stage.PROTOTYPE)
    counted = products_market_ready(programme, *Y2017)
    assert counted.total == 3  # p1, p2 (exported), p3 with no moves; not p7, back to prototype
    assert counted.by == {("area", BUMTHANG): 2, ("area", THIMPHU): 1}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2016, 1, 1), "certified"),  # before the first move: where it started from
        (dt.date(2017, 3, 1), "market_ready"),
        (dt.date(2017, 3, 2), "exported"),
    ],
)
def test_stage_on_a_day(day, expected):
    changes = [
        (dt.date(2017, 3, 1), "certified", "market_ready"),
        (dt.date(2017, 3, 2), "market_ready", "exported"),
    ]
    registered = dt.date(2015, 1, 1)
    assert stage_on(day=day, changes=changes, current="exported", registered_on=registered) == (
        expected
    )


def test_stage_on_a_day_before_the_product_entered_the_registry_is_none():
    changes = [(dt.date(2017, 3, 1), None, "market_ready")]
    registered = dt.date(2017, 3, 1)
    assert (
        stage_on(day=dt.date(2017, 2, 1), changes=changes, current="x", registered_on=registered)
        is None
    )
    assert stage_on(day=dt.date(2017, 2, 1), changes=[], current="x", registered_on=registered) is (
        None
    )


# Sales at fairs ---------------------------------------------------------------------------


@pytest.fixture
def sold(world):
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2017, 1, 1), rate=D("0.5"))
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2017, 9, 1), rate=D("0.6"))
    baht = Counter("THB")
    baht.sell(world.p1, dt.datetime(2017, 3, 10, 11), "300.00")
    baht.sell(world.p1, dt.datetime(2017, 3, 11, 11), "200.00", void=True)
    baht.sell(world.p1, dt.datetime(2017, 12, 31, 23, 30), "70.00")  # local time: still 2017
    baht.sell(world.p1, dt.datetime(2018, 1, 1, 0, 30), "50.00")
    baht.sell(world.p5, dt.datetime(2017, 3, 10, 11), "999.00")  # out of scope
    ngultrum = Counter("BTN")
    ngultrum.sell(world.p3, dt.datetime(2017, 8, 1, 11), "1000.00")  # × 0.5
    ngultrum.sell(world.p4, dt.datetime(2017, 10, 1, 11), "500.00")  # × 0.6
    return SimpleNamespace(baht=baht, ngultrum=ngultrum)


def test_fair_sales_converts_each_days_sales_at_that_days_rate(programme, sold):
    value = fair_sales(programme, *Y2017)
    assert value.total == D("1170.00")  # 300 + 70 + 1000 × 0.5 + 500 × 0.6
    assert value.by == {("area", BUMTHANG): D("370.00"), ("area", THIMPHU): D("800.00")}
    assert fair_sales(programme, *Y2018).total == D("50.00")
    assert fair_sales(programme, *Y2016).total == D("0")


def test_a_sale_counts_on_its_day_at_the_fair_in_the_fairs_time_zone(programme, world):
    bangkok = ZoneInfo("Asia/Bangkok")
    # Half past midnight on New Year's Day in Bangkok: still 31 December in Thimphu.
    Counter("THB", country="TH").sell(
        world.p1, dt.datetime(2018, 1, 1, 0, 30, tzinfo=bangkok), "80.00"
    )
    assert fair_sales(programme, *Y2017).total == D("0")
    assert fair_sales(programme, *Y2018).total == D("80.00")


def test_fair_sales_without_a_rate_says_it_cannot_compute(programme, world):
    Counter("USD").sell(world.p1, dt.datetime(2017, 3, 10, 11), "10.00")
    value = fair_sales(programme, *Y2017)
    assert value.total is None
    assert value.error.startswith("Cannot compute: there is no exchange rate from USD to THB")


def test_fair_sales_name_the_first_day_without_a_rate_and_spare_the_other_periods(
    programme, world, sold
):
    sold.ngultrum.sell(world.p4, dt.datetime(2016, 12, 5, 9), "60.00")
    sold.ngultrum.sell(world.p3, dt.datetime(2016, 11, 2, 9), "40.00")  # before any BTN rate

    y2016, y2017 = compute(programme, Computation.FAIR_SALES, [Y2016, Y2017])

    assert y2016.total is None
    assert format_date(dt.date(2016, 11, 2)) in y2016.error
    assert y2017 == fair_sales(programme, *Y2017)
    assert y2017.total == D("1170.00")


def test_sales_at_fairs_total_can_be_limited_to_some_producer_groups(sold, world):
    assert sales_at_fairs_total(start=Y2017[0], end=Y2017[1], producer_groups=[world.bumthang]) == {
        "THB": D("370.00")
    }
    assert sales_at_fairs_total(start=Y2017[0], end=Y2017[1])["THB"] == D("1369.00")
    assert sales_at_fairs_total(fairs=[sold.ngultrum.fair]) == {"BTN": D("1500.00")}


def test_rate_book_reads_rates_as_rate_on_does(db):
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=D("35"))
    ExchangeRateFactory(currency="THB", quote="USD", valid_from=dt.date(2017, 1, 1), rate=D("0.04"))
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2018, 1, 1), rate=D("33"))
    book = RateBook(["USD", "THB"], "THB")
    for day in (dt.date(2016, 6, 1), dt.date(2017, 6, 1), dt.date(2018, 6, 1)):
        assert book.rate("USD", day) == rate_on("USD", "THB", day)
    assert book.rate("USD", dt.date(2017, 6, 1)) == D(25)


# Budget -----------------------------------------------------------------------------------


@pytest.fixture
def spent(programme):
    ComponentBudgetFactory(component=component(programme, 1), year=2016, amount=D("100000"))
    ComponentBudgetFactory(component=component(programme, 2), year=2017, amount=D("140000"))
    other = ProgrammeFactory()
    ComponentBudgetFactory(component=component(other, 1), year=2017, amount=D("999999"))
    transaction(other, "77777", date=dt.date(2017, 1, 1))
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=D("35"))
    transaction(programme, "50000", date=dt.date(2016, 6, 1))
    transaction(programme, "25000", kind=TransactionType.EXPENDITURE, date=dt.date(2017, 3, 1))
    transaction(programme, "100000", kind=TransactionType.COMMITMENT, date=dt.date(2017, 1, 1))
    transaction(programme, "1000", currency="USD", date=dt.date(2017, 7, 1))  # 35,000 THB
    transaction(programme, "30000", date=dt.date(2018, 5, 1))


def test_budget_disbursed_is_the_share_spent_up_to_the_period_end(programme, spent):
    assert budget_disbursed(programme, *Y2016).total == D("20.8")  # 50,000 / 240,000
    assert budget_disbursed(programme, *Y2017).total == D("45.8")  # 110,000 / 240,000
    assert budget_disbursed(programme, *Y2018).total == D("58.3")  # 140,000 / 240,000
    assert budget_disbursed(programme, *Y2017).by == {}


def test_budget_disbursed_without_a_budget_is_none(programme):
    transaction(programme, "50000", date=dt.date(2016, 6, 1))
    assert budget_disbursed(programme, *Y2017).total is None


# The farmers' income ------------------------------------------------------------------------


@pytest.fixture
def income(programme, world):
    """2017: OGOP paid the Bumthang group (5 women, 4 men; 8 and 6 since the autumn) twice
    and the Thimphu group (5 and 4) once, bought 120 kg and 30 litres from Bumthang and 80 kg
    from Thimphu; it paid and bought from a group the programme does not serve as well."""
    for group in (world.bumthang, world.thimphu):
        group.history.update(history_date=dt.datetime(2016, 1, 5, tzinfo=LOCAL))
    paid(world.bumthang, dt.date(2017, 3, 1), "100")
    paid(world.bumthang, dt.date(2017, 10, 1), "100")
    world.bumthang.members_female, world.bumthang.members_male = 8, 6
    world.bumthang._history_date = dt.datetime(2017, 9, 1, 12, tzinfo=LOCAL)
    world.bumthang.save()
    paid(world.thimphu, dt.date(2017, 6, 1), "100")
    bought(world.bumthang, dt.date(2017, 4, 1), "120")
    bought(world.bumthang, dt.date(2017, 4, 1), "29", unit="l")  # and 1 l with each payment
    bought(world.thimphu, dt.date(2017, 5, 1), "80")
    outside = ProducerGroupFactory(area=area("BT-11-01"), members_female=50)
    paid(outside, dt.date(2017, 3, 1), "100")
    bought(outside, dt.date(2017, 3, 1), "999")


def test_members_paid_counts_the_groups_served_by_sex_then_area(programme, income):
    value = compute(programme, Computation.MEMBERS_PAID, [Y2017])[0]
    # Bumthang as it stood on its first payment, in March; paid twice, counted once.
    assert value.total == 18
    assert list(value.by.items()) == [
        (("sex", "female"), 10),
        (("sex", "male"), 8),
        (("area", THIMPHU), 9),
        (("area", BUMTHANG), 9),
    ]


def test_members_paid_in_a_period_after_a_change_count_the_new_members(programme, income):
    autumn = (dt.date(2017, 9, 15), dt.date(2017, 12, 31))
    value = compute(programme, Computation.MEMBERS_PAID, [autumn])[0]
    assert (value.total, value.by[("sex", "female")], value.by[("sex", "male")]) == (14, 8, 6)


def test_volume_bought_is_counted_for_each_unit_apart(programme, income):
    kg = compute(programme, Computation.BOUGHT_KG, [Y2016, Y2017])
    litres = compute(programme, Computation.BOUGHT_LITRES, [Y2017])[0]
    pieces = compute(programme, Computation.BOUGHT_PIECES, [Y2017])[0]
    assert [value.total for value in kg] == [0, 200]
    assert kg[1].by == {("area", THIMPHU): 80, ("area", BUMTHANG): 120}
    assert litres.total == 32  # 29, and 1 with each of the three payments
    assert (pieces.total, pieces.by) == (0, {})


def test_an_indicator_of_members_paid_takes_its_actuals_and_breakdown_from_them(programme, income):
    members = indicator(programme, Computation.MEMBERS_PAID)
    period = PeriodFactory(indicator=members, target=D("20"), actual=D("99"))
    (row,) = programme_indicator_values(programme)
    assert row.periods[0].actual == 18
    assert row.periods[0].percent == D("90.0")
    assert period_disaggregated_actuals(period)[("sex", "female")] == 10
    assert dimensions_of(Computation.MEMBERS_PAID) == ("sex", "area")
    assert dimensions_of(Computation.BOUGHT_KG) == ("area",)


# Periods and the whole framework ----------------------------------------------------------


def indicator(programme, computation, **fields):
    return IndicatorFactory(result__programme=programme, computation=computation, **fields)


def test_period_actual_is_computed_for_a_computed_indicator(programme, trained):
    period = PeriodFactory(
        indicator=indicator(programme, Computation.PEOPLE_TRAINED), actual=D("99")
    )
    assert period_actual(period) == 6
    assert period_disaggregated_actuals(period)[("sex", "female")] == 3


def test_period_actual_is_the_typed_in_one_for_a_manual_indicator(programme):
    period = PeriodFactory(indicator=indicator(programme, Computation.MANUAL), actual=D("7"))
    Disaggregation.objects.create(period=period, dimension="sex", category="female", actual=4)
    Disaggregation.objects.create(period=period, dimension="sex", category="male", target=3)
    assert period_actual(period) == 7
    assert period_disaggregated_actuals(period) == {("sex", "female"): 4}


def test_period_value_that_cannot_be_computed_is_none_with_the_reason(programme, world):
    Counter("JPY").sell(world.p1, dt.datetime(2017, 3, 10, 11), "1000")
    period = PeriodFactory(indicator=indicator(programme, Computation.FAIR_SALES))
    assert period_actual(period) is None
    assert "JPY" in period_value(period).error


@pytest.mark.parametrize(
    ("actual", "target", "ascending", "expected"),
    [
        ("6", "10", True, D("60.0")),
        ("15", "10", True, D("150.0")),
        ("1", "3", True, D("33.3")),
        ("5", "0", True, None),
        (None, "10", True, None),
        ("6", None, True, None),
        ("20", "10", False, D("50.0")),  # lower is better: twice the target is half-way
        ("5", "10", False, D("200.0")),
        ("0", "10", False, D("100.0")),
    ],
)
def test_percent_of_target_respects_the_direction(actual, target, ascending, expected):
    value = percent_of_target(
        None if actual is None else D(actual),
        None if target is None else D(target),
        ascending=ascending,
    )
    assert value == expected


def test_programme_indicator_values_gives_every_period_with_targets_and_actuals(
    programme, trained, rated
):
    people = indicator(programme, Computation.PEOPLE_TRAINED, title="People trained")
    p2017 = PeriodFactory(indicator=people, target=D("10"))
    Disaggregation.objects.create(period=p2017, dimension="sex", category="female", target=5)
    Disaggregation.objects.create(period=p2017, dimension="area", category="BT-11", target=2)
    PeriodFactory(indicator=people, start=Y2018[0], end=Y2018[1], target=D("4"))
    stars = indicator(programme, Computation.PRODUCTS_THREE_STARS)
    PeriodFactory(indicator=stars, target=D("2"))
    manual = indicator(programme, Computation.MANUAL, ascending=False)
    PeriodFactory(indicator=manual, target=D("10"), actual=D("20"))
    indicator(ProgrammeFactory(), Computation.PEOPLE_TRAINED)  # another programme's

    rows = {row.indicator.pk: row for row in programme_indicator_values(programme)}

    assert set(rows) == {people.pk, stars.pk, manual.pk}
    first, second = rows[people.pk].periods
    assert (first.target, first.actual, first.percent) == (D("10"), D("6"), D("60.0"))
    assert (second.actual, second.percent) == (D("2"), D("50.0"))
    breakdown = {(r.dimension, r.category): (r.target, r.actual) for r in first.disaggregations}
    assert breakdown[("sex", "female")] == (D("5"), D("3"))
    assert breakdown[("sex", "male")] == (None, D("2"))
    assert breakdown[("area", "BT-11")] == (D("2"), D("0"))  # a target, nobody trained there
    assert [r.label for r in first.by_sex] == ["female", "male", "not recorded"]
    assert [r.label for r in first.by_area] == ["Bumthang", "Paro", "Thimphu", "not recorded"]
    assert rows[stars.pk].periods[0].actual == 2
    assert rows[stars.pk].periods[0].reached is True
    assert rows[manual.pk].periods[0].actual == D("20")
    assert rows[manual.pk].periods[0].percent == D("50.0")
    assert rows[people.pk].latest is second


def test_budget_indicator_is_a_percentage(programme, spent):
    budget = indicator(programme, Computation.BUDGET_DISBURSED, measure=IndicatorMeasure.PERCENTAGE)
    PeriodFactory(indicator=budget, target=D("50"))
    (row,) = programme_indicator_values(programme)
    assert row.periods[0].actual == D("45.8")
    assert row.periods[0].percent == D("91.6")


def _framework(programme, world, years):
    """Every computation, one period per year of `years`, and some products."""
    for computation in Computation.values:
        if not computation:
            continue
        ind = indicator(programme, computation, measure=IndicatorMeasure.PERCENTAGE)
        for year in years:
            period = PeriodFactory(
                indicator=ind, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
            )
            Disaggregation.objects.create(period=period, dimension="area", category="BT-33")
    return ind


@pytest.mark.parametrize("size", ["small", "large"])
def test_programme_indicator_values_takes_the_same_queries_whatever_the_size(
    programme, world, django_assert_max_num_queries, size
):
    ComponentBudgetFactory(component=component(programme), year=2017)
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2016, 1, 1), rate=D("0.4"))
    years = [2016] if size == "small" else [2016, 2017, 2018]
    _framework(programme, world, years)
    ngultrum = Counter("BTN")
    person = PersonFactory(producer_group=world.bumthang)
    for index in range(1 if size == "small" else 8):
        product = ProductFactory(producer_group=world.bumthang)
        rate(product, dt.date(2016, 5, 1), 4)
        move(product, dt.date(2016, 5, 1), Stage.PROTOTYPE, Stage.MARKET_READY)
        ngultrum.sell(product, dt.datetime(2016, 5, 1 + index, 10), "100")
        trainees(activity(programme), PersonFactory(), person)
        paid(world.bumthang, dt.date(2016, 6, 1 + index), "250")  # in ngultrum: converted
        bought(world.thimphu, dt.date(2016, 7, 1 + index), "10")
        bought(world.thimphu, dt.date(2016, 7, 1 + index), "3", unit="piece")
        paid(world.thimphu, dt.date(2016, 8, 1 + index), "10")  # its members read once

    # Five of them read the payments: the money paid (its sums, the days in another currency
    # and their rates), the groups paid and their members; one query each the volume bought
    # in kilograms, litres and pieces.
    with django_assert_max_num_queries(22):
        rows = programme_indicator_values(programme)

    assert len(rows) == len(Computation.values) - 1  # every computation but typed-in
    assert all(len(row.periods) == len(years) for row in rows)
