"""The buying and packing pages: what a person sends, what is recorded, and what a wrong value
gets back (the form again, the message at its field, nothing written)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ogop.supply.models import Batch, Lot, Payment, Purchase
from ogop.supply.services import batch_pack, batch_recall, purchase_record
from tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db


def purchase_data(for_group, **more):
    return {
        "group": for_group.code,
        "bought_on": "20/11/2017",
        "material": "red rice paddy",
        "quantity": "50",
        "unit": "kg",
        "unit_price": "40",
        "currency": "BTN",
        **more,
    }


def test_a_purchase_is_recorded_with_its_lot(officer_client, group):
    response = officer_client.post(reverse("purchase_create"), purchase_data(group), follow=True)
    purchase = Purchase.objects.get()
    assert response.redirect_chain[-1][0] == purchase.get_absolute_url()
    assert f"The purchase was recorded: lot {purchase.lot.code}." in response.text
    assert purchase.amount == Decimal("2000.00")


def test_thai_dates_and_digits_are_read(officer_client, group):
    data = purchase_data(group, bought_on="20/11/2560", quantity="๕๐")
    officer_client.post(reverse("purchase_create"), data)
    purchase = Purchase.objects.get()
    assert (purchase.bought_on, purchase.quantity) == (dt.date(2017, 11, 20), 50)


@pytest.mark.parametrize(
    ("field", "values", "says"),
    [
        ("bought_on", {"bought_on": "1/1/2099"}, "in the future"),
        ("group", {"group": "NO-SUCH-GROUP"}, "Unknown producer group"),
        ("product", {"material": "", "product": "NO-SUCH"}, "Unknown product"),
        ("quantity", {"quantity": "-3"}, "more than 0"),
        ("unit_price", {"unit_price": "abc"}, "Enter a number"),
        ("material", {"material": ""}, "either"),
    ],
)
def test_a_wrong_purchase_comes_back_with_the_message_at_its_field(
    officer_client, group, field, values, says
):
    response = officer_client.post(reverse("purchase_create"), purchase_data(group, **values))
    assert response.status_code == 422
    assert says in " ".join(response.context["form"].errors[field])
    assert says in response.text
    assert not Purchase.objects.exists()


def test_a_product_of_another_group_is_refused_at_the_product(officer_client, group):
    other = ProductFactory(producer_group=ProducerGroupFactory())
    data = purchase_data(group, material="", product=other.code)
    response = officer_client.post(reverse("purchase_create"), data)
    assert response.status_code == 422
    assert "is not a product of" in " ".join(response.context["form"].errors["product"])


def buy(group, officer, quantity="10", unit_price="100"):
    purchase, _made = purchase_record(
        group=group,
        bought_on=dt.date(2017, 11, 20),
        material="honey",
        quantity=Decimal(quantity),
        unit="l",
        unit_price=Decimal(unit_price),
        user=officer,
    )
    return purchase


def test_a_payment_above_what_is_owed_is_refused_at_the_amount(officer_client, officer, group):
    buy(group, officer)
    url = reverse("group_account", args=[group.code])
    data = {"paid_on": "25/11/2017", "amount": "1,500", "currency": "BTN", "method": "cash"}
    response = officer_client.post(url, {**data, "paid_to": "Pem"})
    assert response.status_code == 422
    assert "is owed 1,000.00 BTN" in " ".join(response.context["form"].errors["amount"])
    assert not Payment.objects.exists()

    response = officer_client.post(url, {**data, "amount": "600", "paid_to": "Pem"}, follow=True)
    assert "The payment of 600.00 BTN" in response.text
    owed = {b.currency: b.owed for b in response.context["balances"]}
    assert owed == {"BTN": Decimal("400.00")}


def test_the_purchases_page_lists_what_each_group_is_owed(officer_client, officer, group):
    buy(group, officer)
    page = officer_client.get(reverse("purchase_list"))
    assert group.name in page.text
    assert [(row.group, row.owed) for row in page.context["owed"]] == [(group, 1000)]


def batch_data(product, lot, taken="4", lost="0.5", **more):
    return {
        "product": product.code,
        "code": "HNY-2017-01",
        "produced_on": "01/12/2017",
        "best_before": "01/12/2018",
        "quantity": "12",
        "inputs-TOTAL_FORMS": "3",
        "inputs-INITIAL_FORMS": "0",
        "inputs-MIN_NUM_FORMS": "0",
        "inputs-MAX_NUM_FORMS": "20",
        "inputs-0-lot": lot.code,
        "inputs-0-quantity": taken,
        "inputs-0-lost": lost,
        **more,
    }


def test_a_batch_is_packed_from_a_lot(officer_client, officer, group):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    response = officer_client.post(reverse("batch_create"), batch_data(product, lot), follow=True)
    batch = Batch.objects.get()
    assert response.redirect_chain[-1][0] == batch.get_absolute_url()
    assert lot.code in response.text
    assert Lot.objects.get().used == 4
    assert batch.trace_path() == f"/01/{product.code}/10/HNY-2017-01/"


def test_taking_more_than_a_lot_holds_is_refused_and_nothing_is_taken(
    officer_client, officer, group
):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    response = officer_client.post(reverse("batch_create"), batch_data(product, lot, taken="11"))
    assert response.status_code == 422
    assert f"Lot {lot.code} has 10 litre left" in response.text
    assert not Batch.objects.exists()
    assert Lot.objects.get().used == 0


def test_an_unknown_lot_is_refused_at_its_row(officer_client, officer, group):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    data = batch_data(product, lot, **{"inputs-0-lot": "L-1999-00001"})
    response = officer_client.post(reverse("batch_create"), data)
    assert response.status_code == 422
    assert "Unknown lot" in response.text
    assert not Batch.objects.exists()


def test_a_batch_without_a_lot_is_refused(officer_client, officer, group):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    data = batch_data(
        product, lot, **{"inputs-0-lot": "", "inputs-0-quantity": "", "inputs-0-lost": ""}
    )
    response = officer_client.post(reverse("batch_create"), data)
    assert response.status_code == 422
    assert "Name at least one lot" in response.text


def test_a_batch_code_with_a_space_is_refused_at_its_field(officer_client, officer, group):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    response = officer_client.post(reverse("batch_create"), batch_data(product, lot, code="B 1"))
    assert response.status_code == 422
    assert "no spaces" in " ".join(response.context["form"].errors["code"])


def test_the_label_of_a_batch_is_a_pdf(officer_client, officer, group):
    product = ProductFactory(producer_group=group)
    batch = batch_pack(
        product=product,
        code="B-9",
        produced_on=dt.date(2017, 12, 1),
        quantity=5,
        inputs=[(buy(group, officer).lot, Decimal(1), Decimal(0))],
        user=officer,
    )
    response = officer_client.get(reverse("batch_label", args=[batch.pk]), {"layout": "single"})
    assert response.content.startswith(b"%PDF")
    assert "B-9" in response["Content-Disposition"]


@pytest.fixture
def traced(officer, group):
    product = ProductFactory(producer_group=group, gtin="8901234567890")
    return batch_pack(
        product=product,
        code="RR-17-01",
        produced_on=dt.date(2017, 12, 1),
        best_before=dt.date(2018, 12, 1),
        quantity=30,
        inputs=[(buy(group, officer).lot, Decimal(2), Decimal(0))],
        user=officer,
    )


def test_a_label_opens_the_batch_s_page_by_its_gtin(client, traced, group):
    assert traced.product.gtin == "08901234567890"  # the 14 digits of GS1 Digital Link
    assert traced.trace_path() == "/01/08901234567890/10/RR-17-01/"
    page = client.get(traced.trace_path())
    assert page.status_code == 200
    assert traced.product.name in page.text
    assert group.name in page.text
    assert "honey, bought on" in page.text
    assert 'role="alert"' not in page.text


def test_a_recalled_batch_says_so_on_its_page(client, officer, traced):
    batch_recall(batch=traced, reason="Mould found in a jar", user=officer)
    page = client.get(traced.trace_path())
    assert "This batch has been recalled" in page.text
    assert "Mould found in a jar" in page.text


def test_a_batch_of_a_product_not_in_the_catalog_has_no_public_page(client, traced):
    traced.product.is_public = False
    traced.product.save()
    assert client.get(traced.trace_path()).status_code == 404


def test_an_unknown_batch_or_gtin_is_not_found(client, traced):
    assert client.get(reverse("batch_trace", args=["08901234567890", "NOPE"])).status_code == 404
    assert (
        client.get(reverse("batch_trace", args=["00000000000000", "RR-17-01"])).status_code == 404
    )
