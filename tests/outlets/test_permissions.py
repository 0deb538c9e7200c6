"""Every outlets page × every role × own outlet, someone else's and anonymous.

Managers (administrators, programme and partner officers) see and do everything; a cashier on
an outlet's staff sees that outlet and the goods sent to or from it, receives, counts and sends
from it; other roles see none of it."""

import pytest
from django.urls import reverse

from ogop.outlets.services import dispatch_send
from tests.factories import UserFactory
from tests.outlets.helpers import SENT, delivered, outlet
from tests.roles import ROLES
from tests.supply.helpers import packed

pytestmark = pytest.mark.django_db

# Expected status for each role, in the order of ROLES:
#                admin officer partner producer expert assessor cashier anonymous
LIST = (200, 200, 200, 403, 403, 403, 200, 302)
MANAGE = (200, 200, 200, 403, 403, 403, 403, 302)
SEND = (200, 200, 200, 403, 403, 403, 200, 302)
OWN = (200, 200, 200, 404, 404, 404, 200, 302)
OTHER = (200, 200, 200, 404, 404, 404, 404, 302)
EDIT_OWN = (200, 200, 200, 403, 403, 403, 403, 302)

PAGES = [
    ("outlets", lambda o: reverse("outlet_list"), LIST),
    ("new outlet", lambda o: reverse("outlet_create"), MANAGE),
    ("send goods", lambda o: reverse("dispatch_create"), SEND),
    ("own outlet", lambda o: reverse("outlet_detail", args=[o["outlet"].code]), OWN),
    ("other outlet", lambda o: reverse("outlet_detail", args=[o["other"].code]), OTHER),
    ("edit own outlet", lambda o: reverse("outlet_edit", args=[o["outlet"].code]), EDIT_OWN),
    ("count own outlet", lambda o: reverse("stock_count", args=[o["outlet"].code]), OWN),
    ("count other outlet", lambda o: reverse("stock_count", args=[o["other"].code]), OTHER),
    ("own dispatch", lambda o: reverse("dispatch_detail", args=[o["dispatch"].pk]), OWN),
    ("other dispatch", lambda o: reverse("dispatch_detail", args=[o["other_dispatch"].pk]), OTHER),
]


def _world(product):
    officer = UserFactory(role="programme_officer")
    batch = packed(product, quantity=50, buyer=officer)
    own, other = outlet("SHOP-OWN"), outlet("SHOP-OTHER")
    delivered(batch, own, 5, user=officer)
    return {
        "outlet": own,
        "other": other,
        "batch": batch,
        "dispatch": dispatch_send(destination=own, lines=[(batch, 2)], sent_on=SENT, user=officer),
        "other_dispatch": dispatch_send(
            destination=other, lines=[(batch, 2)], sent_on=SENT, user=officer
        ),
    }


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, product):
    objects = _world(product)
    client = client_as(role, outlet=objects["outlet"])
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)


RECEIVE_OWN = (302, 302, 302, 404, 404, 404, 302, 302)


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_the_destinations_staff_receive(role, client_as, product):
    objects = _world(product)
    client = client_as(role, outlet=objects["outlet"])
    dispatch = objects["dispatch"]
    line = dispatch.lines.get()
    response = client.post(
        reverse("dispatch_detail", args=[dispatch.pk]),
        {"received_on": "02/12/2017", f"line-{line.pk}-received": "2"},
    )
    expected = RECEIVE_OWN[ROLES.index(role)]
    assert response.status_code == expected, role
    dispatch.refresh_from_db()
    assert dispatch.received == (expected == 302 and role != "anonymous")


def test_staff_send_only_from_their_own_outlets(client_as, product):
    objects = _world(product)
    client = client_as("cashier", outlet=objects["outlet"])
    form = client.get(reverse("dispatch_create")).context["form"]
    assert [o.code for o in form.fields["source"].queryset] == ["SHOP-OWN"]
    assert form.fields["source"].required  # the packing house is the managers'
    response = client.post(
        reverse("dispatch_create"),
        {
            "source": "SHOP-OTHER",
            "destination": "SHOP-OWN",
            "sent_on": "02/12/2017",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product": objects["batch"].product.code,
            "lines-0-batch": objects["batch"].code,
            "lines-0-quantity": "1",
        },
    )
    assert response.status_code == 422
    assert "source" in response.context["form"].errors
