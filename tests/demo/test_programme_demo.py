"""The demo programme in full: activities in every component and year, money in three
currencies, people, missions, equipment, promotion, business plans, a twinning and results."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from lxml import etree

from ogop.accounts.models import User
from ogop.core.money import quantize
from ogop.demo.loader import PROGRAMME_ID, load_demo
from ogop.fairs.models import Exhibit
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.models import (
    LEARNING_KINDS,
    Activity,
    ActivityKind,
    ActivityStatus,
    BusinessPlan,
    ComponentBudget,
    Delivery,
    ExchangeRate,
    Mission,
    MissionKind,
    Participant,
    ParticipantRole,
    Person,
    Programme,
    ProgrammeSector,
    PromotionItem,
    PromotionKind,
    Transaction,
    TransactionType,
    Twinning,
    TwinningVisit,
    VisitDirection,
)
from ogop.programme.money import rate_on
from ogop.reports.iati import write_iati
from ogop.results.models import Computation, Disaggregation, Indicator, Period, Result, ResultType

# The kinds of activity each of the seven components holds.
COMPONENT_KINDS = {
    1: {ActivityKind.TRAINING, ActivityKind.WORKSHOP, ActivityKind.STUDY_VISIT},
    2: {ActivityKind.EXPERT_MISSION},
    3: {ActivityKind.VOLUNTEER_ASSIGNMENT},
    4: {ActivityKind.EQUIPMENT_DELIVERY},
    5: {ActivityKind.PROMOTION},
    6: {ActivityKind.BUSINESS_PLANNING},
    7: {ActivityKind.MONITORING_VISIT},
}
MODELS = [
    ProgrammeSector,
    ExchangeRate,
    ComponentBudget,
    Activity,
    Transaction,
    Person,
    Participant,
    Mission,
    Delivery,
    PromotionItem,
    BusinessPlan,
    ProducerGroup,
    Twinning,
    TwinningVisit,
    Result,
    Indicator,
    Period,
    Disaggregation,
]


@pytest.fixture
def programme(demo, db):
    return Programme.objects.get(identifier=PROGRAMME_ID)


def _activities(programme):
    return Activity.objects.filter(component__programme=programme)


def _state():
    """How many records of each kind, and of each kind's history."""
    return {
        model.__name__: (
            model.objects.count(),
            getattr(model, "history", None) and model.history.count(),
        )
        for model in MODELS
    }


def test_demo_activities_cover_all_seven_components_in_each_year(programme):
    activities = _activities(programme).select_related("component", "area")
    assert 25 <= activities.count() <= 35
    for component in programme.components.all():
        own = [a for a in activities if a.component_id == component.pk]
        assert len(own) >= 3, component
        assert {a.kind for a in own} <= COMPONENT_KINDS[component.position]
    assert {a.start_planned.year for a in activities} == {2016, 2017, 2018}
    for year in (2016, 2017, 2018):
        in_year = {a.component.position for a in activities if a.start_planned.year == year}
        assert len(in_year) == 7, year
    abroad = [a for a in activities if a.kind == ActivityKind.STUDY_VISIT]
    assert abroad
    assert all(a.country == "TH" and a.area.country == "TH" for a in abroad)
    assert all(a.responsible_organisation_id and a.budget > 0 for a in activities)
    assert all(a.producer_groups.exists() or a.kind == ActivityKind.PROMOTION for a in activities)


def test_demo_activities_have_all_ended_two_of_them_late(programme):
    activities = list(_activities(programme))
    before_2018 = [a for a in activities if a.start_planned.year < 2018]
    assert {a.status for a in before_2018} == {ActivityStatus.CLOSED}
    assert all(a.end_actual for a in activities)
    assert [a.end_actual > a.end_planned for a in before_2018].count(True) == 1
    assert [a.end_actual > a.end_planned for a in activities].count(True) == 2
    assert not [a for a in activities if a.is_late(today=dt.date(2019, 1, 1))]
    assert {a.status for a in activities} == {ActivityStatus.CLOSED, ActivityStatus.FINALISATION}


def test_demo_illustrative_activities_say_so(programme):
    for activity in _activities(programme):
        assert activity.title_th
        assert activity.description_th
        if activity.title_en == "Bhutan's OGOP booth at OTOP CITY 2017":
            assert activity.description_en.startswith("From the source document")
        else:
            assert activity.description_en.startswith("Illustrative")


