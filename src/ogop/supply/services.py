"""Every write of purchases, payments, lots and batches, with its rules.

A refusal is a ValidationError naming the field it is about, in the user's language; nothing
is written then. Quantities taken from lots and amounts paid to groups are checked under the
rows' locks, so that two officers at once cannot take the same kilogram or pay the same debt
twice.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.history import recorded_save
from ogop.core.money import Currency, quantize
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.supply.models import (
    Batch,
    BatchInput,
    Lot,
    Payment,
    PaymentMethod,
    Purchase,
    Unit,
    lot_code,
)
from ogop.supply.selectors import owed_to

ZERO = Decimal(0)
GRAM, CENT = Decimal("0.001"), Decimal("0.01")  # the places of quantities and prices


def _future(errors: dict[str, str], field: str, day: dt.date) -> None:
    """Note the day's refusal under `field` when it is after today."""
    if day > timezone.localdate():
        errors[field] = _("The date %(day)s is in the future.") % {"day": formats.date_format(day)}


def purchase_record(
    *,
    group: ProducerGroup,
    bought_on: dt.date,
    quantity: Decimal,
    unit: str,
    unit_price: Decimal,
    user: User,
    currency: str = Currency.BTN,
    product: Product | None = None,
    material: str = "",
    grade: str = "",
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    is_illustrative: bool = False,
) -> tuple[Purchase, bool]:
    """Record a purchase, and its lot, once: a purchase sent again with the same number (a
    phone that lost the answer) returns the first. Returns the purchase and whether it was
    made now."""
    material = material.strip()
    errors: dict[str, str] = {}
    if (product is None) == (not material):
        errors["material"] = _("Name either one of the group's products or a raw material.")
    if product is not None and product.producer_group_id != group.pk:
        errors["product"] = _("%(product)s is not a product of %(group)s.") % {
            "product": product,
            "group": group,
        }
    if quantity <= 0:
        errors["quantity"] = _("The quantity must be more than 0.")
    if unit_price < 0:
        errors["unit_price"] = _("A price cannot be negative.")
    if unit not in Unit.values:
        errors["unit"] = _("Choose kg, litre or piece.")
    if currency not in Currency.values:
        errors["currency"] = _("Unknown currency.")
    _future(errors, "bought_on", bought_on)
    if errors:
        raise ValidationError(errors)
    # As the columns keep them: a purchase read back, or sent again, compares equal.
    quantity, unit_price = quantity.quantize(GRAM), unit_price.quantize(CENT)
    content = {
        "group": group,
        "bought_on": bought_on,
        "product": product,
        "material": material,
        "grade": grade.strip(),
        "quantity": quantity,
        "unit": unit,
        "unit_price": unit_price,
        "currency": currency,
    }
    number = client_uuid or uuid.uuid4()
    try:
        with transaction.atomic():
            existing = Purchase.objects.filter(client_uuid=number).first()
            if existing is None:
                purchase = Purchase(
                    client_uuid=number,
                    amount=quantize(quantity * unit_price, currency),
                    note=note.strip(),
                    recorded_by=user,
                    is_illustrative=is_illustrative,
                    **content,
                )
                recorded_save(purchase, user=user, exclude=["client_uuid"])
                lot = Lot(purchase=purchase, code=lot_code(purchase), quantity=quantity, unit=unit)
                recorded_save(lot, user=user)
                return purchase, True
    except IntegrityError:
        existing = Purchase.objects.filter(client_uuid=number).first()
        if existing is None:
            raise
    if any(getattr(existing, name) != value for name, value in content.items()):
        raise ValidationError(
            _("This purchase number was already used for another purchase: nothing was recorded."),
            code="conflict",
        )
    return existing, False


