"""Every purchases, payments and batches page × every role × own object, someone else's and
anonymous.

Buying staff (administrators, programme and partner officers) see and do everything; a
producer sees what was bought from, paid to and packed for the groups they represent (a
payment's receipt included), and changes nothing; other roles see none of it. A batch's
public page is everyone's."""

import datetime as dt

import pytest
from django.urls import reverse

from ogop.supply.models import Batch, Payment
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.roles import ROLES
from tests.supply.helpers import packed, paid

pytestmark = pytest.mark.django_db

# Expected status for each role, in the order of ROLES:
#                admin officer partner producer expert assessor cashier anonymous
LIST = (200, 200, 200, 200, 403, 403, 403, 302)
BUY = (200, 200, 200, 403, 403, 403, 403, 302)
SEE_OWN = (200, 200, 200, 200, 404, 404, 404, 302)
SEE_OTHER = (200, 200, 200, 404, 404, 404, 404, 302)
ACCOUNT_OWN = (200, 200, 200, 200, 403, 403, 403, 302)
ACCOUNT_OTHER = (200, 200, 200, 404, 403, 403, 403, 302)
LABEL_OWN = (200, 200, 200, 403, 404, 404, 404, 302)
RECALL_OWN = (302, 302, 302, 403, 404, 404, 404, 302)
PUBLIC = (200,) * 8

PAGES = [
    ("purchases", lambda o: reverse("purchase_list"), LIST),
    ("new purchase", lambda o: reverse("purchase_create"), BUY),
    ("own purchase", lambda o: reverse("purchase_detail", args=[o["purchase"].pk]), SEE_OWN),
    (
        "other purchase",
        lambda o: reverse("purchase_detail", args=[o["other_purchase"].pk]),
        SEE_OTHER,
    ),
    ("own account", lambda o: reverse("group_account", args=[o["group"].code]), ACCOUNT_OWN),
    (
        "other account",
        lambda o: reverse("group_account", args=[o["other_group"].code]),
        ACCOUNT_OTHER,
    ),
    ("own receipt", lambda o: reverse("payment_receipt", args=[o["payment"].pk]), ACCOUNT_OWN),
    (
        "other receipt",
        lambda o: reverse("payment_receipt", args=[o["other_payment"].pk]),
        ACCOUNT_OTHER,
    ),
    (
        "own receipt pdf",
        lambda o: reverse("payment_receipt_pdf", args=[o["payment"].pk]) + "?language=en",
        ACCOUNT_OWN,
    ),
    (
        "other receipt pdf",
        lambda o: reverse("payment_receipt_pdf", args=[o["other_payment"].pk]),
        ACCOUNT_OTHER,
    ),
    ("batches", lambda o: reverse("batch_list"), LIST),
    ("new batch", lambda o: reverse("batch_create"), BUY),
    ("own batch", lambda o: reverse("batch_detail", args=[o["batch"].pk]), SEE_OWN),
    ("other batch", lambda o: reverse("batch_detail", args=[o["other_batch"].pk]), SEE_OTHER),
    ("own label", lambda o: reverse("batch_label", args=[o["batch"].pk]), LABEL_OWN),
    ("other label", lambda o: reverse("batch_label", args=[o["other_batch"].pk]), SEE_OTHER),
    ("trace", lambda o: o["batch"].trace_path(), PUBLIC),
    (
        "trace by name",
        lambda o: reverse("batch_trace", args=[o["batch"].product.code, o["batch"].code]),
        PUBLIC,
    ),
]


def _world(group):
    buyer = UserFactory(role="programme_officer")
    other_group = ProducerGroupFactory()
    objects = {"group": group, "other_group": other_group}
    for prefix, owner in (("", group), ("other_", other_group)):
        batch = packed(ProductFactory(producer_group=owner), buyer=buyer)
        objects[f"{prefix}purchase"] = batch.inputs.get().lot.purchase
        objects[f"{prefix}batch"] = batch
        objects[f"{prefix}payment"] = paid(owner, dt.date(2017, 11, 10), "100")
    return objects


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, group):
    objects = _world(group)
    client = client_as(role, group=group)
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_only_buying_staff_recall_a_batch(role, client_as, group):
    objects = _world(group)
    client = client_as(role, group=group)
    url = reverse("batch_recall", args=[objects["batch"].pk])
    response = client.post(url, {"recall_reason": "Mould"})
    expected = RECALL_OWN[ROLES.index(role)]
    assert response.status_code == expected, role
    recalled = Batch.objects.get(pk=objects["batch"].pk).recalled
    assert recalled == (expected == 302 and role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_only_buying_staff_record_a_payment(role, client_as, group):
    objects = _world(group)
    client = client_as(role, group=group)
    url = reverse("group_account", args=[objects["group"].code])
    data = {
        "paid_on": "2017-11-10",
        "amount": "100",
        "currency": "BTN",
        "method": "cash",
        "paid_to": "Pem",
    }
    paid = Payment.objects.filter(group=objects["group"]).count()
    response = client.post(url, data)
    buyer = ROLES.index(role) < 3
    assert response.status_code == (302 if buyer or role == "anonymous" else 403), role
    assert Payment.objects.filter(group=objects["group"]).count() == paid + buyer
