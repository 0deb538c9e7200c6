"""Areas in the administration pages: names can be corrected, places in the tree cannot move."""

import pytest
from django.urls import reverse

from ogop.catalog.search import search
from ogop.places.models import Area
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory


@pytest.fixture
def admin_client(client, make_user):
    administrator = make_user("admin")
    client.login(username=administrator.username, password=PASSWORD)
    return client


def change_form(area: Area) -> dict[str, str]:
    return {
        "name_en": area.name_en,
        "name_th": area.name_th or "",
        "name_dz": area.name_dz or "",
        "country": area.country,
        "level": str(area.level),
        "kind": area.kind,
        "code": area.code,
        "parent": str(area.parent_id or ""),
        "latitude": "",
        "longitude": "",
    }


def test_a_corrected_name_is_searched_at_once(admin_client):
    tang = Area.objects.get(code="BT-33-03")
    group = ProducerGroupFactory(area=tang, is_public=True)
    ProductFactory(code="HONEY", name_en="Honey", name="Honey", producer_group=group, area=tang)
    url = reverse("admin:places_area_change", args=[tang.pk])
    response = admin_client.post(url, {**change_form(tang), "name_en": "Tang Valley"})
    assert response.status_code == 302
    assert [hit.code for hit in search("valley") if hit.kind == "product"] == ["HONEY"]


def test_an_area_cannot_be_moved_or_recoded(admin_client):
    tang = Area.objects.get(code="BT-33-03")
    thimphu = Area.objects.get(code="BT-15")
    url = reverse("admin:places_area_change", args=[tang.pk])
    form = {**change_form(tang), "parent": str(thimphu.pk), "code": "BT-15-99"}
    assert admin_client.post(url, form).status_code == 302
    tang.refresh_from_db()
    assert (tang.code, tang.parent.code, tang.path) == ("BT-33-03", "BT-33", "BT-33/BT-33-03/")


def test_a_new_area_takes_its_path_country_and_level_from_its_parent(admin_client):
    bumthang = Area.objects.get(code="BT-33")
    form = {
        **change_form(Area(country="BT", level=2, kind="gewog", code="BT-33-99", parent=bumthang)),
        "name_en": "New gewog",
    }
    form["level"] = "1"  # the parent's says otherwise
    assert admin_client.post(reverse("admin:places_area_add"), form).status_code == 302
    new = Area.objects.get(code="BT-33-99")
    assert (new.path, new.country, new.level) == ("BT-33/BT-33-99/", "BT", 2)


def test_an_areas_country_level_and_kind_stay_as_made(admin_client):
    page = admin_client.get(reverse("admin:places_area_change", args=[area_pk("BT-33-03")]))
    fields = page.context["adminform"].form.fields
    assert not {"country", "level", "kind", "code", "parent"} & fields.keys()
    assert "name_dz" in fields


def area_pk(code: str) -> int:
    return Area.objects.get(code=code).pk
