"""Every fairs page × every role × own object, someone else's object and anonymous."""

from decimal import Decimal as D
from uuid import uuid4

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.fairs.models import Sale
from ogop.fairs.services import sale_record
from tests.factories import PASSWORD
from tests.fairs.factories import BuyerLeadFactory
from tests.roles import ROLES

# Expected status for each role, in the order of ROLES:
#                admin officer partner producer expert assessor cashier anonymous
FAIR_LIST = (200, 200, 200, 200, 403, 403, 200, 302)
SEE_OWN = (200, 200, 200, 200, 404, 404, 200, 302)
SEE_OTHER = (200, 200, 200, 404, 404, 404, 404, 302)
CREATE_FAIR = (200, 200, 200, 403, 403, 403, 403, 302)
SET_UP = (200, 200, 200, 403, 404, 404, 403, 302)
SELL_OWN = (200, 200, 200, 403, 404, 404, 200, 302)
LEAD_LIST = (200, 200, 200, 200, 404, 404, 403, 302)
EDIT_OWN_LEAD = (200, 200, 200, 403, 404, 404, 404, 302)

PAGES = [
    ("fair list", lambda o: reverse("fair_list"), FAIR_LIST),
    ("fair", lambda o: reverse("fair_detail", args=[o["fair"].code]), SEE_OWN),
    ("new fair", lambda o: reverse("fair_create"), CREATE_FAIR),
    ("edit fair", lambda o: reverse("fair_edit", args=[o["fair"].code]), SET_UP),
    ("own booth", lambda o: o["booth"].get_absolute_url(), SEE_OWN),
    ("other booth", lambda o: o["other_booth"].get_absolute_url(), SEE_OTHER),
    ("new booth", lambda o: reverse("fair_booth_create", args=[o["fair"].code]), SET_UP),
    ("edit booth", lambda o: _booth_url("fair_booth_edit", o["booth"]), SET_UP),
    ("new exhibit", lambda o: _booth_url("fair_exhibit_create", o["booth"]), SET_UP),
    (
        "exhibit product suggestions",
        lambda o: _booth_url("fair_exhibit_products", o["booth"]) + "?product=a",
        SET_UP,
    ),
    ("edit exhibit", lambda o: _exhibit_url("fair_exhibit_edit", o["exhibit"]), SET_UP),
    ("restock", lambda o: _exhibit_url("fair_exhibit_restock", o["exhibit"]), SET_UP),
    ("own counter", lambda o: _booth_url("fair_counter", o["booth"]), SELL_OWN),
    ("other counter", lambda o: _booth_url("fair_counter", o["other_booth"]), SEE_OTHER),
    (
        "own counter manifest",
        lambda o: _booth_url("fair_counter_manifest", o["booth"]),
        SELL_OWN,
    ),
    (
        "other counter manifest",
        lambda o: _booth_url("fair_counter_manifest", o["other_booth"]),
        SEE_OTHER,
    ),
    ("sales", lambda o: reverse("fair_sale_list", args=[o["fair"].code]), SEE_OWN),
    ("own receipt", lambda o: o["sale"].get_absolute_url(), SEE_OWN),
    ("other receipt", lambda o: o["other_sale"].get_absolute_url(), SEE_OTHER),
    ("void", lambda o: _sale_url("fair_sale_void", o["sale"]), SET_UP),
    ("leads", lambda o: reverse("fair_lead_list", args=[o["fair"].code]), LEAD_LIST),
    ("new lead", lambda o: reverse("fair_lead_create", args=[o["fair"].code]), SET_UP),
    ("own lead", lambda o: _lead_url(o["lead"]), EDIT_OWN_LEAD),
    ("other lead", lambda o: _lead_url(o["other_lead"]), SEE_OTHER),
    ("report", lambda o: reverse("fair_report", args=[o["fair"].code]), SET_UP),
    ("report xlsx", lambda o: reverse("fair_report_xlsx", args=[o["fair"].code]), SET_UP),
    ("report pdf", lambda o: reverse("fair_report_pdf", args=[o["fair"].code]), SET_UP),
]


