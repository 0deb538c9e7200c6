"""Purchases and payments for tests that need goods bought from a group or money paid to it."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ogop.supply.models import Batch, Payment, Purchase
from ogop.supply.services import batch_pack, payment_record, purchase_record
from tests.factories import UserFactory


def buying_officer() -> Any:
    return UserFactory(role="partner_officer")


def bought(
    group: Any,
    day: dt.date,
    quantity: str,
    unit: str = "kg",
    unit_price: str = "1",
    currency: str = "BTN",
    user: Any = None,
) -> Purchase:
    """Buy `quantity` of a raw material in `unit` from the group on `day`."""
    purchase, _made = purchase_record(
        group=group,
        bought_on=day,
        material="honey",
        quantity=Decimal(quantity),
        unit=unit,
        unit_price=Decimal(unit_price),
        currency=currency,
        user=user or buying_officer(),
    )
    return purchase


def paid(group: Any, day: dt.date, amount: str, currency: str = "BTN") -> Payment:
    """Buy from the group for `amount` on `day`, and pay it all the same day."""
    user = buying_officer()
    bought(group, day, "1", unit="l", unit_price=amount, currency=currency, user=user)
    return payment_record(
        group=group,
        paid_on=day,
        amount=Decimal(amount),
        currency=currency,
        method="cash",
        paid_to="Treasurer",
        user=user,
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
    buyer = buyer or buying_officer()
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
