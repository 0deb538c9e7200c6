import pytest
from django.urls import reverse

from ogop.producers.models import ProducerGroup
from tests.factories import PASSWORD, ProducerGroupFactory
from tests.html_forms import as_post, form_data, page_form


def _form(**values):
    data = {
        "code": "PG-NEW",
        "name_en": "Honey group",
        "name_th": "กลุ่มน้ำผึ้ง",
        "kind": "farmer_group",
        "area": "BT-33-03",
        "members_female": "๑๒",
        "members_male": "3",
        "is_public": "on",
    }
    data.update(values)
    return data


def test_officer_creates_a_group(officer_client):
    response = officer_client.post(reverse("producer_group_create"), _form())
    group = ProducerGroup.objects.get(code="PG-NEW")
    assert response.status_code == 302
    assert (group.members_female, group.area.code, group.name_th) == (12, "BT-33-03", "กลุ่มน้ำผึ้ง")


@pytest.mark.parametrize(
    ("field", "value"),
    [("area", "BT-00-00"), ("kind", "club"), ("members_male", "-1"), ("code", ""), ("name_en", "")],
)
def test_bad_group_input_writes_nothing(officer_client, field, value):
    response = officer_client.post(reverse("producer_group_create"), _form(**{field: value}))
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not ProducerGroup.objects.exists()


def test_producer_edits_own_group_but_not_its_code(client, producer, group):
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(
        reverse("producer_group_edit", args=[group.code]),
        _form(code="STOLEN", name_en="Our group", area=group.area.code),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.code, group.name_en) != ("STOLEN", "Our group")
    assert group.name_en == "Our group"


def test_group_page_shows_history_of_changes(officer_client, officer, group):
    officer_client.post(
        reverse("producer_group_edit", args=[group.code]),
        _form(code=group.code, name_en="Renamed", members_female="9"),
    )
    page = officer_client.get(group.get_absolute_url())
    first = page.context["history"][0]
    assert first.who == officer
    assert "Renamed" in {str(change.new) for change in first.changes}


def test_group_list_filters_by_kind_and_area(officer_client, gewog, other_gewog):
    wanted = ProducerGroupFactory(kind="cooperative", area=gewog)
    ProducerGroupFactory(kind="cooperative", area=other_gewog)
    ProducerGroupFactory(kind="enterprise", area=gewog)
    response = officer_client.get(
        reverse("producer_group_list"), {"kind": "cooperative", "area": "BT-33"}
    )
    assert [g.code for g in response.context["page"]] == [wanted.code]


def test_group_list_query_count_is_constant(officer_client, django_assert_max_num_queries):
    ProducerGroupFactory.create_batch(3)
    with django_assert_max_num_queries(8) as few:
        officer_client.get(reverse("producer_group_list"))
    ProducerGroupFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("producer_group_list"))


def test_group_suggestions_by_name(officer_client, group):
    response = officer_client.get(reverse("group_suggest"), {"producer_group": group.name_en})
    assert f'value="{group.code}"' in response.text


def test_history_names_a_changed_area_and_kind_as_readers_know_them(officer_client, group):
    officer_client.post(
        reverse("producer_group_edit", args=[group.code]),
        _form(code=group.code, area="BT-15-08", kind="cooperative"),
    )
    page = officer_client.get(group.get_absolute_url())
    changes = {c.field: (str(c.old), str(c.new)) for c in page.context["history"][0].changes}
    assert changes["area"] == ("Tang (BT-33-03)", "Soe (BT-15-08)")
    assert changes["kind"] == ("farmer group", "cooperative")


def _edit_page_data(client, group):
    """What the group's edit page holds, as a browser sends it."""
    address = reverse("producer_group_edit", args=[group.code])
    page = client.get(address)
    return address, as_post(form_data(page_form(page.content, address)))


def test_saving_the_edit_form_with_only_a_new_phone_keeps_the_area(client, producer, group):
    # Given the group's edit page as its producer sees it
    client.login(username=producer.username, password=PASSWORD)
    address, data = _edit_page_data(client, group)
    # When only the phone is changed and the form is saved
    data["phone"] = ["+975 17 000 001"]
    response = client.post(address, data)
    # Then the phone is saved and the group stays in its gewog
    group.refresh_from_db()
    assert response.status_code == 302
    assert (group.phone, group.area.code) == ("+975 17 000 001", "BT-33-03")
    assert data["area"] == ["BT-33-03"]


def test_an_edit_form_sent_back_unchanged_writes_nothing(officer_client, group):
    address, data = _edit_page_data(officer_client, group)
    stamp, history = group.updated_at, group.history.count()
    response = officer_client.post(address, data, follow=True)
    group.refresh_from_db()
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert "Nothing was changed." in response.content.decode()
    assert (group.updated_at, group.history.count()) == (stamp, history)
