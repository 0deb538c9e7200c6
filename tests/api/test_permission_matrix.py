"""Every API operation × every role × own object, someone else's (unpublished) object and
anonymous → the expected status; and the list of operations here is checked against the
API's own description, so that a new operation cannot go untested."""

import json
import uuid
from typing import Any

import pytest

from ogop.accounts.tokens import api_token_create
from ogop.api.api import api
from ogop.outlets.models import Outlet
from tests.factories import ProducerGroupFactory, ProductFactory
from tests.fairs.factories import FairFactory
from tests.roles import ROLES, user_for
from tests.supply.helpers import packed

API = "/api/v1"
#                admin officer partner producer expert assessor cashier anonymous
PUBLIC = (200, 200, 200, 200, 200, 200, 200, 200)
# An unpublished group or product: readable by the registry's readers and its own producer.
PRIVATE_OWN = (200, 200, 200, 200, 200, 200, 404, 404)
PRIVATE_OTHER = (200, 200, 200, 404, 200, 200, 404, 404)
CREATE_GROUP = (201, 201, 201, 403, 403, 403, 403, 401)
CREATE_OWN_PRODUCT = (201, 201, 201, 201, 403, 403, 403, 401)
# Another group's unpublished group is unknown to the producer, as a missing one (422).
CREATE_OTHER_PRODUCT = (201, 201, 201, 422, 403, 403, 403, 401)
CHANGE_OWN = (200, 200, 200, 200, 403, 403, 404, 401)
CHANGE_OTHER = (200, 200, 200, 404, 403, 403, 404, 401)
# Purchases and batches: buying staff read and record; a producer reads its own groups'.
SUPPLY_READ = (200, 200, 200, 200, 403, 403, 403, 401)
SUPPLY_RECORD = (201, 201, 201, 403, 403, 403, 403, 401)
# Outlets: managers read all; the cashier is on the staff of the outlet given.
OUTLET_READ = (200, 200, 200, 403, 403, 403, 200, 401)


def _purchase_body(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "client_uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, str(o["n"]))),
        "group_code": o["group"].code,
        "bought_on": "2017-11-20",
        "material": "red rice paddy",
        "quantity": "50",
        "unit": "kg",
        "unit_price": "40",
    }


def _public_batch_path(o: dict[str, Any]) -> str:
    """A batch of a public product of a public group."""
    batch = packed(ProductFactory(producer_group=ProducerGroupFactory(is_public=True)))
    return f"/01/{batch.product.code}/10/{batch.code}"


def _group_body(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": f"PG-M-{o['n']}",
        "name_en": "Matrix",
        "kind": "cooperative",
        "area_code": "BT-33-03",
    }


def _product_body(group: Any, o: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": f"PR-M-{o['n']}",
        "name_en": "Matrix product",
        "producer_group_code": group.code,
        "category": "food",
    }


OPERATIONS: list[tuple[str, str, Any, Any, tuple[int, ...]]] = [
    # operation id, method, path from objects, body from objects, expected per role
    ("search", "get", lambda o: "/search?q=honey", None, PUBLIC),
    ("search_suggest", "get", lambda o: "/search/suggest?q=hon", None, PUBLIC),
    ("areas_list", "get", lambda o: "/areas", None, PUBLIC),
    ("areas_get", "get", lambda o: "/areas/BT-33-03", None, PUBLIC),
    ("fairs_list", "get", lambda o: "/fairs", None, PUBLIC),
    ("fairs_get", "get", lambda o: f"/fairs/{o['fair'].code}", None, PUBLIC),
    ("producer_groups_list", "get", lambda o: "/producer-groups", None, PUBLIC),
    (
        "producer_groups_get",
        "get",
        lambda o: f"/producer-groups/{o['group'].code}",
        None,
        PRIVATE_OWN,
    ),
    (
        "producer_groups_get",
        "get",
        lambda o: f"/producer-groups/{o['other_group'].code}",
        None,
        PRIVATE_OTHER,
    ),
    ("producer_groups_create", "post", lambda o: "/producer-groups", _group_body, CREATE_GROUP),
    (
        "producer_groups_update",
        "patch",
        lambda o: f"/producer-groups/{o['group'].code}",
        lambda o: {"members_female": 12},
        CHANGE_OWN,
    ),
    (
        "producer_groups_update",
        "patch",
        lambda o: f"/producer-groups/{o['other_group'].code}",
        lambda o: {"members_female": 12},
        CHANGE_OTHER,
    ),
    ("products_list", "get", lambda o: "/products", None, PUBLIC),
    ("products_get", "get", lambda o: f"/products/{o['product'].code}", None, PRIVATE_OWN),
    ("products_get", "get", lambda o: f"/products/{o['other_product'].code}", None, PRIVATE_OTHER),
    (
        "products_create",
        "post",
        lambda o: "/products",
        lambda o: _product_body(o["group"], o),
        CREATE_OWN_PRODUCT,
    ),
    (
        "products_create",
        "post",
        lambda o: "/products",
        lambda o: _product_body(o["other_group"], o),
        CREATE_OTHER_PRODUCT,
    ),
    (
        "products_update",
        "patch",
        lambda o: f"/products/{o['product'].code}",
        lambda o: {"name_en": "Renamed"},
        CHANGE_OWN,
    ),
    (
        "products_update",
        "patch",
        lambda o: f"/products/{o['other_product'].code}",
        lambda o: {"name_en": "Renamed"},
        CHANGE_OTHER,
    ),
    ("purchases_list", "get", lambda o: "/purchases", None, SUPPLY_READ),
    ("purchases_create", "post", lambda o: "/purchases", _purchase_body, SUPPLY_RECORD),
    ("batches_list", "get", lambda o: "/batches", None, SUPPLY_READ),
    ("batches_trace", "get", _public_batch_path, None, PUBLIC),
    ("outlets_list", "get", lambda o: "/outlets", None, OUTLET_READ),
    ("outlets_stock", "get", lambda o: f"/outlets/{o['outlet'].code}/stock", None, OUTLET_READ),
]

CASES = [
    pytest.param(
        operation, method, path, body, role, expected[index], id=f"{operation}-{index_of}-{role}"
    )
    for index_of, (operation, method, path, body, expected) in enumerate(OPERATIONS)
    for index, role in enumerate(ROLES)
]


@pytest.fixture
def objects(group, other_group, product, other_product):
    """The producer's own group and product, and another group's, all unpublished (so that
    who may read them is what is tested), and a fair."""
    for record in (group, other_group):
        record.is_public = False
        record.save()
    return {
        "group": group,
        "other_group": other_group,
        "product": product,
        "other_product": other_product,
        "fair": FairFactory(),
        "outlet": Outlet.objects.create(code="SHOP-PARO", name="Paro shop", kind="shop"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("operation", "method", "path", "body", "role", "expected"), CASES)
def test_api_permission_matrix(client, objects, operation, method, path, body, role, expected):
    headers = {}
    user = user_for(role, group=objects["group"], outlet=objects["outlet"])
    if user is not None:
        _token, key = api_token_create(user=user, name="matrix")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    objects["n"] = role
    url = API + path(objects)
    if body is None:
        response = getattr(client, method)(url, **headers)
    else:
        response = getattr(client, method)(
            url, json.dumps(body(objects)), content_type="application/json", **headers
        )
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"].startswith("application/json")


def test_every_api_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    served = {
        operation["operationId"] for path in schema["paths"].values() for operation in path.values()
    }
    assert served == {operation for operation, *_rest in OPERATIONS}
