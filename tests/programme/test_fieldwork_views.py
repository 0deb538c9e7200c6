"""The pages of the programme's work in the field, as officers, experts and producers use them."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from ogop.accounts.models import Role
from ogop.programme.models import (
    ActivityKind,
    BusinessPlan,
    Delivery,
    Mission,
    Participant,
    Person,
    PromotionItem,
    Sex,
    Twinning,
    TwinningVisit,
)
from ogop.programme.services import business_plan_save
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory, area
from tests.fairs.factories import FairFactory
from tests.programme.factories import (
    ActivityFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def training(programme):
    """Five days, 1–5 March 2017."""
    return ActivityFactory(component=component(programme, 1), kind=ActivityKind.TRAINING)


@pytest.fixture
def staff(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    return client


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def make_mission(programme, person, **fields):
    activity = ActivityFactory(component=component(programme, 2), kind=ActivityKind.EXPERT_MISSION)
    values = {
        "activity": activity,
        "person": person,
        "kind": "expert",
        "expertise": "Packaging design",
        "start": dt.date(2017, 5, 1),
        "end": dt.date(2017, 5, 20),
        **fields,
    }
    return Mission.objects.create(**values)


def make_delivery(programme, group, **fields):
    activity = ActivityFactory(
        component=component(programme, 4), kind=ActivityKind.EQUIPMENT_DELIVERY
    )
    values = {
        "activity": activity,
        "producer_group": group,
        "item": "Honey extractor",
        "quantity": D("2"),
        "unit": "pieces",
        "value": D("30000"),
        "currency": "THB",
        "delivered_on": dt.date(2017, 6, 1),
        **fields,
    }
    return Delivery.objects.create(**values)


def thai_group():
    return ProducerGroupFactory(area=area("840503"))


# The index ----------------------------------------------------------------------------------


def test_index_counts_trainees_by_sex_and_averages_their_gain(staff, programme, training):
    ParticipantFactory(
        activity=training, person=PersonFactory(sex=Sex.FEMALE), pre_score=40, post_score=70
    )
    ParticipantFactory(
        activity=training, person=PersonFactory(sex=Sex.MALE), pre_score=50, post_score=60
    )
    ParticipantFactory(
        activity=training, person=PersonFactory(sex=""), pre_score=30
    )  # no post-test
    response = staff.get(reverse("programme_fieldwork", args=[programme.pk]))
    assert response.status_code == 200
    row = response.context["trainings"][0]
    assert (row.women, row.men, row.not_recorded, row.participant_count) == (1, 1, 1, 3)
    assert row.average_gain == D("20.0")  # (30 + 10) / 2: the third took one test only
    totals = response.context["training_totals"]
    assert (totals.women, totals.men, totals.not_recorded, totals.total) == (1, 1, 1, 3)
    assert reverse("activity_participants", args=[training.pk]) in response.text


def test_index_counts_the_programmes_field_work(staff, programme, group, product):
    person = PersonFactory()
    make_mission(programme, person, report="Done", report_submitted_on=dt.date(2017, 6, 1))
    make_mission(programme, PersonFactory())
    make_delivery(programme, group, in_use=True, last_visit_on=dt.date(2017, 7, 1))
    PromotionItem.objects.create(
        programme=programme,
        kind="video",
        title="Honey",
        published_on=dt.date(2017, 8, 1),
        reach=500,
    )
    response = staff.get(reverse("programme_fieldwork", args=[programme.pk]))
    counts = response.context["counts"]
    assert (counts.missions, counts.reports_submitted) == (2, 1)
    assert (counts.deliveries, counts.deliveries_in_use) == (1, 1)
    assert (counts.promotion_items, counts.promotion_reach) == (1, 500)


def test_index_shows_a_trainings_actual_dates_when_it_has_them(staff, programme, training):
    training.start_actual, training.end_actual = dt.date(2017, 3, 8), dt.date(2017, 3, 10)
    training.save()
    response = staff.get(reverse("programme_fieldwork", args=[programme.pk]))
    assert "8 March 2017 – 10 March 2017" in response.text


def test_an_other_programmes_work_is_not_counted(staff, programme, group):
    make_delivery(ProgrammeFactory(), group)
    response = staff.get(reverse("programme_fieldwork", args=[programme.pk]))
    assert response.context["counts"].deliveries == 0


# People -------------------------------------------------------------------------------------


def test_person_list_searches_by_name_and_shows_unrecorded_sex(staff):
    PersonFactory(name="Karma Wangmo", sex="")
    PersonFactory(name="Somchai Jaidee", sex=Sex.MALE)
    response = staff.get(reverse("person_list"), {"q": "wangmo"})
    assert "Karma Wangmo" in response.text
    assert "Somchai" not in response.text
    assert "Not recorded" in response.text


def test_person_is_created_without_a_sex_and_none_is_guessed(staff):
    response = staff.post(reverse("person_create"), {"name": "Pema Dorji", "sex": ""})
    assert response.status_code == 302
    assert Person.objects.get(name="Pema Dorji").sex == ""


def test_person_is_linked_to_an_experts_login(staff, make_user):
    expert = make_user(Role.EXPERT)
    response = staff.post(
        reverse("person_create"), {"name": "Dr. Anan", "sex": "male", "user": expert.pk}
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Dr. Anan").user == expert


def test_person_edit_saves_and_a_bad_email_names_the_field(staff):
    person = PersonFactory(name="Tashi")
    url = reverse("person_edit", args=[person.pk])
    bad = staff.post(url, {"name": "Tashi", "email": "not-an-address"})
    assert bad.status_code == 422
    assert "email" in bad.context["form"].errors
    good = staff.post(url, {"name": "Tashi Dema", "sex": "female", "email": "t@example.org"})
    assert good.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.sex, person.email) == ("Tashi Dema", "female", "t@example.org")


# Participants -------------------------------------------------------------------------------


def _participant_data(**fields):
    return {"role": "trainee", **fields}


def test_participants_page_shows_scores_gain_and_totals_by_sex(staff, training):
    ParticipantFactory(
        activity=training,
        person=PersonFactory(name="Sonam", sex=Sex.FEMALE),
        days_attended=D("5"),
        pre_score=D("45"),
        post_score=D("80"),
    )
    ParticipantFactory(activity=training, person=PersonFactory(name="Ugyen", sex=""))
    response = staff.get(reverse("activity_participants", args=[training.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Sonam" in text
    assert "Ugyen" in text
    assert "35.00" in text  # 80 − 45
    totals = response.context["totals"]
    assert (totals.women, totals.men, totals.not_recorded, totals.total) == (1, 0, 1, 2)
    assert totals.average_gain == D("35.0")
    assert response.context["days"] == 5


def test_participant_is_added_from_an_existing_person(staff, training):
    person = PersonFactory()
    response = staff.post(
        reverse("participant_create", args=[training.pk]),
        _participant_data(person=person.pk, days_attended="4", pre_score="50", post_score="75"),
    )
    assert response.status_code == 302
    participant = Participant.objects.get(activity=training)
    assert (participant.person, participant.learning_gain) == (person, D("25"))


def test_participant_is_added_with_a_new_person_in_the_same_form(staff, training, group):
    response = staff.post(
        reverse("participant_create", args=[training.pk]),
        _participant_data(new_name="Deki Choden", new_sex="", new_producer_group=group.code),
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Deki Choden")
    assert (person.sex, person.producer_group) == ("", group)
    assert Participant.objects.filter(activity=training, person=person).exists()


def test_participant_form_accepts_thai_digits(staff, training):
    person = PersonFactory()
    response = staff.post(
        reverse("participant_create", args=[training.pk]),
        _participant_data(person=person.pk, days_attended="๓", pre_score="๔๐", post_score="๘๐"),
    )
    assert response.status_code == 302
    assert Participant.objects.get(activity=training).days_attended == D("3")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"days_attended": "6"}, "days_attended"),  # the training lasts five days
        ({"pre_score": "101"}, "pre_score"),
        ({"post_score": "-1"}, "post_score"),
    ],
)
def test_bad_participant_figures_are_field_errors_and_nothing_is_written(
    staff, training, data, field
):
    response = staff.post(
        reverse("participant_create", args=[training.pk]),
        _participant_data(new_name="Never Saved", **data),
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Person.objects.filter(name="Never Saved").exists()
    assert not Participant.objects.exists()


def test_days_beyond_the_activity_name_its_length(staff, training):
    response = staff.post(
        reverse("participant_create", args=[training.pk]),
        _participant_data(person=PersonFactory().pk, days_attended="6"),
    )
    assert "More days than the activity lasted (5)" in response.text


def test_a_person_twice_at_one_activity_is_refused_on_the_person(staff, training):
    participant = ParticipantFactory(activity=training)
    response = staff.post(
        reverse("participant_create", args=[training.pk]),
        _participant_data(person=participant.person.pk),
    )
    assert response.status_code == 422
    assert response.context["form"].errors["person"] == [
        "The person is already a participant of this activity."
    ]
    assert Participant.objects.count() == 1


def test_neither_a_person_nor_a_name_is_refused(staff, training):
    response = staff.post(reverse("participant_create", args=[training.pk]), _participant_data())
    assert response.status_code == 422
    assert "person" in response.context["form"].errors


def test_participants_of_a_non_learning_activity_are_refused_on_the_activity(staff, programme):
    mission = ActivityFactory(component=component(programme, 2), kind=ActivityKind.EXPERT_MISSION)
    response = staff.post(
        reverse("participant_create", args=[mission.pk]), _participant_data(new_name="X")
    )
    assert response.status_code == 422
    assert "activity" in response.context["form"].errors
    assert not Person.objects.filter(name="X").exists()
    page = staff.get(reverse("activity_participants", args=[mission.pk]))
    assert reverse("participant_create", args=[mission.pk]) not in page.text


def test_participant_is_edited_and_removed(staff, training):
    participant = ParticipantFactory(activity=training, pre_score=D("10"))
    edit = staff.post(
        reverse("participant_edit", args=[participant.pk]),
        _participant_data(pre_score="20", post_score="90", days_attended="5"),
    )
    assert edit.status_code == 302
    participant.refresh_from_db()
    assert participant.learning_gain == D("70")
    url = reverse("participant_remove", args=[participant.pk])
    assert staff.get(url).status_code == 200
    assert Participant.objects.filter(pk=participant.pk).exists()  # asking removes nothing
    assert staff.post(url).status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert Person.objects.filter(pk=participant.person_id).exists()


# Missions -----------------------------------------------------------------------------------


def _mission_data(activity, person, **fields):
    return {
        "activity": activity.pk,
        "person": person.pk,
        "kind": "volunteer",
        "expertise": "Weaving",
        "start": "1/7/2560",  # Buddhist Era: 1 July 2017
        "end": "2017-09-30",
        **fields,
    }


def test_officer_records_a_mission_with_a_host_group_and_thai_dates(staff, programme, group):
    activity = ActivityFactory(component=component(programme, 3), kind="volunteer_assignment")
    person = PersonFactory()
    response = staff.post(
        reverse("mission_create", args=[programme.pk]),
        _mission_data(activity, person, host_group=group.code, host_area="BT-33-03"),
    )
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert (mission.start, mission.host_group, mission.host_area.code) == (
        dt.date(2017, 7, 1),
        group,
        "BT-33-03",
    )
    listing = staff.get(reverse("programme_missions", args=[programme.pk]))
    assert "Weaving" in listing.text


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"start": "2017-09-30", "end": "2017-07-01"}, "end"),
        ({"start": "2019-01-05", "end": "2019-01-30"}, "start"),  # the programme ends in 2018
    ],
)
def test_bad_mission_dates_are_field_errors(staff, programme, dates, field):
    activity = ActivityFactory(component=component(programme, 2), kind="expert_mission")
    response = staff.post(
        reverse("mission_create", args=[programme.pk]),
        _mission_data(activity, PersonFactory(), **dates),
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Mission.objects.exists()


def test_mission_activity_must_be_of_the_programme(staff, programme):
    elsewhere = ActivityFactory(kind="expert_mission")
    response = staff.post(
        reverse("mission_create", args=[programme.pk]), _mission_data(elsewhere, PersonFactory())
    )
    assert response.status_code == 422
    assert "activity" in response.context["form"].errors


def test_a_mission_hangs_on_an_expert_or_volunteer_activity(staff, programme, training):
    response = staff.post(
        reverse("mission_create", args=[programme.pk]), _mission_data(training, PersonFactory())
    )
    assert response.status_code == 422
    assert "activity" in response.context["form"].errors


def test_officer_edits_a_mission(staff, programme):
    mission = make_mission(programme, PersonFactory())
    data = _mission_data(mission.activity, mission.person, expertise="Natural dyes")
    response = staff.post(reverse("mission_edit", args=[mission.pk]), data)
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.expertise == "Natural dyes"


@pytest.fixture
def expert(make_user):
    return make_user(Role.EXPERT)


@pytest.fixture
def own_mission(programme, expert):
    return make_mission(programme, PersonFactory(name="Anan Expert", user=expert))


def test_expert_sees_their_missions_only(client, expert, own_mission, programme):
    other = make_mission(programme, PersonFactory(name="Someone Else"), expertise="Pottery")
    response = _login(client, expert).get(reverse("my_missions"))
    assert own_mission.expertise in response.text
    assert other.expertise not in response.text


def test_expert_saves_a_draft_then_submits_the_report(client, expert, own_mission):
    client = _login(client, expert)
    url = reverse("mission_report", args=[own_mission.pk])
    assert client.post(url, {"report": "Half done", "save": ""}).status_code == 302
    own_mission.refresh_from_db()
    assert (own_mission.report, own_mission.report_submitted_on) == ("Half done", None)
    assert client.post(url, {"report": "All done", "submit": ""}).status_code == 302
    own_mission.refresh_from_db()
    assert (own_mission.report, own_mission.report_submitted_on) == (
        "All done",
        timezone.localdate(),
    )
    assert "All done" in client.get(reverse("mission_detail", args=[own_mission.pk])).text


def test_an_empty_report_cannot_be_submitted(client, expert, own_mission):
    response = _login(client, expert).post(
        reverse("mission_report", args=[own_mission.pk]), {"report": "  ", "submit": ""}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["report"] == ["Write the report before submitting it."]
    own_mission.refresh_from_db()
    assert own_mission.report_submitted_on is None


def test_a_submitted_report_is_locked_for_its_writer_not_for_officers(
    client, expert, own_mission, officer
):
    own_mission.report, own_mission.report_submitted_on = "Final", dt.date(2017, 6, 1)
    own_mission.save()
    url = reverse("mission_report", args=[own_mission.pk])
    response = _login(client, expert).post(url, {"report": "Changed", "save": ""})
    assert response.status_code == 403
    own_mission.refresh_from_db()
    assert own_mission.report == "Final"
    client.logout()
    assert _login(client, officer).post(url, {"report": "Corrected", "save": ""}).status_code == 302
    own_mission.refresh_from_db()
    assert (own_mission.report, own_mission.report_submitted_on) == (
        "Corrected",
        dt.date(2017, 6, 1),
    )


def test_expert_cannot_report_on_someone_elses_mission(client, expert, own_mission, programme):
    other = make_mission(programme, PersonFactory())
    response = _login(client, expert).post(
        reverse("mission_report", args=[other.pk]), {"report": "Mine now", "submit": ""}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.report == ""


# Deliveries ---------------------------------------------------------------------------------


def test_officer_records_a_delivery(staff, programme, group):
    activity = ActivityFactory(component=component(programme, 4), kind="equipment_delivery")
    response = staff.post(
        reverse("delivery_create", args=[programme.pk]),
        {
            "activity": activity.pk,
            "producer_group": group.code,
            "item": "Solar dryer",
            "quantity": "1",
            "unit": "set",
            "value": "๑๒,๕๐๐",
            "currency": "THB",
            "delivered_on": "15/08/2560",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.value, delivery.delivered_on, delivery.in_use) == (
        D("12500"),
        dt.date(2017, 8, 15),
        None,
    )


def test_a_delivery_outside_the_programme_is_refused_on_its_date(staff, programme, group):
    activity = ActivityFactory(component=component(programme, 4), kind="equipment_delivery")
    response = staff.post(
        reverse("delivery_create", args=[programme.pk]),
        {
            "activity": activity.pk,
            "producer_group": group.code,
            "item": "Solar dryer",
            "quantity": "1",
            "value": "100",
            "currency": "THB",
            "delivered_on": "2015-01-01",
        },
    )
    assert response.status_code == 422
    assert "delivered_on" in response.context["form"].errors
    assert not Delivery.objects.exists()


def test_delivery_list_filters_by_group_and_use(staff, programme, group, other_group):
    used = make_delivery(
        programme, group, item="Used", in_use=True, last_visit_on=dt.date(2017, 7, 1)
    )
    idle = make_delivery(
        programme, group, item="Idle", in_use=False, last_visit_on=dt.date(2017, 7, 1)
    )
    unseen = make_delivery(programme, other_group, item="Unseen")
    url = reverse("programme_deliveries", args=[programme.pk])

    def items(**query):
        return {d.item for d in staff.get(url, query).context["page"]}

    assert items() == {used.item, idle.item, unseen.item}
    assert items(in_use="yes") == {"Used"}
    assert items(in_use="no") == {"Idle"}
    assert items(in_use="unknown") == {"Unseen"}
    assert items(group=other_group.pk) == {"Unseen"}


def test_recording_a_visit(staff, programme, group):
    delivery = make_delivery(programme, group)
    url = reverse("delivery_visit", args=[delivery.pk])
    response = staff.post(url, {"in_use": "no", "last_visit_on": "2017-10-02"})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.in_use, delivery.last_visit_on) == (False, dt.date(2017, 10, 2))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2017-05-31", "The visit cannot come before the delivery."),
        ("2999-01-01", "The visit cannot be in the future."),
    ],
)
def test_a_visit_on_a_wrong_day_is_refused(staff, programme, group, day, message):
    delivery = make_delivery(programme, group)
    response = staff.post(
        reverse("delivery_visit", args=[delivery.pk]), {"in_use": "yes", "last_visit_on": day}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["last_visit_on"] == [message]
    delivery.refresh_from_db()
    assert (delivery.in_use, delivery.last_visit_on) == (None, None)


def test_a_visit_needs_to_say_whether_it_is_in_use(staff, programme, group):
    delivery = make_delivery(programme, group)
    response = staff.post(
        reverse("delivery_visit", args=[delivery.pk]), {"last_visit_on": "2017-10-02"}
    )
    assert response.status_code == 422
    assert "in_use" in response.context["form"].errors


def test_moving_a_delivery_after_its_visit_is_refused_above_the_form(staff, programme, group):
    delivery = make_delivery(programme, group, in_use=True, last_visit_on=dt.date(2017, 7, 1))
    response = staff.post(
        reverse("delivery_edit", args=[delivery.pk]),
        {
            "activity": delivery.activity_id,
            "producer_group": group.code,
            "item": delivery.item,
            "quantity": "2",
            "value": "30000",
            "currency": "THB",
            "delivered_on": "2017-08-01",
        },
    )
    assert response.status_code == 422
    assert "The visit cannot come before the delivery." in response.text
    delivery.refresh_from_db()
    assert delivery.delivered_on == dt.date(2017, 6, 1)


def test_producer_sees_deliveries_to_their_own_groups_only(
    client, producer, programme, group, other_group
):
    make_delivery(programme, group, item="Ours")
    make_delivery(programme, other_group, item="Theirs")
    response = _login(client, producer).get(reverse("my_deliveries"))
    assert response.status_code == 200
    assert "Ours" in response.text
    assert "Theirs" not in response.text
    assert reverse("delivery_visit", args=[Delivery.objects.get(item="Ours").pk]) not in (
        response.text
    )


# Promotion ----------------------------------------------------------------------------------


def test_promotion_list_totals_reach_by_kind_and_names_the_fair(staff, programme):
    fair = FairFactory(name="OTOP CITY 2017", name_en="OTOP CITY 2017")
    for kind, reach in [("brochure", 1000), ("brochure", 500), ("video", None)]:
        PromotionItem.objects.create(
            programme=programme,
            kind=kind,
            title=kind,
            published_on=dt.date(2017, 2, 1),
            reach=reach,
        )
    PromotionItem.objects.create(
        programme=programme,
        kind="fair_booth",
        title="Bhutan booth",
        published_on=dt.date(2017, 12, 16),
        reach=2500,
        fair=fair,
    )
    response = staff.get(reverse("programme_promotion", args=[programme.pk]))
    rows = {row.kind: (row.items, row.reach) for row in response.context["by_kind"]}
    assert rows == {"brochure": (2, 1500), "video": (1, 0), "fair_booth": (1, 2500)}
    assert "at OTOP CITY 2017" in response.text


def _promotion_data(**fields):
    return {"kind": "brochure", "title_en": "OGOP brochure", "published_on": "2017-03-01", **fields}


def test_officer_records_a_promotion_item_with_titles_in_three_languages(staff, programme):
    response = staff.post(
        reverse("promotion_item_create", args=[programme.pk]),
        _promotion_data(title_th="แผ่นพับ OGOP", reach="2000"),
    )
    assert response.status_code == 302
    item = PromotionItem.objects.get()
    assert (item.programme, item.title_th, item.reach) == (programme, "แผ่นพับ OGOP", 2000)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "fair_booth"}, "fair"),
        ({"published_on": "2020-01-01"}, "published_on"),
        ({"title_en": ""}, "title_en"),
    ],
)
def test_bad_promotion_items_are_field_errors(staff, programme, data, field):
    response = staff.post(
        reverse("promotion_item_create", args=[programme.pk]), _promotion_data(**data)
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not PromotionItem.objects.exists()


def test_officer_edits_a_promotion_item(staff, programme):
    item = PromotionItem.objects.create(
        programme=programme, kind="video", title_en="Old", published_on=dt.date(2017, 2, 1)
    )
    response = staff.post(
        reverse("promotion_item_edit", args=[item.pk]),
        _promotion_data(kind="video", title_en="New"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_en == "New"


# Twinning -----------------------------------------------------------------------------------


def test_officer_twins_a_bhutanese_group_with_a_thai_producer(staff, programme, group):
    thai = thai_group()
    response = staff.post(
        reverse("twinning_create", args=[programme.pk]),
        {
            "bhutan_group": group.code,
            "thai_group": thai.code,
            "started_on": "2017-04-01",
            "focus": "Packaging",
        },
    )
    assert response.status_code == 302
    twinning = Twinning.objects.get()
    assert (twinning.programme, twinning.bhutan_group, twinning.thai_group) == (
        programme,
        group,
        thai,
    )
    listing = staff.get(reverse("programme_twinnings", args=[programme.pk]))
    assert group.name in listing.text


def test_twinning_groups_in_the_wrong_country_are_field_errors(staff, programme, group):
    thai = thai_group()
    response = staff.post(
        reverse("twinning_create", args=[programme.pk]),
        {"bhutan_group": thai.code, "thai_group": group.code, "started_on": "2017-04-01"},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["bhutan_group"] == ["Choose a producer group in Bhutan."]
    assert errors["thai_group"] == ["Choose a producer group in Thailand."]
    assert not Twinning.objects.exists()


def test_the_same_pair_cannot_be_twinned_twice(staff, programme, group):
    thai = thai_group()
    Twinning.objects.create(
        programme=programme, bhutan_group=group, thai_group=thai, started_on=dt.date(2017, 1, 1)
    )
    response = staff.post(
        reverse("twinning_create", args=[programme.pk]),
        {"bhutan_group": group.code, "thai_group": thai.code, "started_on": "2017-04-01"},
    )
    assert response.status_code == 422
    assert "These groups are already twinned." in response.text
    assert Twinning.objects.count() == 1


@pytest.fixture
def twinning(programme, group):
    return Twinning.objects.create(
        programme=programme,
        bhutan_group=group,
        thai_group=thai_group(),
        started_on=dt.date(2017, 1, 1),
    )


def test_exchange_visits_are_added_edited_and_shown(staff, twinning):
    response = staff.post(
        reverse("twinning_visit_create", args=[twinning.pk]),
        {"direction": "to_th", "start": "2017-03-01", "end": "2017-03-07", "visitors": "4"},
    )
    assert response.status_code == 302
    visit = TwinningVisit.objects.get()
    edit = staff.post(
        reverse("twinning_visit_edit", args=[visit.pk]),
        {
            "direction": "to_th",
            "start": "2017-03-01",
            "end": "2017-03-08",
            "visitors": "5",
            "notes": "Saw the dye house",
        },
    )
    assert edit.status_code == 302
    detail = staff.get(reverse("twinning_detail", args=[twinning.pk]))
    assert "Saw the dye house" in detail.text
    assert list(detail.context["visits"].values_list("visitors", flat=True)) == [5]


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"start": "2017-03-08", "end": "2017-03-01"}, "end"),
        ({"start": "2016-12-01", "end": "2016-12-05"}, "start"),  # before the twinning
    ],
)
def test_bad_visit_dates_are_field_errors(staff, twinning, dates, field):
    response = staff.post(
        reverse("twinning_visit_create", args=[twinning.pk]),
        {"direction": "to_bt", "visitors": "2", **dates},
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not TwinningVisit.objects.exists()


def test_officer_edits_a_twinning(staff, twinning):
    response = staff.post(
        reverse("twinning_edit", args=[twinning.pk]),
        {
            "bhutan_group": twinning.bhutan_group.code,
            "thai_group": twinning.thai_group.code,
            "started_on": "2017-01-01",
            "ended_on": "2018-06-30",
        },
    )
    assert response.status_code == 302
    twinning.refresh_from_db()
    assert twinning.ended_on == dt.date(2018, 6, 30)


# Query counts -------------------------------------------------------------------------------


def _grow(programme, training, group, n):
    training.producer_groups.add(group)
    for _ in range(n):
        product = ProductFactory(producer_group=group)
        for price in ("100", "120"):
            business_plan_save(
                plan=BusinessPlan(
                    producer_group=group,
                    product=product,
                    prepared_on=dt.date(2017, 4, 1),
                    fixed_costs=D("1000"),
                    variable_cost=D("50"),
                    price=D(price),
                    expected_volume=100,
                ),
                user=None,
            )
        ParticipantFactory(activity=training, person=PersonFactory(), pre_score=1, post_score=2)
        make_mission(programme, PersonFactory())
        make_delivery(programme, group)
        PromotionItem.objects.create(
            programme=programme, kind="video", title="V", published_on=dt.date(2017, 2, 1)
        )
        Twinning.objects.create(
            programme=programme,
            bhutan_group=ProducerGroupFactory(),
            thai_group=thai_group(),
            started_on=dt.date(2017, 1, 1),
        )


LISTS = [
    ("index", lambda p, t: reverse("programme_fieldwork", args=[p.pk])),
    ("people", lambda p, t: reverse("person_list")),
    ("participants", lambda p, t: reverse("activity_participants", args=[t.pk])),
    ("missions", lambda p, t: reverse("programme_missions", args=[p.pk])),
    ("deliveries", lambda p, t: reverse("programme_deliveries", args=[p.pk])),
    ("promotion", lambda p, t: reverse("programme_promotion", args=[p.pk])),
    ("plans", lambda p, t: reverse("programme_business_plans", args=[p.pk])),
    ("twinnings", lambda p, t: reverse("programme_twinnings", args=[p.pk])),
]


@pytest.mark.parametrize(("name", "url"), LISTS, ids=[name for name, _url in LISTS])
def test_list_query_count_does_not_grow_with_the_data(
    name, url, staff, programme, training, group, django_assert_max_num_queries
):
    _grow(programme, training, group, 2)
    address = url(programme, training)
    with django_assert_max_num_queries(20) as small:
        assert staff.get(address).status_code == 200
    _grow(programme, training, group, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert staff.get(address).status_code == 200


# Fragments and languages ----------------------------------------------------------------------


def test_filtering_deliveries_with_htmx_sends_only_the_table(staff, programme, group):
    make_delivery(programme, group, item="Solar dryer")
    url = reverse("programme_deliveries", args=[programme.pk])
    response = staff.get(url, {"in_use": "unknown"}, HTTP_HX_REQUEST="true")
    assert "Solar dryer" in response.text
    assert "<html" not in response.text
    assert "<html" in staff.get(url).text


def test_searching_people_with_htmx_sends_only_the_table(staff):
    PersonFactory(name="Karma Wangmo")
    response = staff.get(reverse("person_list"), {"q": "karma"}, HTTP_HX_REQUEST="true")
    assert "Karma Wangmo" in response.text
    assert "<html" not in response.text


def test_a_thai_reader_sees_buddhist_era_dates(staff, programme, group):
    make_delivery(programme, group)  # delivered 1 June 2017
    response = staff.get(
        reverse("programme_deliveries", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="th"
    )
    assert "2560" in response.text
