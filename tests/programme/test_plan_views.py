"""The programme's pages: programmes, their organisations and sectors, components and budgets,
activities."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import NoReverseMatch, reverse

from ogop.accounts.models import Role
from ogop.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ComponentBudget,
    OrganisationRole,
    Participation,
    Programme,
    ProgrammeSector,
    Transaction,
)
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    ExchangeRateFactory,
    OrganisationFactory,
    ProgrammeFactory,
    component,
    transaction,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory()


def _programme_data(organisation, **overrides):
    data = {
        "identifier": "TH-GOV-25-OGOP-2",
        "title_en": "OGOP phase two",
        "title_th": "โครงการ OGOP ระยะที่ 2",
        "reporting_organisation": organisation.pk,
        "recipient_country": "bt",
        "status": ActivityStatus.PIPELINE,
        "start_planned": "1/1/2562",
        "end_planned": "31/12/2021",
        "currency": "THB",
        "collaboration_type": "1",
        "default_flow_type": "10",
        "default_finance_type": "110",
        "default_aid_type": "D02",
    }
    data.update(overrides)
    return data


def _formset(prefix, rows, total=None, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total if total is not None else len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


# Programmes --------------------------------------------------------------------------------


def test_officer_creates_a_programme_with_thai_dates_and_the_seven_components(officer_client):
    organisation = OrganisationFactory()
    response = officer_client.post(reverse("programme_create"), _programme_data(organisation))
    programme = Programme.objects.get(identifier="TH-GOV-25-OGOP-2")
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert (programme.start_planned, programme.recipient_country) == (dt.date(2019, 1, 1), "BT")
    assert programme.title_th == "โครงการ OGOP ระยะที่ 2"
    assert programme.components.count() == 7


def test_programme_ending_before_it_starts_is_refused_on_the_field(officer_client):
    data = _programme_data(OrganisationFactory(), end_planned="2018-12-31")
    response = officer_client.post(reverse("programme_create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors["end_planned"] == [
        "The end cannot come before the start."
    ]
    assert not Programme.objects.exists()


def test_programme_identifier_is_unique(officer_client, programme):
    data = _programme_data(OrganisationFactory(), identifier=programme.identifier)
    response = officer_client.post(reverse("programme_create"), data)
    assert response.status_code == 422
    assert "identifier" in response.context["form"].errors
    assert Programme.objects.count() == 1


def _edit_data(programme, participations=(), sectors=(), **overrides):
    fields = {
        "identifier": programme.identifier,
        "title_en": programme.title_en,
        "start_planned": "2016-01-01",
        "end_planned": "2018-12-31",
    }
    data = _programme_data(programme.reporting_organisation, **{**fields, **overrides})
    data.update(_formset("participations", list(participations)))
    data.update(_formset("sectors", list(sectors)))
    return data


def test_edit_saves_the_programme_its_organisations_and_sectors(officer_client, programme):
    tica, ministry = OrganisationFactory(), OrganisationFactory()
    data = _edit_data(
        programme,
        participations=[
            {"organisation": tica.pk, "role": OrganisationRole.FUNDING},
            {"organisation": tica.pk, "role": OrganisationRole.EXTENDING},
            {"organisation": ministry.pk, "role": OrganisationRole.IMPLEMENTING},
        ],
        sectors=[
            {"vocabulary": "1", "code": "31120", "percentage": "60"},
            {"vocabulary": "1", "code": "32130", "percentage": "๔๐"},
        ],
        title_en="Renamed",
    )
    response = officer_client.post(reverse("programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.title_en == "Renamed"
    assert set(programme.participations.values_list("organisation", "role")) == {
        (tica.pk, "1"),
        (tica.pk, "3"),
        (ministry.pk, "4"),
    }
    assert sorted(programme.sectors.values_list("code", "percentage")) == [
        ("31120", D("60.00")),
        ("32130", D("40.00")),
    ]


def test_the_same_role_twice_for_an_organisation_is_refused_and_nothing_saved(
    officer_client, programme
):
    tica = OrganisationFactory(name="TICA", name_en="TICA")
    data = _edit_data(
        programme,
        participations=[
            {"organisation": tica.pk, "role": OrganisationRole.FUNDING},
            {"organisation": tica.pk, "role": OrganisationRole.FUNDING},
        ],
        title_en="Not saved",
    )
    response = officer_client.post(reverse("programme_edit", args=[programme.pk]), data)
    assert response.status_code == 422
    assert "TICA is listed twice as funding" in response.text
    assert not Participation.objects.exists()
    programme.refresh_from_db()
    assert programme.title_en != "Not saved"


def test_sector_percentages_must_add_up_to_100(officer_client, programme):
    data = _edit_data(
        programme,
        sectors=[
            {"vocabulary": "1", "code": "31120", "percentage": "60"},
            {"vocabulary": "1", "code": "32130", "percentage": "30"},
        ],
    )
    response = officer_client.post(reverse("programme_edit", args=[programme.pk]), data)
    assert response.status_code == 422
    assert "add up to 90; they must add up to 100" in response.text
    assert not ProgrammeSector.objects.exists()


def test_a_deleted_sector_does_not_count_in_the_total(officer_client, programme):
    old = ProgrammeSector.objects.create(programme=programme, code="31120", percentage=100)
    data = _edit_data(programme)
    data.update(
        _formset(
            "sectors",
            [
                {
                    "id": old.pk,
                    "vocabulary": "1",
                    "code": "31120",
                    "percentage": "100",
                    "DELETE": "on",
                },
                {"vocabulary": "1", "code": "32130", "percentage": "100"},
            ],
            initial=1,
        )
    )
    response = officer_client.post(reverse("programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    assert list(programme.sectors.values_list("code", flat=True)) == ["32130"]


def test_the_currency_is_fixed_once_transactions_are_recorded(officer_client, programme):
    transaction(programme, "100")
    data = _edit_data(programme, currency="USD")
    response = officer_client.post(reverse("programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.currency == "THB"


def test_programme_page_shows_components_with_activities_and_yearly_budgets(
    officer_client, programme
):
    first = component(programme, 1)
    ComponentBudgetFactory(component=first, year=2017, amount=D("1234.50"))
    ComponentBudgetFactory(component=first, year=2018, amount=D("1000"))
    ActivityFactory.create_batch(2, component=first)
    Participation.objects.create(
        programme=programme,
        organisation=OrganisationFactory(name="Ministry", name_en="Ministry"),
        role=OrganisationRole.IMPLEMENTING,
    )
    response = officer_client.get(programme.get_absolute_url())
    assert response.status_code == 200
    line = response.context["lines"][0]
    assert (line.activity_count, line.budgets, line.total) == (
        2,
        [None, D("1234.50"), D("1000.00")],
        D("2234.50"),
    )
    assert response.context["budget_total"] == D("2234.50")
    text = response.text
    assert "1,234.50 THB" in text
    assert "2,234.50 THB" in text
    assert "Ministry" in text
    assert "implementing" in text
    for name in ("programme_plan", "programme_money", "activity_list", "programme_edit"):
        assert reverse(name, args=[programme.pk]) in text
    assert "History" in text


def test_programme_page_links_the_other_pages_of_the_programme_that_exist(
    officer_client, programme
):
    text = officer_client.get(programme.get_absolute_url()).text
    for name in (
        "results_framework",
        "programme_fieldwork",
        "programme_dashboard",
        "programme_iati",
        "programme_report_xlsx",
        "programme_report_pdf",
    ):
        try:
            url = reverse(name, args=[programme.pk])
        except NoReverseMatch:
            continue  # not written yet: the page renders without it
        assert f'href="{url}"' in text, name


def test_programme_page_records_who_changed_what(officer_client, officer, programme):
    data = _edit_data(programme, title_en="New title")
    officer_client.post(reverse("programme_edit", args=[programme.pk]), data)
    history = officer_client.get(programme.get_absolute_url()).context["history"]
    assert history[0].who == officer
    assert any(change.new == "New title" for change in history[0].changes)


def test_programme_page_shows_thai_years_to_a_thai_reader(officer_client, programme):
    officer_client.post(reverse("set_language"), {"language": "th"})
    response = officer_client.get(programme.get_absolute_url())
    assert response.context["years"] == ["2559", "2560", "2561"]


def test_programme_list_shows_programmes_and_answers_htmx_with_the_table(officer_client, programme):
    full = officer_client.get(reverse("programme_list"))
    assert programme.title in full.text
    assert "<html" in full.text
    partial = officer_client.get(reverse("programme_list"), HTTP_HX_REQUEST="true")
    assert programme.title in partial.text
    assert "<html" not in partial.text


def test_navigation_links_programmes_for_those_who_may_see_them(client, make_user):
    officer = make_user(Role.PARTNER_OFFICER)
    client.login(username=officer.username, password=PASSWORD)
    assert f'href="{reverse("programme_list")}"' in client.get(reverse("home")).text
    cashier = make_user(Role.CASHIER)
    client.login(username=cashier.username, password=PASSWORD)
    assert f'href="{reverse("programme_list")}"' not in client.get(reverse("fair_list")).text


def test_programme_list_query_count_does_not_grow(officer_client, django_assert_max_num_queries):
    ProgrammeFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        officer_client.get(reverse("programme_list"))
    ProgrammeFactory.create_batch(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("programme_list"))


# Components and budgets -------------------------------------------------------------------


def _component_data(budgets, initial=0, **overrides):
    data = {"title_en": "Training", "title_th": "การฝึกอบรม", "title_dz": "", "description_en": ""}
    data.update(overrides)
    data.update(_formset("budgets", budgets, initial=initial))
    return data


def test_component_edit_saves_titles_and_budgets_with_buddhist_era_years(officer_client, programme):
    training = component(programme, 1)
    data = _component_data(
        [{"year": "2560", "amount": "๑๐๐,๐๐๐"}, {"year": "2018", "amount": "50000.50"}],
        title_en="Trainings and study visits",
    )
    response = officer_client.post(reverse("component_edit", args=[training.pk]), data)
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.title_en == "Trainings and study visits"
    assert list(training.budgets.values_list("year", "amount")) == [
        (2017, D("100000.00")),
        (2018, D("50000.50")),
    ]


@pytest.mark.parametrize(
    ("budgets", "message"),
    [
        ([{"year": "2020", "amount": "100"}], "The year is outside the programme (2016–2018)."),
        ([{"year": "2017", "amount": "-5"}], "An amount cannot be negative."),
        (
            [{"year": "2017", "amount": "1"}, {"year": "2560", "amount": "2"}],
            "The year 2017 has two budgets; give it one.",
        ),
        ([{"year": "soon", "amount": "1"}], "Enter a whole number."),
    ],
    ids=["year outside", "negative", "year twice", "not a year"],
)
def test_a_bad_budget_is_refused_and_nothing_is_saved(officer_client, programme, budgets, message):
    training = component(programme, 1)
    data = _component_data(budgets, title_en="Not saved")
    response = officer_client.post(reverse("component_edit", args=[training.pk]), data)
    assert response.status_code == 422
    assert message in response.text
    assert not ComponentBudget.objects.exists()
    training.refresh_from_db()
    assert training.title_en != "Not saved"


def test_a_budget_is_changed_and_removed(officer_client, programme):
    training = component(programme, 1)
    kept = ComponentBudgetFactory(component=training, year=2016, amount=D("10"))
    dropped = ComponentBudgetFactory(component=training, year=2017, amount=D("20"))
    data = _component_data(
        [
            {"id": kept.pk, "year": "2016", "amount": "15"},
            {"id": dropped.pk, "year": "2017", "amount": "20", "DELETE": "on"},
        ],
        initial=2,
    )
    response = officer_client.post(reverse("component_edit", args=[training.pk]), data)
    assert response.status_code == 302
    assert list(training.budgets.values_list("year", "amount")) == [(2016, D("15.00"))]


# Activities -------------------------------------------------------------------------------


def _activity_data(programme, **overrides):
    data = {
        "component": component(programme, 1).pk,
        "kind": ActivityKind.TRAINING,
        "title_en": "Honey processing training",
        "title_th": "อบรมการแปรรูปน้ำผึ้ง",
        "start_planned": "1/3/2560",
        "end_planned": "5/3/2560",
        "status": ActivityStatus.PIPELINE,
        "budget": "25,000",
    }
    data.update(overrides)
    return data


def test_officer_creates_an_activity_with_area_groups_and_products(
    officer_client, programme, gewog
):
    group, other = ProducerGroupFactory(), ProducerGroupFactory()
    product = ProductFactory(producer_group=group)
    data = _activity_data(programme, area=gewog.code, country="bt")
    data["producer_groups"] = [group.code, "", f" {other.code} "]
    data["products"] = [product.code]
    response = officer_client.post(reverse("activity_create", args=[programme.pk]), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert (activity.area, activity.country, activity.budget) == (gewog, "BT", D("25000.00"))
    assert (activity.start_planned, activity.title_th) == (
        dt.date(2017, 3, 1),
        "อบรมการแปรรูปน้ำผึ้ง",
    )
    assert set(activity.producer_groups.all()) == {group, other}
    assert list(activity.products.all()) == [product]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_planned": "2019-02-01", "end_planned": "2019-02-03"},
            "start_planned",
            "The date is outside the programme's period (1 January 2016 – 31 December 2018).",
        ),
        (
            {"start_planned": "2017-03-05", "end_planned": "2017-03-01"},
            "end_planned",
            "The end cannot come before the start.",
        ),
        (
            {"start_actual": "2017-03-05", "end_actual": "2017-03-01"},
            "end_actual",
            "The end cannot come before the start.",
        ),
        ({"area": "BT-33-03", "country": "TH"}, "country", "The area is in another country."),
        ({"area": "XX-99"}, "area", "Unknown area"),
        ({"budget": "-1"}, "budget", "An amount cannot be negative."),
        ({"title_en": ""}, "title_en", "This field is required."),
    ],
    ids=["outside", "planned end", "actual end", "country", "area", "budget", "title"],
)
def test_a_bad_activity_is_refused_on_its_field(
    officer_client, programme, overrides, field, message
):
    data = _activity_data(programme, **overrides)
    response = officer_client.post(reverse("activity_create", args=[programme.pk]), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert not Activity.objects.exists()


def test_an_unknown_group_code_is_named_in_the_error(officer_client, programme):
    data = _activity_data(programme, producer_groups=["PG-NOPE"])
    response = officer_client.post(reverse("activity_create", args=[programme.pk]), data)
    assert response.status_code == 422
    assert "Unknown code: PG-NOPE." in response.context["form"].errors["producer_groups"][0]
    assert not Activity.objects.exists()


def test_a_component_of_another_programme_cannot_be_chosen(officer_client, programme):
    other = component(ProgrammeFactory(), 1)
    data = _activity_data(programme, component=other.pk)
    response = officer_client.post(reverse("activity_create", args=[programme.pk]), data)
    assert response.status_code == 422
    assert "component" in response.context["form"].errors


def test_unticking_a_group_removes_it_and_the_form_shows_the_chosen_ones(officer_client, programme):
    keep, drop = ProducerGroupFactory(name_en="Keep me"), ProducerGroupFactory()
    activity = ActivityFactory(component=component(programme))
    activity.producer_groups.set([keep, drop])
    url = reverse("activity_edit", args=[activity.pk])
    form_page = officer_client.get(url).text
    assert f'value="{keep.code}" checked' in form_page
    assert f"{keep.code} — Keep me" in form_page
    data = _activity_data(
        programme,
        title_en=activity.title_en,
        start_planned="2017-03-01",
        end_planned="2017-03-05",
        producer_groups=[keep.code],
    )
    response = officer_client.post(url, data)
    assert response.status_code == 302
    assert list(activity.producer_groups.all()) == [keep]


def test_activity_page_shows_its_facts_late_mark_and_history(officer_client, programme, gewog):
    activity = ActivityFactory(
        component=component(programme),
        title="Honey training",
        title_en="Honey training",
        area=gewog,
        status=ActivityStatus.IMPLEMENTATION,
    )
    group = ProducerGroupFactory(name_en="Tang honey group")
    activity.producer_groups.add(group)
    response = officer_client.get(activity.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "Honey training" in text
    assert "late" in text  # open long after its planned dates
    assert "Tang honey group" in text
    assert gewog.name in text
    assert "10,000.00 THB" in text
    assert response.context["history"][0].what == "created"


def test_activity_list_filters_by_component_kind_status_and_year(officer_client, programme):
    training = ActivityFactory(component=component(programme, 1), title="Training 2017")
    mission = ActivityFactory(
        component=component(programme, 2),
        title="Mission 2018",
        kind=ActivityKind.EXPERT_MISSION,
        status=ActivityStatus.CLOSED,
        start_planned=dt.date(2018, 2, 1),
        end_planned=dt.date(2018, 2, 20),
    )
    url = reverse("activity_list", args=[programme.pk])

    def titles(**params):
        return [a.title for a in officer_client.get(url, params).context["page"]]

    assert titles() == [training.title, mission.title]
    assert titles(component=component(programme, 2).pk) == [mission.title]
    assert titles(kind=ActivityKind.TRAINING) == [training.title]
    assert titles(status=ActivityStatus.CLOSED) == [mission.title]
    assert titles(year=2018) == [mission.title]
    assert titles(year=2016) == []


def test_activity_list_answers_htmx_with_the_table_only(officer_client, programme):
    ActivityFactory(component=component(programme), title="Only the table")
    response = officer_client.get(
        reverse("activity_list", args=[programme.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Only the table" in response.text
    assert "<html" not in response.text


def test_activity_list_query_count_does_not_grow(
    officer_client, programme, django_assert_max_num_queries
):
    ActivityFactory.create_batch(2, component=component(programme))
    url = reverse("activity_list", args=[programme.pk])
    with django_assert_max_num_queries(12) as few:
        officer_client.get(url)
    ActivityFactory.create_batch(20, component=component(programme, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)


def test_product_suggestions_find_products_by_name(officer_client):
    ProductFactory(name_en="Wild honey", name="Wild honey", code="P-HONEY")
    response = officer_client.get(reverse("activity_product_suggest"), {"products": "honey"})
    assert '<option value="P-HONEY">' in response.text
    empty = officer_client.get(reverse("activity_product_suggest"), {"products": ""})
    assert "<option" not in empty.text


# Administration ----------------------------------------------------------------------------

PROGRAMME_MODELS = [
    "programme",
    "component",
    "activity",
    "exchangerate",
    "transaction",
    "person",
    "participant",
    "mission",
    "delivery",
    "promotionitem",
    "businessplan",
    "twinning",
    "twinningvisit",
]


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client.login(username=admin.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("model", PROGRAMME_MODELS)
def test_every_programme_model_has_its_administration_pages(admin_client, model):
    ActivityFactory()
    assert admin_client.get(reverse(f"admin:programme_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:programme_{model}_add")).status_code == 200


def test_a_transaction_added_in_the_administration_is_converted(admin_client, programme):
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=35)
    data = {
        "programme": programme.pk,
        "kind": "3",
        "date": "2017-06-01",
        "amount": "10",
        "currency": "USD",
    }
    url = reverse("admin:programme_transaction_add")
    assert admin_client.post(url, data).status_code == 302
    assert Transaction.objects.get().amount_in_programme_currency == D("350.00")
    refused = admin_client.post(url, {**data, "currency": "BTN"})
    assert refused.status_code == 200
    assert "There is no exchange rate from BTN to THB" in refused.text
    assert Transaction.objects.count() == 1


def test_a_business_plan_added_in_the_administration_is_numbered(admin_client, product):
    data = {
        "producer_group": product.producer_group.pk,
        "product": product.pk,
        "prepared_on": "2017-06-01",
        "currency": "BTN",
        "fixed_costs": "1000",
        "variable_cost": "10",
        "price": "20",
        "expected_volume": "300",
    }
    url = reverse("admin:programme_businessplan_add")
    assert admin_client.post(url, data).status_code == 302
    assert admin_client.post(url, data).status_code == 302
    assert sorted(product.business_plans.values_list("version", flat=True)) == [1, 2]


def test_programme_page_query_count_does_not_grow(
    officer_client, programme, django_assert_max_num_queries
):
    ActivityFactory(component=component(programme))
    url = programme.get_absolute_url()
    with django_assert_max_num_queries(20) as few:
        officer_client.get(url)
    for position in range(1, 8):
        ActivityFactory.create_batch(3, component=component(programme, position))
        for year in (2016, 2017, 2018):
            ComponentBudgetFactory(component=component(programme, position), year=year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)