def test_demo_activities_serve_the_bhutanese_groups_and_the_fair_products(programme):
    served = ProducerGroup.objects.filter(programme_activities__component__programme=programme)
    assert set(served.values_list("area__country", flat=True)) == {"BT"}
    assert served.distinct().count() == 25
    booth = _activities(programme).get(title_en="Bhutan's OGOP booth at OTOP CITY 2017")
    assert booth.products.count() == 35


def test_demo_sectors_and_budgets_plan_every_component_and_year(programme):
    assert sum(s.percentage for s in programme.sectors.all()) == 100
    assert {s.code for s in programme.sectors.all()} == {"31120", "32130", "32140"}
    budgets = ComponentBudget.objects.filter(component__programme=programme)
    assert budgets.count() == 21
    assert {b.year for b in budgets} == {2016, 2017, 2018}
    for budget in budgets:
        planned = _activities(programme).filter(
            component=budget.component, start_planned__year=budget.year
        )
        assert planned.aggregate(total=Sum("budget"))["total"] == budget.amount > 0


def test_demo_transactions_in_three_currencies_are_converted_at_the_days_rate(programme):
    transactions = list(programme.transactions.all())
    assert {t.currency for t in transactions} == {"THB", "USD", "BTN"}
    assert {t.kind for t in transactions} == set(TransactionType.values)
    for txn in transactions:
        assert txn.rate == rate_on(txn.currency, "THB", txn.date)
        assert txn.amount_in_programme_currency == quantize(txn.amount * txn.rate, "THB")
        assert (txn.rate == 1) == (txn.currency == "THB")
    usd = next(t for t in transactions if t.currency == "USD")
    assert 30 < usd.rate < 37
    btn = next(t for t in transactions if t.currency == "BTN")
    assert Decimal("0.4") < btn.rate < Decimal("0.6")
    commitments = [t for t in transactions if t.kind == TransactionType.COMMITMENT]
    assert len(commitments) == 21
    assert all(t.date.month == 1 and t.currency == "THB" for t in commitments)
    assert ExchangeRate.objects.filter(source__startswith="Illustrative").count() == 36


def test_demo_spending_stays_within_each_activitys_budget(programme):
    for activity in _activities(programme).annotate(
        spent=Sum("transactions__amount_in_programme_currency")
    ):
        assert activity.spent is not None, activity
        assert 0 < activity.spent <= activity.budget * Decimal("1.01"), activity


def test_demo_trainees_are_women_men_and_some_not_recorded(programme):
    trainees = Participant.objects.filter(
        activity__component__programme=programme, role=ParticipantRole.TRAINEE
    ).select_related("person", "activity")
    assert {t.activity.kind for t in trainees} == set(LEARNING_KINDS)
    sexes = [p.sex for p in Person.objects.filter(participations__in=trainees).distinct()]
    assert sexes.count("female") > sexes.count("male") > 10
    assert 2 <= sexes.count("") <= 3
    assert all(t.person.producer_group.area.country == "BT" for t in trainees)
    tested = [t for t in trainees if t.pre_score is not None and t.post_score is not None]
    assert len(tested) > 50
    gains = [t.learning_gain for t in tested]
    assert all(Decimal(5) <= gain <= Decimal(35) for gain in gains)
    assert all(t.days_attended and t.days_attended > 0 for t in trainees)
    assert 55 <= Person.objects.count() <= 70


def test_demo_trainers_come_from_thai_universities(programme):
    teachers = Participant.objects.filter(
        activity__component__programme=programme,
        role__in=[ParticipantRole.TRAINER, ParticipantRole.FACILITATOR],
    ).select_related("person__organisation")
    assert {t.person.organisation.country for t in teachers} == {"TH"}
    from_universities = {
        t.person.name for t in teachers if t.person.organisation.kind == "university"
    }
    assert len(from_universities) >= 2