def payment_record(
    *,
    group: ProducerGroup,
    paid_on: dt.date,
    amount: Decimal,
    method: str,
    paid_to: str,
    user: User,
    currency: str = Currency.BTN,
    reference: str = "",
    is_illustrative: bool = False,
) -> Payment:
    """Record money paid to a group: never more than it is owed in that currency."""
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = _("The amount must be more than 0.")
    if method not in PaymentMethod.values:
        errors["method"] = _("Choose how it was paid.")
    if not paid_to.strip():
        errors["paid_to"] = _("Say who received the money for the group.")
    _future(errors, "paid_on", paid_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One payment to a group at a time: what it is owed is read under the group's lock.
        ProducerGroup.objects.select_for_update().filter(pk=group.pk).first()
        owed = owed_to(group, currency)
        if amount > owed:
            raise ValidationError(
                {
                    "amount": _(
                        "%(group)s is owed %(owed)s %(currency)s: a payment of %(amount)s "
                        "%(currency)s is more than that."
                    )
                    % {
                        "group": group,
                        "owed": formats.number_format(owed, 2, force_grouping=True),
                        "amount": formats.number_format(amount, 2, force_grouping=True),
                        "currency": currency,
                    }
                }
            )
        payment = Payment(
            group=group,
            paid_on=paid_on,
            amount=quantize(amount, currency),
            currency=currency,
            method=method,
            paid_to=paid_to.strip(),
            reference=reference.strip(),
            recorded_by=user,
            is_illustrative=is_illustrative,
        )
        recorded_save(payment, user=user)
        return payment


def batch_pack(
    *,
    product: Product,
    code: str,
    produced_on: dt.date,
    quantity: int,
    inputs: list[tuple[Lot, Decimal, Decimal]],
    user: User,
    best_before: dt.date | None = None,
    is_illustrative: bool = False,
) -> Batch:
    """Pack a batch of the product from quantities of lots: (lot, quantity taken, of which
    lost). A lot never gives more than it has left."""
    code = code.strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Give the batch a code.")
    elif Batch.objects.filter(product=product, code=code).exists():
        errors["code"] = _("%(product)s already has a batch %(code)s.") % {
            "product": product,
            "code": code,
        }
    if quantity < 1:
        errors["quantity"] = _("The quantity must be at least 1.")
    if best_before is not None and best_before < produced_on:
        errors["best_before"] = _("The best-before date comes before the packing date.")
    _future(errors, "produced_on", produced_on)
    if not inputs:
        errors["inputs"] = _("Name at least one lot the batch is made from.")
    lots = [lot.pk for lot, _taken, _lost in inputs]
    if len(set(lots)) != len(lots):
        errors["inputs"] = _("Name each lot once.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = {
            lot.pk: lot
            for lot in Lot.objects.select_for_update()
            .select_related("purchase")
            .filter(pk__in=lots)
            .order_by("pk")
        }
        for lot, taken, lost in inputs:
            _check_input(locked[lot.pk], taken, lost, produced_on)
        batch = Batch(
            product=product,
            code=code,
            produced_on=produced_on,
            best_before=best_before,
            quantity=quantity,
            recorded_by=user,
            is_illustrative=is_illustrative,
        )
        recorded_save(batch, user=user)
        for lot, taken, lost in inputs:
            recorded_save(BatchInput(batch=batch, lot=lot, quantity=taken, lost=lost), user=user)
            Lot.objects.filter(pk=lot.pk).update(used=F("used") + taken)
    return batch


def _check_input(lot: Lot, taken: Decimal, lost: Decimal, produced_on: dt.date) -> None:
    if taken <= 0:
        raise ValidationError(
            {"inputs": _("Lot %(lot)s: the quantity taken must be more than 0.") % {"lot": lot}}
        )
    if lost < 0 or lost > taken:
        raise ValidationError(
            {
                "inputs": _("Lot %(lot)s: the loss must be from 0 to the quantity taken.")
                % {"lot": lot}
            }
        )
    if taken > lot.left:
        raise ValidationError(
            {
                "inputs": _(
                    "Lot %(lot)s has %(left)s %(unit)s left: %(taken)s %(unit)s cannot be taken."
                )
                % {
                    "lot": lot,
                    "left": formats.number_format(lot.left.normalize(), use_l10n=True),
                    "taken": formats.number_format(taken.normalize(), use_l10n=True),
                    "unit": lot.get_unit_display(),
                }
            }
        )
    if lot.purchase.bought_on > produced_on:
        raise ValidationError(
            {
                "inputs": _("Lot %(lot)s was bought on %(day)s, after the packing date.")
                % {"lot": lot, "day": formats.date_format(lot.purchase.bought_on)}
            }
        )


def batch_recall(
    *, batch: Batch, reason: str, user: User, recalled_on: dt.date | None = None
) -> Batch:
    """Recall a batch: it stays on record, and its public page says it is recalled."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"recall_reason": _("Say why the batch is recalled.")})
    if batch.recalled:
        raise ValidationError({"recall_reason": _("The batch is already recalled.")})
    day = recalled_on or timezone.localdate()
    errors: dict[str, str] = {}
    _future(errors, "recalled_on", day)
    if errors:
        raise ValidationError(errors)
    batch.recalled_on, batch.recall_reason = day, reason
    recorded_save(batch, user=user)
    return batch
