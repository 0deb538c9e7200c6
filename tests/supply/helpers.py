"""Purchases and payments for tests that need money paid to a group."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ogop.supply.models import Payment
from ogop.supply.services import payment_record, purchase_record
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
