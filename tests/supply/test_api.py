"""Purchases, batches and a batch's trace through the API."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from ogop.accounts.tokens import api_token_create
from ogop.supply.models import Purchase
from ogop.supply.services import batch_recall, purchase_record
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.supply.helpers import packed

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def buyer_headers():
    _token, key = api_token_create(user=UserFactory(role="partner_officer"), name="phone")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, headers, body):
    return client.post(
        f"{API}/purchases", json.dumps(body), content_type="application/json", **headers
    )


def body(group, **more):
    return {
        "client_uuid": str(uuid.uuid4()),
        "group_code": group.code,
        "bought_on": "2017-11-20",
        "material": "red rice paddy",
        "quantity": "50.5",
        "unit": "kg",
        "unit_price": "40",
        **more,
    }


def test_a_purchase_sent_twice_is_recorded_once(client, buyer_headers, group):
    sent = body(group)
    first = post(client, buyer_headers, sent)
    again = post(client, buyer_headers, sent)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["amount"] == "2020.00"
    assert first.json()["lot_code"].startswith("L-2017-")
    assert Purchase.objects.count() == 1


@pytest.mark.parametrize(
    ("more", "field"),
    [
        ({"group_code": "NOPE"}, "group_code"),
        ({"bought_on": "2099-01-01"}, "bought_on"),
        ({"quantity": "0"}, "quantity"),
        ({"unit": "sack"}, "unit"),
        ({"material": ""}, "material"),
    ],
)
def test_a_wrong_purchase_is_refused_with_where_and_nothing_is_written(
    client, buyer_headers, group, more, field
):
    response = post(client, buyer_headers, body(group, **more))
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])
    assert not Purchase.objects.exists()


def test_a_producer_lists_only_its_own_groups_purchases(client, group):
    buyer = UserFactory(role="partner_officer")
    other = ProducerGroupFactory()
    for owner in (group, other):
        purchase_record(
            group=owner,
            bought_on=dt.date(2017, 11, 1),
            material="honey",
            quantity=Decimal(1),
            unit="l",
            unit_price=Decimal(10),
            user=buyer,
        )
    producer = UserFactory(role="producer")
    group.representatives.add(producer)
    _token, key = api_token_create(user=producer, name="mine")
    listed = client.get(f"{API}/purchases", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [item["group_code"] for item in listed["items"]] == [group.code]


def test_the_trace_of_a_batch_says_where_it_came_from_and_its_recall(client, group):
    group.is_public = True
    group.save()
    buyer = UserFactory(role="partner_officer")
    product = ProductFactory(producer_group=group)
    batch = packed(product, produced_on=dt.date(2017, 11, 2), buyer=buyer)
    purchase = batch.inputs.get().lot.purchase
    batch_recall(batch=batch, reason="Mould", user=buyer)
    trace = client.get(f"{API}/01/{product.code}/10/B-1").json()
    assert trace["recall_reason"] == "Mould"
    assert trace["origins"][0]["group_code"] == group.code
    assert trace["origins"][0]["gewog_code"] == group.area.code
    assert trace["origins"][0]["lots"][0]["code"] == purchase.lot.code
    assert client.get(f"{API}/01/{product.code}/10/B-2").status_code == 404
