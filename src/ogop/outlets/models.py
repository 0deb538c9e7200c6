"""Where OGOP's packed goods go and wait to be sold: shops, depots, an online store, and fair
booths for the days of their fair.

Stock is kept per outlet and per batch, so that every unit on a shelf can be traced back to
its lots and groups. Its one source of truth is the ledger of stock moves: a dispatch takes
goods out of an outlet (or out of the packing house, where every batch starts), its receipt
puts what arrived into another, a count adjusts the stock to what is on the shelf, a sale
takes it away. `Stock.quantity` is the ledger's sum for its outlet and batch, kept as a counter
changed with F() under the row's lock in the move's own transaction (see services), so that
reading an outlet's stock never sums its history. Nothing here is deleted.
"""

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
from ogop.core.validators import code_validator
from ogop.fairs.models import Booth
from ogop.outlets.rules import outlet_ids_kept
from ogop.supply.models import Batch


class OutletKind(models.TextChoices):
    SHOP = "shop", _("shop")
    DEPOT = "depot", _("depot")
    ONLINE = "online", _("online store")
    BOOTH = "booth", _("fair booth")


class OutletQuerySet(models.QuerySet["Outlet"]):
    def visible_to(self, user: Any) -> "OutletQuerySet":
        """Managers see every outlet; its staff the outlets they keep."""
        kept = outlet_ids_kept(user)
        return self if kept is None else self.filter(pk__in=kept)


class Outlet(TimeStampedModel):
    """A place that holds OGOP's goods and, but for a depot, sells them."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("A short stable code, e.g. SHOP-PARO."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=OutletKind.choices)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, default="BT", help_text=_("ISO 3166-1 code")
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BTN
    )
    booth = models.OneToOneField(
        Booth,
        verbose_name=_("fair booth"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlet",
        help_text=_("For a fair booth: the booth, whose fair gives the outlet's days."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="outlets",
        help_text=_("Users who receive, count and sell the outlet's goods."),
    )
    is_active = models.BooleanField(
        _("open"), default=True, help_text=_("A closed outlet receives nothing more.")
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    objects = OutletQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[staff])

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OutletKind.BOOTH) | Q(booth__isnull=True),
                name="outlet_booth_only_for_booths",
                violation_error_message=_("Only a fair booth outlet names a booth."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("outlet_detail", args=[self.code])


class Stock(models.Model):
    """How many units of a batch an outlet holds: the sum of its moves, kept as a counter."""

    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="stock"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="stock"
    )
    quantity = models.IntegerField(_("units held"), default=0)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "batch"], name="stock_one_per_batch"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="stock_not_negative",
                violation_error_message=_("An outlet cannot hold fewer than 0 units."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet.code}: {self.quantity} × {self.batch}"


class MoveKind(models.TextChoices):
    RECEIPT = "receipt", _("received")
    DISPATCH = "dispatch", _("dispatched")
    SALE = "sale", _("sold")
    ADJUSTMENT = "adjustment", _("count adjustment")


class StockMove(models.Model):
    """Units of a batch into (positive) or out of (negative) an outlet: the stock's ledger."""

    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="moves"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="moves"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MoveKind.choices)
    quantity = models.IntegerField(_("units"))
    on = models.DateField(_("day"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="stock_moves",
    )
    line = models.ForeignKey(
        "DispatchLine",
        verbose_name=_("dispatch line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moves",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stock_move_not_zero"),
            models.CheckConstraint(
                condition=Q(kind="adjustment")
                | (Q(kind="receipt") & Q(quantity__gt=0))
                | (Q(kind__in=["dispatch", "sale"]) & Q(quantity__lt=0)),
                name="stock_move_sign_by_kind",
            ),
        ]
        indexes = [models.Index(fields=["outlet", "batch"], name="stock_move_outlet_batch")]

    def __str__(self) -> str:
        return f"{self.outlet.code} {self.quantity:+d} {self.batch}"


class DispatchQuerySet(models.QuerySet["Dispatch"]):
    def visible_to(self, user: Any) -> "DispatchQuerySet":
        """Managers see every dispatch; outlet staff those from or to their outlets."""
        kept = outlet_ids_kept(user)
        if kept is None:
            return self
        return self.filter(Q(source__in=kept) | Q(destination__in=kept))


class Dispatch(TimeStampedModel):
    """Goods sent from the packing house or an outlet to an outlet, and what arrived there."""

    source = models.ForeignKey(
        Outlet,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatches_out",
        help_text=_("Empty: from the packing house, where batches are packed."),
    )
    destination = models.ForeignKey(
        Outlet, verbose_name=_("to"), on_delete=models.PROTECT, related_name="dispatches_in"
    )
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="dispatches_sent",
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatches_received",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    objects = DispatchQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=True) | ~Q(source=models.F("destination")),
                name="dispatch_to_another_outlet",
                violation_error_message=_("Goods are sent to another outlet."),
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("sent_on")),
                name="dispatch_received_after_sent",
                violation_error_message=_("Goods are received on or after the day they are sent."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """The dispatch's printed number: the year it was sent and its number (D-2018-00042)."""
        return f"D-{self.sent_on.year}-{self.pk:05}"

    def get_absolute_url(self) -> str:
        return reverse("dispatch_detail", args=[self.pk])

    @property
    def received(self) -> bool:
        return self.received_on is not None


class DispatchLine(models.Model):
    """Units of one batch sent, and (once received) how many arrived, with why they differ."""

    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("dispatch"), on_delete=models.PROTECT, related_name="lines"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="dispatch_lines"
    )
    quantity = models.PositiveIntegerField(_("units sent"), validators=[MinValueValidator(1)])
    received = models.PositiveIntegerField(_("units received"), null=True, blank=True)
    discrepancy = models.CharField(
        _("why they differ"),
        max_length=300,
        blank=True,
        help_text=_("Broken, missing or extra units: what was found on arrival."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispatch line")
        verbose_name_plural = _("dispatch lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "batch"], name="dispatch_line_batch_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="dispatch_line_not_empty"),
            models.CheckConstraint(
                condition=Q(received__isnull=True, discrepancy="")
                | Q(received=models.F("quantity"), discrepancy="")
                | (
                    Q(received__isnull=False)
                    & ~Q(received=models.F("quantity"))
                    & ~Q(discrepancy="")
                ),
                name="dispatch_line_discrepancy_explained",
                violation_error_message=_(
                    "Units received that differ from those sent need a reason."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch.code}: {self.quantity} × {self.batch}"

    @property
    def difference(self) -> int:
        return 0 if self.received is None else self.received - self.quantity
