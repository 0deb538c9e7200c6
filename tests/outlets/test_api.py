"""Outlets and their stock through the API."""

import pytest

from ogop.accounts.tokens import api_token_create
from tests.factories import UserFactory
from tests.outlets.helpers import delivered, outlet
from tests.supply.helpers import packed

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _headers(user):
    _token, key = api_token_create(user=user, name="shop tablet")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_outlets_stock_is_read_batch_by_batch(client, product, officer):
    shop = outlet("SHOP-PARO", name="Paro shop")
    keeper = UserFactory(role="cashier")
    shop.staff.add(keeper)
    older = packed(product, code="B-1", quantity=30, buyer=officer)
    delivered(older, shop, 12, user=officer)
    headers = _headers(keeper)
    listed = client.get(f"{API}/outlets", **headers).json()
    assert [(row["code"], row["units"]) for row in listed] == [("SHOP-PARO", 12)]
    stock = client.get(f"{API}/outlets/SHOP-PARO/stock", **headers).json()
    assert stock == [
        {
            "product_code": product.code,
            "batch_code": "B-1",
            "produced_on": "2017-11-05",
            "best_before": None,
            "recalled": False,
            "quantity": 12,
        }
    ]


def test_staff_read_only_their_own_outlets(client, officer):
    outlet("SHOP-PARO")
    outlet("SHOP-THIMPHU")
    keeper = UserFactory(role="cashier")
    outlet("SHOP-OWN").staff.add(keeper)
    headers = _headers(keeper)
    assert [row["code"] for row in client.get(f"{API}/outlets", **headers).json()] == ["SHOP-OWN"]
    response = client.get(f"{API}/outlets/SHOP-PARO/stock", **headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
