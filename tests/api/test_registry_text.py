"""The API keeps the registry's text rules: the same as the forms' and the import's."""

import json

import pytest

from ogop.accounts.models import Role
from ogop.accounts.tokens import api_token_create
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product

API = "/api/v1"


@pytest.fixture
def headers(make_user):
    _token, key = api_token_create(user=make_user(Role.PROGRAMME_OFFICER), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def send(client, method, path, data, headers):
    return getattr(client, method)(
        API + path, json.dumps(data), content_type="application/json", **headers
    )


GROUP = {"code": "PG-API", "kind": "cooperative", "area_code": "BT-33-03"}


@pytest.mark.parametrize("name", ["   ", "\u00a0 \t", "Honey\x07", "a\uffffb"])
def test_a_group_name_of_only_spaces_or_with_a_control_character_is_refused_naming_the_field(
    client, db, headers, name
):
    response = send(client, "post", "/producer-groups", {**GROUP, "name_en": name}, headers)
    assert response.status_code == 422
    assert "name_en" in json.dumps(response.json()["detail"])
    assert not ProducerGroup.objects.exists()


def test_a_group_renamed_to_only_spaces_is_refused_and_keeps_its_name(client, group, headers):
    response = send(client, "patch", f"/producer-groups/{group.code}", {"name_en": " "}, headers)
    assert response.status_code == 422
    group.refresh_from_db()
    assert group.name_en.strip()


def test_spaces_around_a_groups_text_are_not_stored(client, db, headers):
    data = {**GROUP, "name_en": "  Honey group ", "phone": " 17 11 22 33 "}
    response = send(client, "post", "/producer-groups", data, headers)
    assert response.status_code == 201, response.content
    assert (response.json()["name_en"], response.json()["phone"]) == ("Honey group", "17 11 22 33")
    group = ProducerGroup.objects.get(code="PG-API")
    assert (group.name_en, group.phone) == ("Honey group", "17 11 22 33")


def test_a_product_named_only_spaces_is_refused_naming_the_field(client, group, headers):
    data = {
        "code": "P-API",
        "name_en": "   ",
        "category": "food",
        "producer_group_code": group.code,
    }
    response = send(client, "post", "/products", data, headers)
    assert response.status_code == 422
    assert "name_en" in json.dumps(response.json()["detail"])
    assert not Product.objects.exists()


def test_spaces_around_a_products_text_are_not_stored(client, product, headers):
    data = {"name_en": " Wild honey  ", "unit": " 500 g jar ", "description_en": "\n Raw.\n"}
    response = send(client, "patch", f"/products/{product.code}", data, headers)
    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert (product.name_en, product.unit, product.description_en) == (
        "Wild honey",
        "500 g jar",
        "Raw.",
    )