def _booth_url(name, booth):
    return reverse(name, args=[booth.fair.code, booth.code])


def _exhibit_url(name, exhibit):
    return reverse(name, args=[exhibit.booth.fair.code, exhibit.pk])


def _sale_url(name, sale):
    return reverse(name, args=[sale.exhibit.booth.fair.code, sale.client_uuid])


def _lead_url(lead):
    return reverse("fair_lead_edit", args=[lead.fair.code, lead.pk])


def _sell(exhibit, cashier):
    sale, _created = sale_record(
        exhibit=exhibit, quantity=1, unit_price=D("90"), client_uuid=uuid4(), cashier=cashier
    )
    return sale


@pytest.fixture
def objects(fair, booth, other_booth, exhibit, other_exhibit, cashier, supervisor):
    return {
        "fair": fair,
        "booth": booth,
        "other_booth": other_booth,
        "exhibit": exhibit,
        "sale": _sell(exhibit, cashier),
        "other_sale": _sell(other_exhibit, supervisor),
        "lead": BuyerLeadFactory(fair=fair, products=[exhibit.product]),
        "other_lead": BuyerLeadFactory(fair=fair, products=[other_exhibit.product]),
    }


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, objects, group):
    client = client_as(role, group=group, booth=objects["booth"])
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


def test_cashier_sees_only_the_booths_assigned_to_them(client, cashier, booth, other_booth):
    client.login(username=cashier.username, password=PASSWORD)
    response = client.get(reverse("fair_detail", args=[booth.fair.code]))
    assert booth.name in response.text
    assert other_booth.name not in response.text


def test_cashier_sale_list_shows_only_their_booths_sales(client, cashier, objects):
    client.login(username=cashier.username, password=PASSWORD)
    response = client.get(reverse("fair_sale_list", args=[objects["fair"].code]))
    assert str(objects["sale"].client_uuid) in response.text
    assert str(objects["other_sale"].client_uuid) not in response.text


def test_producer_sees_own_groups_sales_and_leads_only(client, producer, objects):
    client.login(username=producer.username, password=PASSWORD)
    sales = client.get(reverse("fair_sale_list", args=[objects["fair"].code])).text
    leads = client.get(reverse("fair_lead_list", args=[objects["fair"].code])).text
    assert str(objects["sale"].client_uuid) in sales
    assert str(objects["other_sale"].client_uuid) not in sales
    assert objects["lead"].buyer_name in leads
    assert objects["other_lead"].buyer_name not in leads


@pytest.mark.parametrize("role", [Role.CASHIER, Role.PRODUCER])
def test_void_by_a_non_supervisor_is_refused_and_changes_nothing(role, client_as, objects, group):
    client = client_as(role, group=group, booth=objects["booth"])
    response = client.post(_sale_url("fair_sale_void", objects["sale"]), {"reason": "mine"})
    assert response.status_code == 403
    assert Sale.objects.get(pk=objects["sale"].pk).voided_at is None


def test_supervisor_voids_a_sale_with_a_reason(client, supervisor, objects):
    client.login(username=supervisor.username, password=PASSWORD)
    url = _sale_url("fair_sale_void", objects["sale"])
    assert client.post(url, {"reason": ""}).status_code == 422
    response = client.post(url, {"reason": "Keyed twice"})
    assert response.status_code == 302
    sale = Sale.objects.get(pk=objects["sale"].pk)
    assert (sale.voided_by, sale.void_reason) == (supervisor, "Keyed twice")
    assert "VOID" in client.get(sale.get_absolute_url()).text


def test_cashier_cannot_restock_by_post(client, cashier, objects):
    client.login(username=cashier.username, password=PASSWORD)
    exhibit = objects["exhibit"]
    response = client.post(_exhibit_url("fair_exhibit_restock", exhibit), {"quantity": 50})
    assert response.status_code == 403
    exhibit.refresh_from_db()
    assert exhibit.stock == 9
