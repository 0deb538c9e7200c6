"""Every staff page × every role × own object, someone else's object and anonymous."""

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.core.models import Job
from ogop.products.models import Product
from tests.factories import PASSWORD
from tests.roles import ANONYMOUS, ROLES

# Expected status for each role, in the order of ROLES:
#            admin officer partner producer expert assessor cashier anonymous
EVERYONE = (200, 200, 200, 200, 200, 200, 200, 302)
AREAS = (200, 200, 200, 200, 200, 200, 403, 302)
READ_LIST = (200, 200, 200, 200, 200, 200, 403, 302)
READ_OWN = (200, 200, 200, 200, 200, 200, 404, 302)
READ_OTHER = (200, 200, 200, 404, 200, 200, 404, 302)
EDIT_OWN = (200, 200, 200, 200, 403, 403, 404, 302)
EDIT_OTHER = (200, 200, 200, 404, 403, 403, 404, 302)
CREATE_GROUP = (200, 200, 200, 403, 403, 403, 403, 302)
CREATE_PRODUCT = (200, 200, 200, 200, 403, 403, 403, 302)
TRANSFER = (200, 200, 200, 403, 403, 403, 403, 302)

PAGES = [
    ("home", lambda o: reverse("home"), EVERYONE),
    ("preferences", lambda o: reverse("preferences"), EVERYONE),
    ("area list", lambda o: reverse("area_list"), AREAS),
    ("area detail", lambda o: reverse("area_detail", args=["BT-33"]), AREAS),
    ("area suggest", lambda o: reverse("area_suggest") + "?area=tang", AREAS),
    ("group list", lambda o: reverse("producer_group_list"), READ_LIST),
    ("group suggest", lambda o: reverse("group_suggest") + "?q=group", READ_LIST),
    ("own group", lambda o: o["group"].get_absolute_url(), READ_OWN),
    ("other group", lambda o: o["other_group"].get_absolute_url(), READ_OTHER),
    ("new group", lambda o: reverse("producer_group_create"), CREATE_GROUP),
    ("edit own group", lambda o: reverse("producer_group_edit", args=[o["group"].code]), EDIT_OWN),
    (
        "edit other group",
        lambda o: reverse("producer_group_edit", args=[o["other_group"].code]),
        EDIT_OTHER,
    ),
    ("product list", lambda o: reverse("product_list"), READ_LIST),
    ("own product", lambda o: o["product"].get_absolute_url(), READ_OWN),
    ("other product", lambda o: o["other_product"].get_absolute_url(), READ_OTHER),
    ("new product", lambda o: reverse("product_create"), CREATE_PRODUCT),
    ("edit own product", lambda o: reverse("product_edit", args=[o["product"].code]), EDIT_OWN),
    (
        "edit other product",
        lambda o: reverse("product_edit", args=[o["other_product"].code]),
        EDIT_OTHER,
    ),
    ("import", lambda o: reverse("registry_import"), TRANSFER),
]


@pytest.fixture
def objects(group, other_group, product, other_product):
    return {
        "group": group,
        "other_group": other_group,
        "product": product,
        "other_product": other_product,
    }


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, objects):
    client = client_as(role, group=objects["group"])
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [r for r in ROLES if r != ANONYMOUS])
def test_administration_site_is_for_administrators_only(role, client_as, objects):
    client = client_as(role, group=objects["group"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == (200 if role == Role.ADMIN else 302)


def test_producer_cannot_change_another_groups_product_by_post(client, producer, other_product):
    client.login(username=producer.username, password=PASSWORD)
    url = reverse("product_edit", args=[other_product.code])
    response = client.post(url, {"code": other_product.code, "name_en": "Taken over"})
    assert response.status_code == 404
    other_product.refresh_from_db()
    assert other_product.name_en != "Taken over"


def test_producer_cannot_add_a_product_to_another_group(client, producer, other_group):
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(
        reverse("product_create"),
        {
            "code": "SNEAK-1",
            "name_en": "Sneaky",
            "category": "food",
            "producer_group": other_group.pk,
            "currency": "BTN",
            "stage": "idea",
        },
    )
    assert response.status_code == 422
    assert not Product.objects.filter(code="SNEAK-1").exists()


def test_producer_list_shows_only_own_groups_products(client, producer, product, other_product):
    client.login(username=producer.username, password=PASSWORD)
    response = client.get(reverse("product_list"))
    assert product.name_en in response.text
    assert other_product.name_en not in response.text


def test_producer_export_is_refused_and_nothing_leaks(client, producer, other_product):
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(reverse("registry_export"), {"kind": "products", "format": "csv"})
    assert response.status_code == 403
    assert other_product.code not in response.text
    assert not Job.objects.exists()
