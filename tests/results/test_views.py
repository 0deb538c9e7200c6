"""The results pages: the framework with its charts, and creating and editing results,
indicators and periods with their breakdowns."""

import datetime as dt
from decimal import Decimal as D

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from ogop.results.models import (
    Computation,
    Disaggregation,
    Indicator,
    IndicatorMeasure,
    Period,
    Result,
    ResultType,
)
from tests.factories import PASSWORD
from tests.programme.factories import (
    ComponentBudgetFactory,
    IndicatorFactory,
    PeriodFactory,
    ProgrammeFactory,
    ResultFactory,
    component,
    transaction,
)
from tests.results.helpers import Counter


@pytest.fixture
def programme(db):
    return ProgrammeFactory(title="OGOP support", title_en="OGOP support")


@pytest.fixture
def signed_in(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    return client


def url(name, programme, *args):
    return reverse(name, args=[programme.pk, *args])


def breakdown(*rows, initial=0):
    """The breakdown formset's fields: rows of (category, target, actual[, id, delete])."""
    data = {
        "breakdown-TOTAL_FORMS": str(len(rows)),
        "breakdown-INITIAL_FORMS": str(initial),
        "breakdown-MIN_NUM_FORMS": "0",
        "breakdown-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        category, target, actual, *rest = row
        data[f"breakdown-{index}-category"] = category
        data[f"breakdown-{index}-target"] = target
        data[f"breakdown-{index}-actual"] = actual
        if rest:
            data[f"breakdown-{index}-id"] = str(rest[0])
            if len(rest) > 1 and rest[1]:
                data[f"breakdown-{index}-DELETE"] = "on"
    return data


# The framework ----------------------------------------------------------------------------


def test_framework_groups_results_impact_first_with_targets_actuals_and_charts(
    signed_in, programme
):
    output = ResultFactory(programme=programme, kind=ResultType.OUTPUT, title_en="Trainings held")
    impact = ResultFactory(programme=programme, kind=ResultType.IMPACT, title_en="Incomes rise")
    ResultFactory(programme=programme, kind=ResultType.OUTCOME, title_en="Products sell")
    indicator = IndicatorFactory(result=output, title_en="Sessions held")
    PeriodFactory(indicator=indicator, target=D("10"), actual=D("6"))
    IndicatorFactory(result=impact, title_en="Income of members")

    page = signed_in.get(url("results_framework", programme)).text

    assert page.index("Incomes rise") < page.index("Products sell") < page.index("Trainings held")
    assert "Sessions held" in page
    assert "60%" in page
    assert page.count('<svg class="wide"') == 1  # the indicator with a period has its chart
    assert "No period yet." in page


def test_framework_marks_computed_actuals_and_shows_them(signed_in, programme):
    ResultFactory(programme=programme)
    budget = IndicatorFactory(
        result__programme=programme,
        computation=Computation.BUDGET_DISBURSED,
        measure=IndicatorMeasure.PERCENTAGE,
    )
    ComponentBudgetFactory(component=component(programme), year=2017, amount=D("200000"))
    transaction(programme, "50000", date=dt.date(2017, 6, 1))
    PeriodFactory(indicator=budget, target=D("50"), actual=D("99"))

    page = signed_in.get(url("results_framework", programme)).text

    assert "computed from the data" in page
    assert "25%" in page  # 50,000 of 200,000
    assert "99" not in page.split("Actual (computed from the data)")[1].split("</table>")[0]


def test_framework_says_why_a_value_cannot_be_computed(signed_in, programme, product):
    sales = IndicatorFactory(result__programme=programme, computation=Computation.FAIR_SALES)
    PeriodFactory(indicator=sales)
    activity = component(programme).activities.create(
        kind="promotion",
        title="Fair stand",
        start_planned=dt.date(2017, 1, 1),
        end_planned=dt.date(2017, 1, 2),
    )
    activity.products.add(product)
    Counter("USD").sell(product, dt.datetime(2017, 3, 1, 10), "12.00")

    response = signed_in.get(url("results_framework", programme))

    assert response.status_code == 200
    assert "Cannot compute: there is no exchange rate from USD to THB" in response.text


def test_framework_shows_the_breakdown_by_sex(signed_in, programme):
    period = PeriodFactory(indicator__result__programme=programme, target=D("10"))
    Disaggregation.objects.create(
        period=period, dimension="sex", category="female", target=6, actual=3
    )
    page = signed_in.get(url("results_framework", programme)).text
    assert "Breakdown for 2017" in page
    assert "Sex: female" in page
    assert "50%" in page


def test_framework_takes_the_same_queries_whatever_the_number_of_indicators(
    signed_in, programme, django_assert_max_num_queries
):
    for index in range(6):
        result = ResultFactory(programme=programme, position=index)
        for computation in (Computation.MANUAL, Computation.PEOPLE_TRAINED):
            indicator = IndicatorFactory(result=result, computation=computation)
            for year in (2016, 2017, 2018):
                PeriodFactory(
                    indicator=indicator, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
                )
    with django_assert_max_num_queries(12):
        response = signed_in.get(url("results_framework", programme))
    assert response.status_code == 200


# Results ----------------------------------------------------------------------------------


def test_officer_creates_a_result(signed_in, programme, officer):
    response = signed_in.post(
        url("result_create", programme),
        {"kind": ResultType.OUTCOME, "title_en": "Products reach buyers", "position": "1"},
    )
    result = Result.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#result-{result.pk}")
    assert (result.programme, result.kind, result.title) == (
        programme,
        ResultType.OUTCOME,
        "Products reach buyers",
    )
    assert result.history.get().history_user == officer


def test_a_result_needs_a_title(signed_in, programme):
    response = signed_in.post(url("result_create", programme), {"kind": "1", "position": "0"})
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert not Result.objects.exists()


def test_officer_edits_a_result(signed_in, programme):
    result = ResultFactory(programme=programme)
    response = signed_in.post(
        url("result_edit", programme, result.pk),
        {"kind": ResultType.IMPACT, "title_en": "Better incomes", "position": "0"},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.kind, result.title_en) == (ResultType.IMPACT, "Better incomes")


# Indicators -------------------------------------------------------------------------------


def indicator_data(**fields):
    data = {
        "title_en": "Share of budget disbursed",
        "computation": Computation.BUDGET_DISBURSED,
        "measure": IndicatorMeasure.PERCENTAGE,
        "ascending": "on",
        "position": "0",
    }
    data.update(fields)
    return data


def test_officer_creates_a_computed_indicator(signed_in, programme):
    result = ResultFactory(programme=programme)
    response = signed_in.post(
        url("indicator_create", programme, result.pk), indicator_data(baseline_year="2559")
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("indicator_detail", programme, indicator.pk)
    assert indicator.result == result
    assert indicator.computation == Computation.BUDGET_DISBURSED
    assert indicator.baseline_year == 2016  # given in the Buddhist Era


def test_a_budget_share_must_be_a_percentage(signed_in, programme):
    result = ResultFactory(programme=programme)
    response = signed_in.post(
        url("indicator_create", programme, result.pk),
        indicator_data(measure=IndicatorMeasure.UNIT),
    )
    assert response.status_code == 422
    assert "A share of budget is measured as a percentage." in response.text
    assert not Indicator.objects.exists()


def test_a_short_baseline_year_is_refused(signed_in, programme):
    result = ResultFactory(programme=programme)
    response = signed_in.post(
        url("indicator_create", programme, result.pk), indicator_data(baseline_year="16")
    )
    assert response.status_code == 422
    assert "Give the baseline year in full, e.g. 2016." in response.text


def test_officer_edits_an_indicator_to_compute_its_actuals(signed_in, programme, officer):
    indicator = IndicatorFactory(result__programme=programme, title_en="Trainees")
    response = signed_in.post(
        url("indicator_edit", programme, indicator.pk),
        indicator_data(
            title_en="People trained",
            computation=Computation.PEOPLE_TRAINED,
            measure=IndicatorMeasure.UNIT,
            ascending="",
        ),
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.title_en, indicator.computation, indicator.ascending) == (
        "People trained",
        Computation.PEOPLE_TRAINED,
        False,
    )
    assert indicator.history.latest().history_user == officer


def test_indicator_page_shows_its_periods_chart_and_history(signed_in, programme, officer):
    indicator = IndicatorFactory(result__programme=programme, title_en="Sessions held")
    period = PeriodFactory(indicator=indicator, target=D("10"), actual=D("4"))
    signed_in.post(
        url("period_edit", programme, period.pk),
        {"start": "1/1/2017", "end": "31/12/2017", "target": "12", "actual": "4"} | breakdown(),
    )

    page = signed_in.get(url("indicator_detail", programme, indicator.pk)).text

    assert "Sessions held" in page
    assert "<svg" in page
    assert "History" in page
    assert str(officer) in page
    assert "target: <del>10.00</del> → <ins>12.00</ins>" in page


# Periods ----------------------------------------------------------------------------------


@pytest.fixture
def indicator(programme):
    return IndicatorFactory(result__programme=programme)


def period_data(**fields):
    data = {"start": "1/1/2560", "end": "31/12/2560", "target": "10", "actual": "7"}
    data.update(fields)
    return data


def test_officer_creates_a_period_with_its_breakdown(signed_in, programme, indicator, officer):
    response = signed_in.post(
        url("period_create", programme, indicator.pk),
        period_data() | breakdown(("sex:female", "6", "4"), ("area:BT-33", "3", ""), ("", "", "")),
    )
    assert response.status_code == 302
    period = Period.objects.get()
    assert (period.start, period.end, period.target, period.actual) == (
        dt.date(2017, 1, 1),
        dt.date(2017, 12, 31),
        D("10"),
        D("7"),
    )
    rows = {(d.dimension, d.category): (d.target, d.actual) for d in period.disaggregations.all()}
    assert rows == {("sex", "female"): (D("6"), D("4")), ("area", "BT-33"): (D("3"), None)}
    assert period.history.get().history_user == officer


def test_a_period_ending_before_it_starts_is_refused(signed_in, programme, indicator):
    response = signed_in.post(
        url("period_create", programme, indicator.pk),
        period_data(end="1/6/2016") | breakdown(),
    )
    assert response.status_code == 422
    assert "The end cannot come before the start." in response.text
    assert not Period.objects.exists()


def test_a_period_outside_the_programme_is_refused(signed_in, programme, indicator):
    response = signed_in.post(
        url("period_create", programme, indicator.pk),
        period_data(start="1/1/2019", end="31/12/2019") | breakdown(),
    )
    assert response.status_code == 422
    assert "The date is outside the programme&#x27;s period" in response.text
    assert not Period.objects.exists()


def test_two_periods_cannot_start_the_same_day(signed_in, programme, indicator):
    PeriodFactory(indicator=indicator)
    response = signed_in.post(
        url("period_create", programme, indicator.pk), period_data() | breakdown()
    )
    assert response.status_code == 422
    assert "The indicator already has a period starting that day." in response.text
    assert Period.objects.count() == 1


def test_a_bad_breakdown_row_saves_nothing(signed_in, programme, indicator):
    response = signed_in.post(
        url("period_create", programme, indicator.pk),
        period_data() | breakdown(("sex:female", "6", ""), ("sex:female", "2", "")),
    )
    assert response.status_code == 422
    assert "This category is already in the breakdown." in response.text
    assert not Period.objects.exists()
    assert not Disaggregation.objects.exists()


def test_a_breakdown_row_needs_a_target_or_an_actual(signed_in, programme, indicator):
    response = signed_in.post(
        url("period_create", programme, indicator.pk),
        period_data() | breakdown(("sex:male", "", "")),
    )
    assert response.status_code == 422
    assert "Give a target or an actual." in response.text
    assert not Period.objects.exists()


def test_an_unknown_category_is_refused(signed_in, programme, indicator):
    response = signed_in.post(
        url("period_create", programme, indicator.pk),
        period_data() | breakdown(("sex:other", "3", "")),
    )
    assert response.status_code == 422
    assert "Select a valid choice." in response.text


def test_officer_changes_and_removes_breakdown_rows(signed_in, programme, indicator):
    period = PeriodFactory(indicator=indicator)
    women = Disaggregation.objects.create(
        period=period, dimension="sex", category="female", target=5
    )
    men = Disaggregation.objects.create(period=period, dimension="sex", category="male", target=5)
    rows = breakdown(
        ("sex:female", "7", "2", women.pk), ("sex:male", "5", "", men.pk, True), initial=2
    )
    response = signed_in.post(url("period_edit", programme, period.pk), period_data() | rows)
    assert response.status_code == 302
    assert [(d.category, d.target, d.actual) for d in period.disaggregations.all()] == [
        ("female", D("7"), D("2"))
    ]


def test_a_computed_indicator_takes_targets_only(signed_in, programme):
    computed = IndicatorFactory(result__programme=programme, computation=Computation.PEOPLE_TRAINED)
    form = signed_in.get(url("period_create", programme, computed.pk)).text
    assert 'name="actual"' not in form
    assert 'name="breakdown-0-actual"' not in form
    assert "area:BT-33" in form
    assert "sex:female" in form

    response = signed_in.post(
        url("period_create", programme, computed.pk),
        period_data(actual="99") | breakdown(("sex:female", "6", "4")),
    )
    assert response.status_code == 302
    period = Period.objects.get()
    assert period.actual is None
    assert period.disaggregations.get().actual is None


def test_products_are_broken_down_by_area_only(signed_in, programme):
    computed = IndicatorFactory(
        result__programme=programme, computation=Computation.PRODUCTS_MARKET_READY
    )
    form = signed_in.get(url("period_create", programme, computed.pk)).text
    assert "area:BT-33" in form
    assert "sex:female" not in form


def test_a_budget_share_has_no_breakdown(signed_in, programme):
    computed = IndicatorFactory(
        result__programme=programme,
        computation=Computation.BUDGET_DISBURSED,
        measure=IndicatorMeasure.PERCENTAGE,
    )
    form = signed_in.get(url("period_create", programme, computed.pk)).text
    assert "breakdown-TOTAL_FORMS" not in form
    response = signed_in.post(url("period_create", programme, computed.pk), period_data())
    assert response.status_code == 302
    assert Period.objects.get().target == D("10")


def test_a_thai_reader_sees_buddhist_era_years(signed_in, programme):
    PeriodFactory(indicator__result__programme=programme, target=D("10"), actual=D("6"))
    page = signed_in.get(url("results_framework", programme) + "?lang=th").text
    assert "<td>2560</td>" in page


def _period_form_as_shown(client, page_url):
    [form] = [
        form
        for form in lxml.html.fromstring(client.get(page_url).content).forms
        if "edit_version" in form.inputs
    ]
    return dict(form.form_values())


def test_a_period_save_opened_before_its_breakdown_changed_is_refused_and_keeps_it(
    signed_in, programme, make_user
):
    period = PeriodFactory(indicator__result__programme=programme, target=D("10"))
    row = Disaggregation.objects.create(
        period=period, dimension="sex", category="female", target=6, actual=3
    )
    other = Client()
    other.force_login(make_user())
    page_url = url("period_edit", programme, period.pk)
    theirs = _period_form_as_shown(other, page_url)
    mine = _period_form_as_shown(signed_in, page_url)
    theirs["breakdown-0-actual"] = "5"
    assert other.post(page_url, theirs).status_code == 302

    mine["target"] = "12"
    refused = signed_in.post(page_url, mine)

    assert refused.status_code == 422
    [panel] = lxml.html.fromstring(refused.content).xpath("//*[@class='edit-conflict']")
    assert str(Disaggregation.history.latest().history_user) in panel.text_content()
    assert str(row) in panel.text_content()
    row.refresh_from_db()
    period.refresh_from_db()
    assert (row.actual, period.target) == (D("5"), D("10"))
