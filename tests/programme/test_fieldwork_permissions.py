"""Every field-work page × every role × own object, someone else's object and anonymous; and
no page that a producer, expert, assessor or cashier may open shows other people's data."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.programme.models import (
    ActivityKind,
    BusinessPlan,
    Delivery,
    Mission,
    Participant,
    PromotionItem,
    Sex,
    Twinning,
    TwinningVisit,
)
from ogop.programme.services import business_plan_save
from tests.factories import PASSWORD, ProducerGroupFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
)
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

# Expected status for each role, in the order of ROLES. The producer represents the group of
# the "own" objects; the expert is the person of the "own" mission.
#                  admin officer partner producer expert assessor cashier anonymous
OFFICERS = (200, 200, 200, 404, 404, 404, 404, 302)
OFFICERS_LIST = (200, 200, 200, 403, 403, 403, 403, 302)
MY_MISSIONS = (200, 200, 200, 403, 200, 403, 403, 302)
SEE_OWN_MISSION = (200, 200, 200, 404, 200, 404, 404, 302)
EDIT_OWN_MISSION = (200, 200, 200, 404, 403, 404, 404, 302)
MY_DELIVERIES = (200, 200, 200, 200, 403, 403, 403, 302)
CHANGE_OWN_DELIVERY = (200, 200, 200, 403, 404, 404, 404, 302)
SEE_OWN_PLANS = (200, 200, 200, 200, 403, 403, 404, 302)
SEE_OTHER_PLANS = (200, 200, 200, 404, 403, 403, 404, 302)
NEW_OWN_PLAN = (200, 200, 200, 403, 403, 403, 404, 302)


def _programme_url(name):
    return lambda o: reverse(name, args=[o["programme"].pk])


def _url(name, key):
    return lambda o: reverse(name, args=[o[key].pk])


def _product_url(name, key):
    return lambda o: reverse(name, args=[o[key].code])


PAGES = [
    ("fieldwork", _programme_url("programme_fieldwork"), OFFICERS),
    ("people", lambda o: reverse("person_list"), OFFICERS_LIST),
    ("new person", lambda o: reverse("person_create"), OFFICERS_LIST),
    ("edit person", _url("person_edit", "trainee"), OFFICERS),
    ("participants", _url("activity_participants", "training"), OFFICERS),
    ("new participant", _url("participant_create", "training"), OFFICERS),
    ("edit participant", _url("participant_edit", "participant"), OFFICERS),
    ("remove participant", _url("participant_remove", "participant"), OFFICERS),
    ("missions", _programme_url("programme_missions"), OFFICERS),
    ("new mission", _programme_url("mission_create"), OFFICERS),
    ("my missions", lambda o: reverse("my_missions"), MY_MISSIONS),
    ("own mission", _url("mission_detail", "mission"), SEE_OWN_MISSION),
    ("other mission", _url("mission_detail", "other_mission"), OFFICERS),
    ("edit own mission", _url("mission_edit", "mission"), EDIT_OWN_MISSION),
    ("edit other mission", _url("mission_edit", "other_mission"), OFFICERS),
    ("own report", _url("mission_report", "mission"), SEE_OWN_MISSION),
    ("other report", _url("mission_report", "other_mission"), OFFICERS),
    ("deliveries", _programme_url("programme_deliveries"), OFFICERS),
    ("new delivery", _programme_url("delivery_create"), OFFICERS),
    ("my deliveries", lambda o: reverse("my_deliveries"), MY_DELIVERIES),
    ("edit own delivery", _url("delivery_edit", "delivery"), CHANGE_OWN_DELIVERY),
    ("edit other delivery", _url("delivery_edit", "other_delivery"), OFFICERS),
    ("visit own delivery", _url("delivery_visit", "delivery"), CHANGE_OWN_DELIVERY),
    ("visit other delivery", _url("delivery_visit", "other_delivery"), OFFICERS),
    ("promotion", _programme_url("programme_promotion"), OFFICERS),
    ("new promotion item", _programme_url("promotion_item_create"), OFFICERS),
    ("edit promotion item", _url("promotion_item_edit", "promotion_item"), OFFICERS),
    ("programme plans", _programme_url("programme_business_plans"), OFFICERS),
    ("own plans", _product_url("product_business_plans", "product"), SEE_OWN_PLANS),
    ("other plans", _product_url("product_business_plans", "other_product"), SEE_OTHER_PLANS),
    ("new own plan", _product_url("business_plan_create", "product"), NEW_OWN_PLAN),
    ("new other plan", _product_url("business_plan_create", "other_product"), SEE_OTHER_PLANS),
    ("twinnings", _programme_url("programme_twinnings"), OFFICERS),
    ("new twinning", _programme_url("twinning_create"), OFFICERS),
    ("twinning", _url("twinning_detail", "twinning"), OFFICERS),
    ("edit twinning", _url("twinning_edit", "twinning"), OFFICERS),
    ("new visit", _url("twinning_visit_create", "twinning"), OFFICERS),
    ("edit visit", _url("twinning_visit_edit", "visit"), OFFICERS),
]

# Personal data of people other than the reader, which only officers may see.
SECRETS = ["Secret Trainee", "+975 17 123 456", "trainee@example.org", "Other Expert"]


def _mission(programme, person):
    activity = ActivityFactory(component=component(programme, 2), kind=ActivityKind.EXPERT_MISSION)
    return Mission.objects.create(
        activity=activity,
        person=person,
        kind="expert",
        expertise="Honey processing",
        start=dt.date(2017, 5, 1),
        end=dt.date(2017, 5, 20),
        report="Visited the beekeepers.",
    )


def _delivery(programme, group):
    activity = ActivityFactory(component=component(programme, 4), kind="equipment_delivery")
    return Delivery.objects.create(
        activity=activity,
        producer_group=group,
        item="Honey extractor",
        quantity=D("1"),
        value=D("1000"),
        currency="THB",
        delivered_on=dt.date(2017, 6, 1),
    )


def _plan(product):
    return business_plan_save(
        plan=BusinessPlan(
            producer_group=product.producer_group,
            product=product,
            prepared_on=dt.date(2017, 4, 1),
            fixed_costs=D("1000"),
            variable_cost=D("10"),
            price=D("20"),
            expected_volume=200,
        ),
        user=None,
    )


@pytest.fixture
def objects(group, other_group, product, other_product):
    programme = ProgrammeFactory()
    training = ActivityFactory(component=component(programme, 1), kind=ActivityKind.TRAINING)
    trainee = PersonFactory(
        name="Secret Trainee",
        sex=Sex.FEMALE,
        phone="+975 17 123 456",
        email="trainee@example.org",
        producer_group=group,
    )
    twinning = Twinning.objects.create(
        programme=programme,
        bhutan_group=group,
        thai_group=ProducerGroupFactory(area=area("840503")),
        started_on=dt.date(2017, 1, 1),
    )
    _plan(product)
    _plan(other_product)
    return {
        "programme": programme,
        "training": training,
        "trainee": trainee,
        "participant": ParticipantFactory(activity=training, person=trainee, pre_score=40),
        "mission": _mission(programme, PersonFactory(name="Own Expert")),
        "other_mission": _mission(programme, PersonFactory(name="Other Expert")),
        "delivery": _delivery(programme, group),
        "other_delivery": _delivery(programme, other_group),
        "promotion_item": PromotionItem.objects.create(
            programme=programme, kind="video", title="Film", published_on=dt.date(2017, 2, 1)
        ),
        "product": product,
        "other_product": other_product,
        "twinning": twinning,
        "visit": TwinningVisit.objects.create(
            twinning=twinning,
            direction="to_th",
            start=dt.date(2017, 3, 1),
            end=dt.date(2017, 3, 5),
        ),
    }


def _client_for(role, client_as, objects, group):
    return client_as(role, group=group, person=objects["mission"].person)


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, objects, group):
    client = _client_for(role, client_as, objects, group)
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.PRODUCER, Role.EXPERT, Role.ASSESSOR, Role.CASHIER])
def test_no_page_open_to_non_staff_shows_other_peoples_personal_data(
    role, client_as, objects, group
):
    client = _client_for(role, client_as, objects, group)
    opened = []
    for name, url, _expected in PAGES:
        response = client.get(url(objects))
        if response.status_code != 200:
            continue
        opened.append(name)
        for secret in SECRETS:
            assert secret not in response.text, (role, name, secret)
    # The check means something: each of these roles opens some pages.
    assert opened or role in (Role.ASSESSOR, Role.CASHIER)


def test_officers_do_see_the_personal_data(client, officer, objects):
    client.login(username=officer.username, password=PASSWORD)
    people = client.get(reverse("person_list")).text
    participants = client.get(reverse("activity_participants", args=[objects["training"].pk]))
    assert "+975 17 123 456" in people
    assert "trainee@example.org" in people
    assert "Secret Trainee" in participants.text


def test_expert_sees_their_own_mission_and_report(client_as, objects, group):
    client = _client_for(Role.EXPERT, client_as, objects, group)
    response = client.get(reverse("mission_detail", args=[objects["mission"].pk]))
    assert "Own Expert" in response.text
    assert "Visited the beekeepers." in response.text
    assert reverse("mission_edit", args=[objects["mission"].pk]) not in response.text


def test_expert_cannot_change_their_own_mission(client_as, objects, group):
    client = _client_for(Role.EXPERT, client_as, objects, group)
    mission = objects["mission"]
    response = client.post(reverse("mission_edit", args=[mission.pk]), {"expertise": "Mine"})
    assert response.status_code == 403
    mission.refresh_from_db()
    assert mission.expertise == "Honey processing"


def test_producer_cannot_add_participants_or_record_visits(client_as, objects, group):
    client = _client_for(Role.PRODUCER, client_as, objects, group)
    add = client.post(
        reverse("participant_create", args=[objects["training"].pk]), {"new_name": "Sneaky"}
    )
    visit = client.post(
        reverse("delivery_visit", args=[objects["delivery"].pk]),
        {"in_use": "yes", "last_visit_on": "2017-07-01"},
    )
    assert (add.status_code, visit.status_code) == (404, 403)
    assert Participant.objects.count() == 1
    objects["delivery"].refresh_from_db()
    assert objects["delivery"].in_use is None


def test_an_officer_removes_a_participant_only_by_post(client_as, objects, group):
    client = _client_for(Role.ASSESSOR, client_as, objects, group)
    url = reverse("participant_remove", args=[objects["participant"].pk])
    assert client.post(url).status_code == 404
    assert Participant.objects.filter(pk=objects["participant"].pk).exists()
