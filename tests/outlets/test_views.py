"""The outlets' pages as an officer and a shop's staff use them: what they show, what a form
records, and what a wrong value answers (422, the message at its field, nothing written)."""

import pytest
from django.urls import reverse

from ogop.outlets.models import Dispatch, Outlet, Stock, StockMove
from tests.outlets.helpers import delivered, outlet
from tests.supply.helpers import packed

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(product, officer):
    return packed(product, code="B-7", quantity=40, buyer=officer)


@pytest.fixture
def shop(db):
    return outlet("SHOP-PARO", name="Paro Airport shop", city="Paro")


def _send(client, batch, *, to="SHOP-PARO", units="12", source=""):
    return client.post(
        reverse("dispatch_create"),
        {
            "source": source,
            "destination": to,
            "sent_on": "01/12/2017",
            "note": "",
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product": batch.product.code,
            "lines-0-batch": batch.code,
            "lines-0-quantity": units,
        },
    )


def test_an_officer_adds_an_outlet_with_its_staff(officer_client, make_user):
    keeper = make_user("cashier")
    response = officer_client.post(
        reverse("outlet_create"),
        {
            "code": "SHOP-THIMPHU",
            "name": "Thimphu shop",
            "kind": "shop",
            "city": "Thimphu",
            "country": "BT",
            "currency": "BTN",
            "staff": [keeper.pk],
            "is_active": "on",
        },
    )
    shop = Outlet.objects.get(code="SHOP-THIMPHU")
    assert response.status_code == 302
    assert response.url == shop.get_absolute_url()
    assert list(shop.staff.all()) == [keeper]


def test_a_booth_named_for_a_shop_is_refused_at_its_field(officer_client):
    from tests.fairs.factories import BoothFactory

    booth = BoothFactory()
    response = officer_client.post(
        reverse("outlet_create"),
        {"code": "SHOP-X", "name": "X", "kind": "shop", "country": "BT", "currency": "BTN"}
        | {"booth": booth.pk},
    )
    assert response.status_code == 422
    assert "Only a fair booth outlet names a booth." in response.content.decode()
    assert not Outlet.objects.exists()


def test_goods_sent_then_received_appear_in_the_outlets_stock(officer_client, batch, shop):
    response = _send(officer_client, batch)
    dispatch = Dispatch.objects.get()
    assert response.status_code == 302
    assert response.url == dispatch.get_absolute_url()
    page = officer_client.get(shop.get_absolute_url()).content.decode()
    assert dispatch.code in page
    assert "On the way here" in page
    line = dispatch.lines.get()
    response = officer_client.post(
        dispatch.get_absolute_url(),
        {
            "received_on": "03/12/2017",
            f"line-{line.pk}-received": "11",
            f"line-{line.pk}-discrepancy": "one jar broken",
        },
    )
    assert response.status_code == 302
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == 11
    page = officer_client.get(shop.get_absolute_url()).content.decode()
    assert "B-7" in page
    assert "one jar broken" in page
    assert "On the way here" not in page


def test_a_receipt_that_differs_without_a_reason_is_refused_at_the_line(
    officer_client, batch, shop
):
    _send(officer_client, batch)
    dispatch = Dispatch.objects.get()
    line = dispatch.lines.get()
    response = officer_client.post(
        dispatch.get_absolute_url(),
        {"received_on": "03/12/2017", f"line-{line.pk}-received": "13"},
    )
    assert response.status_code == 422
    assert "12 units were sent and 13 arrived: say why they differ." in response.content.decode()
    assert not StockMove.objects.exists()
    dispatch.refresh_from_db()
    assert not dispatch.received


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("41", "the packing house holds 40 units; 41 cannot be sent"),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("abc", "Enter a whole number."),
    ],
)
def test_a_wrong_dispatch_is_refused_with_its_message(officer_client, batch, shop, units, message):
    response = _send(officer_client, batch, units=units)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Dispatch.objects.exists()


def test_an_unknown_batch_is_named_at_its_field(officer_client, batch, shop):
    response = officer_client.post(
        reverse("dispatch_create"),
        {
            "destination": "SHOP-PARO",
            "sent_on": "01/12/2017",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product": batch.product.code,
            "lines-0-batch": "NOPE",
            "lines-0-quantity": "1",
        },
    )
    assert response.status_code == 422
    assert f"{batch.product.code} has no batch NOPE." in response.content.decode()


def test_thai_digits_and_dates_are_read(officer_client, batch, shop):
    response = _send(officer_client, batch, units="๑๒")
    assert response.status_code == 302
    assert Dispatch.objects.get().lines.get().quantity == 12


def test_a_count_adjusts_and_a_difference_without_reason_is_refused(
    officer_client, officer, batch, shop
):
    delivered(batch, shop, 10, user=officer)
    url = reverse("stock_count", args=[shop.code])
    field = f"batch-{batch.pk}-counted"
    response = officer_client.post(url, {"on": "05/12/2017", field: "8"})
    assert response.status_code == 422
    assert "The count differs from the stock held: say why." in response.content.decode()
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == 10
    response = officer_client.post(url, {"on": "05/12/2017", field: "8", "reason": "2 broken"})
    assert response.status_code == 302
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == 8
    page = officer_client.get(shop.get_absolute_url()).content.decode()
    assert "count adjustment" in page
    assert "2 broken" in page


def test_the_outlet_list_shows_units_held(officer_client, officer, batch, shop):
    delivered(batch, shop, 10, user=officer)
    outlet("DEPOT-EMPTY", kind="depot")
    response = officer_client.get(reverse("outlet_list"))
    rows = {row.code: row.units for row in response.context["outlets"]}
    assert rows == {"SHOP-PARO": 10, "DEPOT-EMPTY": 0}