def test_demo_expert_user_has_own_missions_one_report_still_due(programme):
    expert = User.objects.get(username="expert")
    own = Mission.objects.filter(person__user=expert).order_by("start")
    assert own.count() == 2
    assert own[0].report
    assert own[0].report_submitted_on
    assert not own[1].report
    assert own[1].report_submitted_on is None
    missions = Mission.objects.filter(activity__component__programme=programme)
    assert {m.kind for m in missions} == {MissionKind.EXPERT, MissionKind.VOLUNTEER}
    assert all(m.host_group.area.country == "BT" and m.host_area for m in missions)
    assert all(m.report.startswith("Illustrative") for m in missions if m.report)


def test_demo_deliveries_in_use_one_not_and_one_not_visited(programme):
    deliveries = Delivery.objects.filter(activity__component__programme=programme)
    assert deliveries.filter(in_use=True).count() >= 5
    assert deliveries.filter(in_use=False, last_visit_on__isnull=False).count() == 1
    assert deliveries.filter(in_use__isnull=True, last_visit_on__isnull=True).count() == 1
    assert {d.currency for d in deliveries} == {"THB", "USD", "BTN"}


def test_demo_promotion_has_the_otop_city_2017_booth(programme):
    items = programme.promotion_items.all()
    assert {i.kind for i in items} == {
        PromotionKind.BROCHURE,
        PromotionKind.VIDEO,
        PromotionKind.SOCIAL_POST,
        PromotionKind.FAIR_BOOTH,
    }
    booth = items.get(kind=PromotionKind.FAIR_BOOTH)
    assert booth.fair.code == "OTOP-CITY-2017"
    assert booth.published_on == dt.date(2017, 12, 17)
    assert booth.activity.component.position == 5


def test_demo_business_plans_have_two_versions_for_three_products(programme):
    plans = BusinessPlan.objects.filter(activity__component__programme=programme)
    versions = plans.values("product").annotate(n=Count("pk"))
    assert sorted(v["n"] for v in versions) == [2, 2, 2]
    for product in {plan.product for plan in plans}:
        first, second = product.business_plans.order_by("version")
        assert (first.version, second.version) == (1, 2)
        assert first.prepared_on < second.prepared_on
        assert second.profit > first.profit > 0


def test_demo_twinning_pairs_a_bhutanese_and_an_illustrative_thai_group(programme):
    twinning = programme.twinnings.get()
    assert twinning.bhutan_group.area.country == "BT"
    thai = twinning.thai_group
    assert thai.area.country == "TH"
    assert thai.is_illustrative
    assert not thai.is_public
    assert not thai.programme_activities.exists()  # not a beneficiary of the programme
    visits = list(twinning.visits.order_by("start"))
    assert [v.direction for v in visits] == [VisitDirection.TO_THAILAND, VisitDirection.TO_BHUTAN]
    assert visits[0].activity.kind == ActivityKind.STUDY_VISIT


def test_demo_results_framework_has_computed_and_typed_indicators(programme):
    results = programme.results.all()
    kinds = sorted(r.kind for r in results)
    assert kinds.count(ResultType.IMPACT) == 1
    assert kinds.count(ResultType.OUTCOME) == 2
    assert kinds.count(ResultType.OUTPUT) >= 2
    indicators = Indicator.objects.filter(result__programme=programme)
    assert {i.computation for i in indicators} == set(Computation.values)
    for indicator in indicators:
        periods = list(indicator.periods.order_by("start"))
        assert [p.start.year for p in periods] == [2016, 2017, 2018]
        assert all(p.target is not None for p in periods)
        assert indicator.baseline_year == 2016
        if not indicator.is_computed:
            assert all(p.actual is not None for p in periods)
    trained = indicators.get(computation=Computation.PEOPLE_TRAINED)
    for period in trained.periods.all():
        by_sex = {d.category: d.target for d in period.disaggregations.all()}
        assert set(by_sex) == {"female", "male"}
        assert sum(by_sex.values()) == period.target


def test_demo_computed_indicators_give_real_values(programme):
    from ogop.results.computations import period_actual

    indicators = Indicator.objects.filter(result__programme=programme).exclude(computation="")
    for indicator in indicators:
        periods = {p.start.year: p for p in indicator.periods.all()}
        values = [period_actual(periods[2017]), period_actual(periods[2018])]
        assert any(value for value in values), indicator.computation
    trained = indicators.get(computation=Computation.PEOPLE_TRAINED)
    assert period_actual(trained.periods.get(start__year=2017)) >= 30


