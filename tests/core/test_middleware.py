import json

import pytest
from django.urls import reverse

from ogop.accounts.tokens import api_token_create
from ogop.producers.models import ProducerGroup


@pytest.mark.parametrize("url", ["/api/v1/products?stage=a%00b", "/api/v1/search?q=%00"])
def test_a_nul_in_an_api_address_gets_a_clear_400(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_page_reads_its_parameters_without_the_nul(client, officer, product):
    from tests.factories import PASSWORD

    client.login(username=officer.username, password=PASSWORD)
    response = client.get(f"/products/?q={product.code}%00&area=BT-33%00")
    assert response.status_code == 200
    assert [p.code for p in response.context["page"]] == [product.code]


def _patch_product(client, user, product, body, content_type):
    _token, key = api_token_create(user=user, name="test")
    return client.generic(
        "PATCH",
        f"/api/v1/products/{product.code}",
        body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "text/plain", "application/merge-patch+json", "", "multipart/form-data"],
)
def test_a_nul_in_an_api_body_is_refused_naming_the_field_whatever_its_content_type(
    client, officer, product, content_type
):
    """The API reads a body as JSON whatever it claims to be (#17: text/plain got a 500)."""
    before = (product.name_en, product.history.count())
    body = json.dumps({"unit": "jar", "name_en": "A\u0000B"})
    response = _patch_product(client, officer, product, body, content_type)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "name_en"], "msg": "A NUL character, which no text may hold."}
    ]
    product.refresh_from_db()
    assert (product.name_en, product.history.count()) == before


def test_a_nul_in_a_new_records_code_is_refused_and_nothing_written(client, officer):
    _token, key = api_token_create(user=officer, name="test")
    body = {"code": "PG\u0000X", "name_en": "X", "kind": "cooperative", "area_code": "BT-33-03"}
    response = client.post(
        "/api/v1/producer-groups",
        json.dumps(body),
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "code"]
    assert not ProducerGroup.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"price": 1e999999}', "too large"),
        ('{"price": NaN}', "not a number JSON allows"),
        ('{"price": -Infinity}', "not a number JSON allows"),
        ('{"price": ' + "9" * 5000 + "}", "too large"),
        ('{"price": 99999999999999999999}', "too large"),
    ],
)
def test_a_number_json_cannot_mean_is_refused_naming_the_field(
    client, officer, product, body, message
):
    response = _patch_product(client, officer, product, body, "application/json")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "price"]
    assert message in error["msg"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested deeper than"),
        ('{"unit": ' + "[" * 40 + "]" * 40 + "}", "nested deeper than"),
        ('{"unit": "caf\xe9"}'.encode("latin-1"), "not text in UTF-8"),
        ("{unit: jar}", "not valid JSON"),
    ],
)
def test_a_body_that_is_not_json_gets_a_clear_400(client, officer, product, body, message):
    response = _patch_product(client, officer, product, body, "text/plain")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_nul_in_a_form_is_refused(client, officer):
    from tests.factories import PASSWORD

    client.login(username=officer.username, password=PASSWORD)
    response = client.post(
        reverse("producer_group_create"),
        "code=A%00B&name_en=X",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    # A file upload (multipart) carries binary data: its text fields are checked.
    response = client.post(reverse("producer_group_create"), {"code": "A\x00B"})
    assert response.status_code == 400
    # So is a body that claims to be something else.
    response = client.post(
        reverse("producer_group_create"), "code=A\x00B", content_type="text/plain"
    )
    assert response.status_code == 400
    assert not ProducerGroup.objects.exists()


def test_ordinary_requests_pass(client, db):
    assert client.get("/api/v1/search?q=honey").status_code == 200
