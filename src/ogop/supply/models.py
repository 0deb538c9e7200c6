"""What OGOP buys from producer groups, what it pays them, and what it packs from it.

Every purchase makes a lot: the goods as they came from the group, with what is left of them.
Packing or processing takes quantities of lots into a batch of a product, the unit that carries
a label; what was taken but did not end up in the batch is recorded as its loss. A batch can
always be traced back to its lots, and through them to the groups and gewogs they came from.

Amounts are owed to a group in the currency of its purchases; a payment settles what is owed
in its currency and never more. Nothing here is deleted: a batch found unsafe is recalled, and
stays on record (and on its public page) as recalled.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.supply.rules import group_ids_seen

# Quantities to the gram (3 places), amounts to the chetrum and satang (2 places).


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    LITRE = "l", _("litre")
    PIECE = "piece", _("piece")


class PurchaseQuerySet(models.QuerySet["Purchase"]):
    def visible_to(self, user: Any) -> "PurchaseQuerySet":
        """Buying staff see every purchase; a producer their own groups' only."""
        seen = group_ids_seen(user)
        return self if seen is None else self.filter(group_id__in=seen)


class Purchase(TimeStampedModel):
    """Goods bought from a producer group on a day: a product, or a raw material."""

    client_uuid = models.UUIDField(
        _("purchase number"),
        unique=True,
        default=uuid.uuid4,
        help_text=_("Made by the buyer's device, so that a purchase sent twice is recorded once."),
    )
    group = models.ForeignKey(
        ProducerGroup,
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="purchases",
    )
    bought_on = models.DateField(_("bought on"), db_index=True)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="purchases",
        null=True,
        blank=True,
        help_text=_("A product of the group; leave empty for a raw material."),
    )
    material = models.CharField(
        _("raw material"),
        max_length=120,
        blank=True,
        help_text=_("What was bought when it is not one of the group's products (red rice paddy)."),
    )
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BTN
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="purchases_recorded",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-bought_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="purchase_quantity_positive",
                violation_error_message=_("The quantity must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(amount__gte=0),
                name="purchase_amounts_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(product__isnull=False) & Q(material=""))
                | (Q(product__isnull=True) & ~Q(material="")),
                name="purchase_product_or_material",
                violation_error_message=_("Name either a product or a raw material."),
            ),
        ]
        indexes = [models.Index(fields=["group", "bought_on"])]

    def __str__(self) -> str:
        return f"{self.item} · {self.quantity.normalize():f} {self.get_unit_display()}"

    @property
    def item(self) -> str:
        return str(self.product) if self.product_id else self.material

    def get_absolute_url(self) -> str:
        return reverse("purchase_detail", args=[self.pk])


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("cash")
    TRANSFER = "transfer", _("bank transfer")
    MOBILE = "mobile", _("mobile payment")
    CHEQUE = "cheque", _("cheque")


class PaymentQuerySet(models.QuerySet["Payment"]):
    def visible_to(self, user: Any) -> "PaymentQuerySet":
        seen = group_ids_seen(user)
        return self if seen is None else self.filter(group_id__in=seen)


class Payment(TimeStampedModel):
    """Money paid to a producer group for what was bought from it."""

    group = models.ForeignKey(
        ProducerGroup,
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="supply_payments",
    )
    paid_on = models.DateField(_("paid on"), db_index=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BTN
    )
    method = models.CharField(_("how"), max_length=10, choices=PaymentMethod.choices)
    paid_to = models.CharField(
        _("paid to"), max_length=120, help_text=_("Who received it for the group.")
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="supply_payments_recorded",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("The amount must be more than 0."),
            ),
        ]
        indexes = [models.Index(fields=["group", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.group} · {self.amount} {self.currency} · {self.paid_on}"

    def get_absolute_url(self) -> str:
        return reverse("payment_receipt", args=[self.pk])

    @property
    def receipt_number(self) -> str:
        """The number on its receipt: the year it was paid and the payment's number
        (R-2017-00042), as a lot's code is made."""
        paid: dt.date = self.paid_on
        return f"R-{paid.year}-{self.pk:05}"


class Lot(TimeStampedModel):
    """The goods of one purchase as they came in: what batches take their inputs from."""

    purchase = models.OneToOneField(
        Purchase, verbose_name=_("purchase"), on_delete=models.PROTECT, related_name="lot"
    )
    code = models.CharField(_("lot"), max_length=30, unique=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    # What batches have taken of it: kept with it, changed under its row lock (services).
    used = models.DecimalField(_("used"), max_digits=14, decimal_places=3, default=Decimal(0))

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used__gte=0) & Q(used__lte=models.F("quantity")),
                name="lot_used_within_quantity",
                violation_error_message=_("A lot cannot give more than it holds."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def left(self) -> Decimal:
        return self.quantity - self.used


class BatchQuerySet(models.QuerySet["Batch"]):
    def visible_to(self, user: Any) -> "BatchQuerySet":
        seen = group_ids_seen(user)
        return self if seen is None else self.filter(product__producer_group_id__in=seen)


class Batch(TimeStampedModel):
    """A quantity of one product packed or processed on a day from lots: what a label names."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="batches"
    )
    code = models.CharField(
        _("batch code"),
        max_length=20,
        help_text=_("Printed on the label; letters, digits and hyphens (GS1 allows 20)."),
    )
    produced_on = models.DateField(_("packed on"))
    best_before = models.DateField(_("best before"), null=True, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1)], help_text=_("Units of the product.")
    )
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)
    recall_reason = models.CharField(_("reason for the recall"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="batches_recorded",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-produced_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "code"],
                name="batch_code_unique_per_product",
                violation_error_message=_("The product already has a batch with this code."),
            ),
            models.CheckConstraint(
                condition=Q(best_before__isnull=True) | Q(best_before__gte=models.F("produced_on")),
                name="batch_best_before_after_packing",
                violation_error_message=_("The best-before date comes before the packing date."),
            ),
            models.CheckConstraint(
                condition=(Q(recalled_on__isnull=True) & Q(recall_reason=""))
                | (Q(recalled_on__isnull=False) & ~Q(recall_reason="")),
                name="batch_recall_has_reason",
                violation_error_message=_("A recall needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.code}"

    @property
    def recalled(self) -> bool:
        return self.recalled_on is not None

    def get_absolute_url(self) -> str:
        return reverse("batch_detail", args=[self.pk])

    def trace_path(self) -> str:
        """The label's address (GS1 Digital Link: /01/{GTIN}/10/{batch}), the product's code
        standing in for a GTIN it does not have."""
        key = self.product.gtin or self.product.code
        return reverse("batch_trace", args=[key, self.code])


class BatchInput(models.Model):
    """A quantity of a lot taken into a batch, and how much of it was lost on the way."""

    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="inputs"
    )
    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="inputs"
    )
    quantity = models.DecimalField(
        _("quantity taken"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    lost = models.DecimalField(
        _("lost"),
        max_digits=14,
        decimal_places=3,
        default=Decimal(0),
        help_text=_("Of the quantity taken, what did not end up in the batch."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("batch input")
        verbose_name_plural = _("batch inputs")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "lot"], name="batch_input_lot_once"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(lost__gte=0) & Q(lost__lte=models.F("quantity")),
                name="batch_input_loss_within_quantity",
                violation_error_message=_("The loss cannot be more than the quantity taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot} → {self.batch}"


def lot_code(purchase: Purchase) -> str:
    """A purchase's lot code: the year it was bought and the purchase's number (L-2017-00042)."""
    bought: dt.date = purchase.bought_on
    return f"L-{bought.year}-{purchase.pk:05}"
