"""Purchases, payments, lots and batches: what each service records, and what it refuses
(nothing is written then)."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ogop.supply.models import Batch, BatchInput, Lot, Payment, Purchase
from ogop.supply.selectors import batch_origins, group_balances, owed_to
from ogop.supply.services import batch_pack, batch_recall, payment_record, purchase_record
from tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2017, 11, 20)


def buy(group, officer, *, quantity="50", unit_price="40", **more):
    purchase, _made = purchase_record(
        group=group,
        bought_on=more.pop("bought_on", DAY),
        quantity=Decimal(quantity),
        unit=more.pop("unit", "kg"),
        unit_price=Decimal(unit_price),
        material=more.pop("material", "red rice paddy") if "product" not in more else "",
        user=officer,
        **more,
    )
    return purchase


def refused(field: str, call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    return " ".join(caught.value.message_dict[field])


def test_a_purchase_records_its_amount_and_makes_its_lot(group, officer):
    purchase = buy(group, officer, quantity="12.5", unit_price="33.30")
    assert purchase.amount == Decimal("416.25")
    lot = purchase.lot
    assert (lot.quantity, lot.unit, lot.used, lot.left) == (
        Decimal("12.5"),
        "kg",
        0,
        Decimal("12.5"),
    )
    assert lot.code == f"L-2017-{purchase.pk:05}"
    assert purchase.history.get().history_user == officer
    assert lot.history.get().history_user == officer


def test_a_purchase_sent_again_is_recorded_once(group, officer):
    number = uuid.uuid4()
    first = buy(group, officer, client_uuid=number)
    again, made = purchase_record(
        group=group,
        bought_on=DAY,
        quantity=Decimal("50"),
        unit="kg",
        unit_price=Decimal("40"),
        material="red rice paddy",
        user=officer,
        client_uuid=number,
    )
    assert (again, made) == (first, False)
    assert (Purchase.objects.count(), Lot.objects.count()) == (1, 1)


def test_a_number_used_for_another_purchase_is_refused(group, officer):
    number = uuid.uuid4()
    buy(group, officer, client_uuid=number)
    with pytest.raises(ValidationError) as caught:
        buy(group, officer, client_uuid=number, quantity="60")
    assert caught.value.code == "conflict"
    assert Purchase.objects.get().quantity == 50


@pytest.mark.parametrize(
    ("field", "values", "says"),
    [
        ("bought_on", {"bought_on": "tomorrow"}, "in the future"),
        ("quantity", {"quantity": "0"}, "more than 0"),
        ("unit_price", {"unit_price": "-1"}, "negative"),
        ("unit", {"unit": "sack"}, "kg, litre or piece"),
        ("material", {"material": ""}, "either"),
    ],
)
def test_a_wrong_purchase_is_refused_at_its_field_and_nothing_is_written(
    group, officer, field, values, says
):
    if values.get("bought_on") == "tomorrow":
        values = {"bought_on": timezone.localdate() + dt.timedelta(days=1)}
    assert says in refused(field, buy, group, officer, **values)
    assert (Purchase.objects.count(), Lot.objects.count()) == (0, 0)


def test_a_product_of_another_group_is_refused(group, officer):
    other = ProductFactory(producer_group=ProducerGroupFactory())
    assert "is not a product of" in refused("product", buy, group, officer, product=other)
    assert not Purchase.objects.exists()


def test_what_a_group_is_owed_is_bought_less_paid_per_currency(group, officer):
    buy(group, officer, quantity="10", unit_price="100")
    buy(group, officer, quantity="2", unit_price="50", currency="THB")
    payment_record(
        group=group, paid_on=DAY, amount=Decimal("400"), method="cash", paid_to="Pem", user=officer
    )
    balances = {b.currency: (b.bought, b.paid, b.owed) for b in group_balances(group)}
    assert balances == {
        "BTN": (Decimal("1000"), Decimal("400"), Decimal("600")),
        "THB": (Decimal("100"), 0, Decimal("100")),
    }


def test_a_payment_above_what_is_owed_is_refused(group, officer):
    buy(group, officer, quantity="10", unit_price="100")
    message = refused(
        "amount",
        payment_record,
        group=group,
        paid_on=DAY,
        amount=Decimal("1000.01"),
        method="transfer",
        paid_to="Pem",
        user=officer,
    )
    assert "is owed 1,000.00 BTN" in message
    assert not Payment.objects.exists()
    payment_record(
        group=group, paid_on=DAY, amount=Decimal("1000"), method="cash", paid_to="Pem", user=officer
    )
    assert owed_to(group, "BTN") == 0


def test_a_payment_in_a_currency_the_group_is_not_owed_is_refused(group, officer):
    buy(group, officer)
    refused(
        "amount",
        payment_record,
        group=group,
        paid_on=DAY,
        amount=Decimal("1"),
        method="cash",
        paid_to="Pem",
        currency="THB",
        user=officer,
    )


def pack(product, officer, inputs, **more):
    return batch_pack(
        product=product,
        code=more.pop("code", "B-001"),
        produced_on=more.pop("produced_on", DAY + dt.timedelta(days=5)),
        quantity=more.pop("quantity", 40),
        inputs=inputs,
        user=officer,
        **more,
    )


def test_a_batch_takes_from_its_lots_and_traces_back_to_their_groups(group, officer):
    other_group = ProducerGroupFactory()
    product = ProductFactory(producer_group=group)
    first = buy(group, officer, quantity="50").lot
    second = buy(other_group, officer, quantity="30").lot
    batch = pack(
        product,
        officer,
        [(first, Decimal("20"), Decimal("1.5")), (second, Decimal("30"), Decimal("0"))],
        best_before=dt.date(2018, 11, 20),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.used, first.left, second.left) == (20, 30, 0)
    assert [(o.group, [lot.code for lot in o.lots]) for o in batch_origins(batch)] == [
        (group, [first.code]),
        (other_group, [second.code]),
    ]
    assert batch.inputs.get(lot=first).lost == Decimal("1.5")


def test_a_batch_cannot_take_more_of_a_lot_than_is_left(group, officer):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer, quantity="50").lot
    pack(product, officer, [(lot, Decimal("45"), Decimal(0))])
    message = refused(
        "inputs", pack, product, officer, [(lot, Decimal("5.5"), Decimal(0))], code="B-002"
    )
    assert "has 5 kg left" in message
    lot.refresh_from_db()
    assert lot.used == 45
    assert Batch.objects.count() == 1
    assert BatchInput.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "inputs", "more", "says"),
    [
        ("inputs", "none", {}, "at least one lot"),
        ("inputs", "twice", {}, "each lot once"),
        ("inputs", "loss", {}, "the loss must be"),
        ("inputs", "early", {}, "after the packing date"),
        ("code", "one", {"code": "  "}, "a code"),
        ("quantity", "one", {"quantity": 0}, "at least 1"),
        ("best_before", "one", {"best_before": DAY}, "comes before"),
    ],
)
def test_a_wrong_batch_is_refused_and_nothing_is_taken(group, officer, field, inputs, more, says):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    chosen = {
        "none": [],
        "twice": [(lot, Decimal(1), Decimal(0)), (lot, Decimal(1), Decimal(0))],
        "loss": [(lot, Decimal(1), Decimal(2))],
        "early": [
            (buy(group, officer, bought_on=DAY + dt.timedelta(days=9)).lot, Decimal(1), Decimal(0))
        ],
        "one": [(lot, Decimal(1), Decimal(0))],
    }[inputs]
    assert says in refused(field, pack, product, officer, chosen, **more)
    assert not Batch.objects.exists()
    assert set(Lot.objects.values_list("used", flat=True)) == {0}


def test_a_batch_code_is_once_per_product(group, officer):
    product = ProductFactory(producer_group=group)
    lot = buy(group, officer).lot
    pack(product, officer, [(lot, Decimal(1), Decimal(0))])
    assert "already has a batch" in refused(
        "code", pack, product, officer, [(lot, Decimal(1), Decimal(0))]
    )


def test_a_recalled_batch_stays_with_its_reason(group, officer):
    product = ProductFactory(producer_group=group)
    batch = pack(product, officer, [(buy(group, officer).lot, Decimal(1), Decimal(0))])
    assert "why" in refused("recall_reason", batch_recall, batch=batch, reason=" ", user=officer)
    batch_recall(batch=batch, reason="Mould found in a jar", user=officer)
    batch.refresh_from_db()
    assert batch.recalled
    assert batch.recall_reason == "Mould found in a jar"
    assert "already" in refused(
        "recall_reason", batch_recall, batch=batch, reason="x", user=officer
    )
