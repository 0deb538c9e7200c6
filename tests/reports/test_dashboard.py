"""The programme dashboard: its figures against a programme counted by hand, its charts, the
reader's language and calendar, and a number of queries that does not grow with the data."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.core.thai import format_year
from ogop.products.models import Stage
from ogop.programme.metrics import beneficiary_groups
from ogop.programme.models import ActivityKind, ActivityStatus, ParticipantRole, Sex
from ogop.reports.dashboard import (
    dashboard_charts,
    indicators_chart,
    money_by_year_chart,
    programme_dashboard,
)
from ogop.results.models import Computation
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    ExchangeRateFactory,
    IndicatorFactory,
    ParticipantFactory,
    PeriodFactory,
    PersonFactory,
    ProgrammeFactory,
    ResultFactory,
    component,
    transaction,
)
from tests.supply.helpers import paid

pytestmark = pytest.mark.django_db

TODAY = dt.date(2017, 7, 1)
COMMITMENT, DISBURSEMENT, EXPENDITURE = "2", "3", "4"


def build_programme():
    """A programme in THB (2016–2018) counted by hand; see each test for the sums."""
    programme = ProgrammeFactory(title="OGOP support", title_th="โครงการสนับสนุนโอจีโอพี")
    training, experts = component(programme, 1), component(programme, 2)
    ComponentBudgetFactory(component=training, year=2016, amount=D("100000"))
    ComponentBudgetFactory(component=training, year=2017, amount=D("200000"))
    ComponentBudgetFactory(component=experts, year=2017, amount=D("50000"))

    def activity(kind, status, start, end, **kwargs):
        return ActivityFactory(
            component=kwargs.pop("on", training),
            kind=kind,
            status=status,
            start_planned=start,
            end_planned=end,
            **kwargs,
        )

    done = activity(
        ActivityKind.TRAINING,
        ActivityStatus.IMPLEMENTATION,
        dt.date(2017, 3, 1),
        dt.date(2017, 3, 5),
        start_actual=dt.date(2017, 3, 1),
        end_actual=dt.date(2017, 3, 5),
    )
    late = activity(
        ActivityKind.WORKSHOP,
        ActivityStatus.IMPLEMENTATION,
        dt.date(2017, 5, 1),
        dt.date(2017, 5, 3),
    )
    activity(
        ActivityKind.STUDY_VISIT, ActivityStatus.PIPELINE, dt.date(2017, 9, 1), dt.date(2017, 9, 5)
    )
    activity(
        ActivityKind.EXPERT_MISSION,
        ActivityStatus.CLOSED,
        dt.date(2017, 1, 1),
        dt.date(2017, 2, 1),
        on=experts,
    )
    cancelled = activity(
        ActivityKind.TRAINING, ActivityStatus.CANCELLED, dt.date(2017, 2, 1), dt.date(2017, 2, 2)
    )

    # Money: 2016 80,000 committed, 30,000 spent; 2017 20,000 spent through an activity and
    # USD 1,000 at 35; 2018 5,000 given to no component.
    ExchangeRateFactory(currency="USD", quote="THB", rate=D("35"))
    transaction(programme, "80000", kind=COMMITMENT, date=dt.date(2016, 3, 1), component=training)
    transaction(programme, "30000", date=dt.date(2016, 6, 1), component=training)
    transaction(programme, "20000", kind=EXPENDITURE, date=dt.date(2017, 4, 1), activity=done)
    transaction(programme, "1000", currency="USD", date=dt.date(2017, 5, 1), component=experts)
    transaction(programme, "5000", date=dt.date(2018, 1, 10))

    # People: two women, a man and one whose sex was not recorded; a trainer and the trainee
    # of a cancelled training do not count, nor does a second training of the same woman.
    woman, other_woman = PersonFactory(sex=Sex.FEMALE), PersonFactory(sex=Sex.FEMALE)
    man, unknown = PersonFactory(sex=Sex.MALE), PersonFactory(sex="")
    for person in (woman, man, unknown):
        ParticipantFactory(activity=done, person=person)
    ParticipantFactory(activity=done, person=other_woman, role=ParticipantRole.TRAINER)
    ParticipantFactory(activity=late, person=woman)
    ParticipantFactory(activity=late, person=other_woman)
    ParticipantFactory(activity=cancelled, person=PersonFactory(sex=Sex.MALE))

    # Products: a group served directly (prototype, market-ready), one through a product
    # (idea, prototype); one served only by the cancelled training, one not served at all.
    served, through_product = ProducerGroupFactory(), ProducerGroupFactory()
    ProductFactory(producer_group=served, stage=Stage.PROTOTYPE)
    ProductFactory(producer_group=served, stage=Stage.MARKET_READY)
    idea = ProductFactory(producer_group=through_product, stage=Stage.IDEA)
    ProductFactory(producer_group=through_product, stage=Stage.PROTOTYPE)
    not_served = ProducerGroupFactory()
    ProductFactory(producer_group=not_served, stage=Stage.EXPORTED)
    ProductFactory(stage=Stage.CERTIFIED)
    done.producer_groups.add(served)
    late.products.add(idea)
    cancelled.producer_groups.add(not_served)

    # Indicators: typed in (latest period with a target: 15 of 20), without any target,
    # computed (4 people trained in 2017, of 8), and lower is better (4 against 5).
    result = ResultFactory(programme=programme)
    typed = IndicatorFactory(result=result, title="Groups with a plan", position=1)
    PeriodFactory(indicator=typed, start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31),
                  target=D("10"), actual=D("4"))  # fmt: skip
    PeriodFactory(indicator=typed, start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31),
                  target=D("20"), actual=D("15"))  # fmt: skip
    PeriodFactory(indicator=typed, start=dt.date(2018, 1, 1), end=dt.date(2018, 12, 31),
                  target=None, actual=None)  # fmt: skip
    no_target = IndicatorFactory(result=result, title="Stories told", position=2)
    PeriodFactory(indicator=no_target, target=None, actual=D("3"))
    trained = IndicatorFactory(
        result=result, title="People trained", position=3, computation=Computation.PEOPLE_TRAINED
    )
    PeriodFactory(indicator=trained, target=D("8"))
    lower = IndicatorFactory(result=result, title="Days to deliver", position=4, ascending=False)
    PeriodFactory(indicator=lower, target=D("5"), actual=D("4"))
    return programme


def pay_the_groups(programme):
    """Within the programme's period (2016–2018): the two groups served, in Bumthang, paid
    1,000 and 500 baht, one of them twice; a Samtse group it serves paid 250 ngultrum (100 baht
    at 0.4). Paid too, and not counted: a group it does not serve, and a group served, in 2019."""
    served = list(beneficiary_groups(programme).order_by("pk"))
    paid(served[0], dt.date(2017, 3, 1), "600", currency="THB")
    paid(served[0], dt.date(2018, 3, 1), "400", currency="THB")
    paid(served[1], dt.date(2017, 5, 1), "500", currency="THB")
    samtse = ProducerGroupFactory(area=area("BT-14-01"), members_female=7, members_male=1)
    ActivityFactory(component=component(programme, 5)).producer_groups.add(samtse)
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2016, 1, 1), rate=D("0.4"))
    paid(samtse, dt.date(2017, 9, 1), "250")
    paid(ProducerGroupFactory(), dt.date(2017, 9, 1), "9000", currency="THB")
    paid(served[0], dt.date(2019, 1, 2), "7000", currency="THB")
    return programme


@pytest.fixture
def programme():
    return build_programme()


@pytest.fixture
def dashboard(programme):
    return programme_dashboard(programme, today=TODAY)


def test_money_by_year_is_budget_against_commitments_and_spending(dashboard):
    years = [(row.year, row.money.budget, row.money.committed, row.money.spent)
             for row in dashboard.by_year]  # fmt: skip
    assert years == [
        (2016, D("100000"), D("80000"), D("30000")),
        (2017, D("250000"), D("0"), D("55000")),
        (2018, D("0"), D("0"), D("5000")),
    ]
    total = dashboard.money.total
    assert (total.budget, total.committed, total.spent) == (D("350000"), D("80000"), D("90000"))


def test_money_by_component_counts_an_activitys_transaction_for_its_component(dashboard):
    rows = {row.label: row.total for row in dashboard.money.rows}
    training = rows["1. Training, study visits and workshops"]
    experts = rows["2. Thai experts"]
    assert (training.budget, training.committed, training.spent) == (
        D("300000"),
        D("80000"),
        D("50000"),
    )
    assert (experts.budget, experts.spent) == (D("50000"), D("35000"))
    assert rows["Not assigned to a component"].spent == D("5000")
    assert len(rows) == 8


def test_activities_are_counted_by_status_with_the_late_ones(dashboard):
    counts = {row.status: (row.count, row.late) for row in dashboard.by_status}
    assert counts == {
        ActivityStatus.PIPELINE: (1, 0),
        ActivityStatus.IMPLEMENTATION: (2, 1),
        ActivityStatus.CLOSED: (1, 0),
        ActivityStatus.CANCELLED: (1, 0),
    }
    assert (dashboard.activity_count, dashboard.late_count) == (5, 1)


def test_late_count_agrees_with_each_activitys_own_rule(programme):
    for today in (dt.date(2017, 1, 1), dt.date(2017, 3, 3), TODAY, dt.date(2018, 1, 1)):
        expected = sum(
            activity.is_late(today)
            for component_ in programme.components.all()
            for activity in component_.activities.all()
        )
        assert programme_dashboard(programme, today=today).late_count == expected, today


def test_people_trained_counts_each_trainee_once_by_sex(dashboard):
    people = dashboard.people
    assert (people.women, people.men, people.not_recorded, people.total) == (2, 1, 1, 4)


def test_indicators_show_their_latest_period_with_a_target(dashboard):
    rows = {row.indicator.title: row for row in dashboard.indicators}
    assert set(rows) == {"Groups with a plan", "People trained", "Days to deliver"}
    typed = rows["Groups with a plan"]
    assert (typed.period.start.year, typed.target, typed.period.actual) == (2017, 20, 15)
    assert typed.period.percent == D("75.0")
    assert not typed.is_reached
    assert (rows["People trained"].period.actual, rows["People trained"].period.percent) == (
        4,
        D("50.0"),
    )
    assert rows["Days to deliver"].period.percent == D("125.0")
    assert rows["Days to deliver"].is_reached


def test_products_of_the_groups_served_are_counted_by_stage_in_stage_order(dashboard):
    assert [(row.code, row.count) for row in dashboard.by_stage] == [
        (Stage.IDEA, 1),
        (Stage.PROTOTYPE, 2),
        (Stage.PACKAGING, 0),
        (Stage.CERTIFIED, 0),
        (Stage.MARKET_READY, 1),
        (Stage.EXPORTED, 0),
    ]
    assert (dashboard.product_count, dashboard.group_count) == (4, 2)


def test_money_chart_draws_budget_committed_and_spent_for_each_year(dashboard):
    chart = money_by_year_chart(dashboard)
    assert [bar.label for bar in chart.bars[:3]] == ["2016 budget", "2016 committed", "2016 spent"]
    assert len(chart.bars) == 9
    widest = max(chart.bars, key=lambda bar: bar.width)
    assert widest.label == "2017 budget"


def test_indicator_chart_marks_each_target_at_the_same_place(dashboard):
    chart = indicators_chart(dashboard)
    assert len(chart.bars) == 3
    assert len({bar.marker.x1 for bar in chart.bars}) == 1
    by_label = {bar.label: bar for bar in chart.bars}
    assert by_label["Groups with a plan"].value_text == "75%"
    assert by_label["Groups with a plan"].target_text == "target 20"


def test_every_chart_has_something_to_draw(dashboard):
    charts = dashboard_charts(dashboard)
    assert len(charts) == 6
    assert not any(chart.empty for chart in charts.values())


def test_an_empty_programme_shows_empty_charts_and_zeros():
    empty = programme_dashboard(ProgrammeFactory(), today=TODAY)
    charts = dashboard_charts(empty)
    assert (empty.activity_count, empty.people.total, empty.product_count) == (0, 0, 0)
    assert all(charts[name].empty for name in ("money_by_year", "by_status", "people"))
    assert charts["indicators"].empty


def test_a_thai_reader_sees_buddhist_era_years(settings):
    from django.utils import translation

    with translation.override("th"):
        assert format_year(2017) == "2560"
    assert format_year(2017) == "2017"


# The farmers' income (tests/reports/test_income.py has the rest) -----------------------------


@pytest.fixture
def income(programme):
    return pay_the_groups(programme)


def test_dashboard_page_shows_the_income_map_with_each_dzongkhags_amount(officer_client, income):
    response = officer_client.get(reverse("programme_dashboard", args=[income.pk]))
    text = response.text
    assert 'id="dashboard-paid">1,600.00 THB<' in text
    assert 'id="income-map"' in text
    assert text.count('class="income-area') == 20
    assert text.count('class="income-area paid"') == 2
    assert ">1,500.00 THB</text>" in text
    assert '<tr data-area="BT-14"><td>Samtse</td><td class="num">100.00 THB</td></tr>' in text
    assert "17 women and 9 men members" in text


def test_dashboard_page_without_payments_says_so(officer_client, programme):
    response = officer_client.get(reverse("programme_dashboard", args=[programme.pk]))
    assert 'id="income-none"' in response.text
    assert 'id="income-map"' not in response.text
    assert 'id="dashboard-paid">0.00 THB<' in response.text


# The page ---------------------------------------------------------------------------------------


def test_dashboard_page_shows_the_figures_and_six_charts(officer_client, programme):
    response = officer_client.get(reverse("programme_dashboard", args=[programme.pk]))
    assert response.status_code == 200
    text = response.text
    assert text.count('<svg class="wide"') == 6  # each drawn for a phone as well
    assert "350,000.00 THB" in text
    assert 'id="dashboard-trained">4<' in text
    assert reverse("programme_report_pdf", args=[programme.pk]) in text
    assert reverse("programme_report_xlsx", args=[programme.pk]) in text
    # A programme whose figures are real: none is marked made up.
    assert "badge illustrative" not in text
    assert 'id="illustrative-figures"' not in text


def test_dashboard_page_in_thai_shows_buddhist_era_years_and_the_thai_title(
    officer_client, programme
):
    response = officer_client.get(reverse("programme_dashboard", args=[programme.pk]) + "?lang=th")
    text = response.text
    assert "โครงการสนับสนุนโอจีโอพี" in text
    assert "<td>2560</td>" in text
    assert "<td>2017</td>" not in text


def test_a_reader_who_prefers_thai_digits_gets_them(client, make_user, programme):
    user = make_user(Role.PROGRAMME_OFFICER, thai_digits=True)
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("programme_dashboard", args=[programme.pk]) + "?lang=th")
    assert "<td>๒๕๖๐</td>" in response.text
    assert 'id="dashboard-trained">๔<' in response.text


@pytest.mark.parametrize("role", [Role.PRODUCER, Role.ASSESSOR, Role.CASHIER, Role.EXPERT])
def test_only_programme_staff_see_the_dashboard(client_as, programme, role):
    client = client_as(role)
    assert client.get(reverse("programme_dashboard", args=[programme.pk])).status_code == 404


def test_a_partner_officer_sees_the_dashboard(client, make_user, programme):
    user = make_user(Role.PARTNER_OFFICER)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("programme_dashboard", args=[programme.pk])).status_code == 200


def test_an_anonymous_reader_is_sent_to_log_in(client, programme):
    response = client.get(reverse("programme_dashboard", args=[programme.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_programme_is_not_found(officer_client):
    assert officer_client.get(reverse("programme_dashboard", args=[999999])).status_code == 404


# Queries ----------------------------------------------------------------------------------------


def grow(programme, n):
    """More of everything the dashboard counts: activities, transactions, people, products."""
    first = component(programme, 1)
    for index in range(n):
        activity = ActivityFactory(
            component=component(programme, 1 + index % 7),
            kind=ActivityKind.TRAINING if index % 2 else ActivityKind.PROMOTION,
            status=ActivityStatus.IMPLEMENTATION,
        )
        transaction(programme, "100", date=dt.date(2017, 2, 1), activity=activity)
        transaction(programme, "50", kind=COMMITMENT, date=dt.date(2017, 2, 1), component=first)
        if activity.kind == ActivityKind.TRAINING:
            ParticipantFactory(activity=activity)
            ParticipantFactory(activity=activity, person=PersonFactory(sex=""))
        group = ProducerGroupFactory(area=area(("BT-11-01", "BT-15-08", "BT-41-03")[index % 3]))
        ProductFactory(producer_group=group)
        activity.producer_groups.add(group)
        paid(group, dt.date(2017, 2, 1 + index), "100", currency=("THB", "BTN")[index % 2])
    result = ResultFactory(programme=programme)
    for index in range(n):
        computation = Computation.PEOPLE_TRAINED if index % 2 else Computation.MANUAL
        indicator = IndicatorFactory(result=result, position=index, computation=computation)
        PeriodFactory(indicator=indicator, target=D(n), actual=D(index))


def test_dashboard_queries_do_not_grow_with_the_data(
    officer_client, income, django_assert_max_num_queries
):
    programme = income  # paid in baht and in ngultrum, converted
    url = reverse("programme_dashboard", args=[programme.pk])
    with django_assert_max_num_queries(40) as first:
        assert officer_client.get(url).status_code == 200
    grow(programme, 12)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = officer_client.get(url)
    assert response.status_code == 200
    assert programme_dashboard(programme, today=TODAY).activity_count == 6 + 12
