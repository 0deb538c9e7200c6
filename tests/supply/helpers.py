"""Purchases and payments for tests that need money paid to a group."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ogop.supply.models import Batch, Payment
from ogop.supply.services import batch_pack, payment_record, purchase_record
from tests.factories import UserFactory


def paid(group: Any, day: dt.date, amount: str, currency: str = "BTN") -> Payment:
    """Buy from the group for `amount` on `day`, and pay it all the same day."""
    buyer = UserFactory(role="partner_officer")
    purchase_record(
        group=group,
        bought_on=day,
        material="honey",
        quantity=Decimal(1),
        unit="l",
        unit_price=Decimal(amount),
        currency=currency,
        user=buyer,
    )
    return payment_record(
        group=group,
        paid_on=day,
        amount=Decimal(amount),
        currency=currency,
        method="cash",
        paid_to="Treasurer",
        user=buyer,
    )


def packed(
    product: Any,
    *,
    code: str = "B-1",
    bought_on: dt.date = dt.date(2017, 11, 1),
    produced_on: dt.date = dt.date(2017, 11, 5),
    bought: str = "10",
    taken: str = "5",
    lost: str = "0",
    quantity: int = 20,
    buyer: Any = None,
) -> Batch:
    """A batch of the product, packed from a purchase of it from its own group."""
    buyer = buyer or UserFactory(role="partner_officer")
    purchase, _made = purchase_record(
        group=product.producer_group,
        bought_on=bought_on,
        product=product,
        quantity=Decimal(bought),
        unit="kg",
        unit_price=Decimal(60),
        user=buyer,
    )
    return batch_pack(
        product=product,
        code=code,
        produced_on=produced_on,
        quantity=quantity,
        inputs=[(purchase.lot, Decimal(taken), Decimal(lost))],
        user=buyer,
    )