def test_demo_programme_loads_twice_without_changes(programme):
    before = _state()
    again = load_demo()
    assert _state() == before
    assert again["activities"] == before["Activity"][0]
    assert again["transactions"] == before["Transaction"][0]


# The demo tells the truth: what it makes up is consistent with itself and with the source.

FAIR_OPENS = dt.date(2017, 12, 17)
NOT_READY = {"idea", "prototype"}
CLOSED_STATUSES = {ActivityStatus.FINALISATION, ActivityStatus.CLOSED}


def _stage_on(product, day):
    moves = [m for m in product.stage_changes.all() if m.moved_on <= day]
    return max(moves, key=lambda m: (m.moved_on, m.pk)).to_stage_id if moves else None


def test_demo_every_fair_product_had_left_idea_and_prototype_when_the_fair_opened(programme):
    exhibits = Exhibit.objects.filter(booth__fair__code="OTOP-CITY-2017").annotate(
        sold=Sum("sales__total", filter=Q(sales__voided_at__isnull=True))
    )
    products = Product.objects.filter(exhibits__in=exhibits).prefetch_related("stage_changes")
    assert products.distinct().count() == 35
    at_the_fair = {p.code: _stage_on(p, FAIR_OPENS) for p in products.distinct()}
    assert not {code: stage for code, stage in at_the_fair.items() if stage in NOT_READY | {None}}
    top_seller = max(exhibits, key=lambda e: e.sold or 0).product
    assert at_the_fair[top_seller.code] not in NOT_READY
    for product in products.distinct():  # the history ends where the product is today
        assert _stage_on(product, dt.date.today()) == product.stage_id


def test_demo_transactions_fall_within_their_activities_dates(programme):
    transactions = Transaction.objects.filter(activity__component__programme=programme)
    assert transactions.count() > 35
    outside = [
        (txn.activity.title_en, txn.date)
        for txn in transactions.select_related("activity")
        if txn.date < txn.activity.start_actual
        or (txn.activity.end_actual and txn.date > txn.activity.end_actual)
    ]
    assert outside == []
    first, last = programme.period
    assert all(first <= txn.date <= last for txn in programme.transactions.all())


def test_demo_statuses_match_dates(programme):
    assert programme.status == ActivityStatus.FINALISATION
    assert programme.end_actual == dt.date(2018, 12, 31)
    for activity in _activities(programme):
        assert activity.start_actual, activity
        ended = activity.status in CLOSED_STATUSES
        assert bool(activity.end_actual) == ended, activity
        assert ended or activity.end_planned >= dt.date.today(), activity
        assert activity.end_actual <= programme.end_actual, activity


def _iati(programme):
    out = io.BytesIO()
    write_iati(out, [programme])
    return etree.fromstring(out.getvalue())


def test_demo_iati_file_counts_the_money_once_and_marks_what_is_made_up(programme):
    root = _iati(programme)
    parent = root.find("iati-activity[@hierarchy='1']")
    children = root.findall("iati-activity[@hierarchy='2']")
    planned = ComponentBudget.objects.filter(component__programme=programme).aggregate(
        total=Sum("amount")
    )["total"]
    in_file = sum(Decimal(value.text) for value in root.iterfind("iati-activity/budget/value"))
    # Every activity's budget is in its own child; the parent repeats none of it.
    assert in_file == planned == sum(a.budget for a in _activities(programme))
    assert parent.findall("budget") == []
    assert all(child.find("budget") is not None for child in children)
    description = parent.find("description/narrative").text
    assert "Illustrative figures" in description
    target = parent.find("tag[@vocabulary='3']")
    assert target.get("code") == "17.9"
    assert target.find("narrative").text.startswith("Inferred")
    assert programme.is_illustrative
    assert programme.sdg_targets_inferred


def test_demo_result_measured_by_an_average_is_not_for_aggregation(programme):
    average = Indicator.objects.get(result__programme=programme, title_en__startswith="Average")
    assert average.result.indicators.count() == 1
    assert average.result.aggregable is False
    root = _iati(programme)
    statuses = {
        result.find("title/narrative").text: result.get("aggregation-status")
        for result in root.iterfind("iati-activity/result")
    }
    assert statuses[average.result.title_en] == "0"
    trained = programme.results.get(kind=ResultType.OUTPUT, position=1)  # counts people
    assert statuses[trained.title_en] == "1"
