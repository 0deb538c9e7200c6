import json

import pytest
from django.urls import reverse

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


def test_a_nul_in_a_json_body_is_refused_and_nothing_written(client, db):
    body = {"code": "PG\u0000X", "name_en": "X", "kind": "cooperative", "area_code": "BT-33-03"}
    response = client.post(
        "/api/v1/producer-groups", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not ProducerGroup.objects.exists()


def test_a_nul_in_a_form_is_refused(client, officer):
    from tests.factories import PASSWORD

    client.login(username=officer.username, password=PASSWORD)
    response = client.post(
        reverse("producer_group_create"),
        "code=A%00B&name_en=X",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    # A file upload (multipart) carries binary data: its text fields are checked by the form.
    response = client.post(reverse("producer_group_create"), {"code": "A\x00B"})
    assert response.status_code == 422
    assert not ProducerGroup.objects.exists()


def test_ordinary_requests_pass(client, db):
    assert client.get("/api/v1/search?q=honey").status_code == 200
