"""Trade fairs: booths, the products exhibited there with their stock, sales and buyer leads.

Stock is a counter on the exhibit, changed only with F() under a row lock (see services).
A sale is never deleted: it is voided, with a reason, by a supervisor.
"""

import contextlib
import datetime as dt
import uuid
import zoneinfo
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import User
from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency
from ogop.core.validators import code_validator
from ogop.fairs import payment_qr
from ogop.fairs.rules import assigned_booth_ids, fair_role
from ogop.producers.models import ProducerGroup, represented_group_ids
from ogop.products.models import Product

# The time zone a fair's days are counted in, by the fair's country.
COUNTRY_TIME_ZONES = {
    "TH": "Asia/Bangkok",
    "BT": "Asia/Thimphu",
    "JP": "Asia/Tokyo",
    "VN": "Asia/Ho_Chi_Minh",
    "IN": "Asia/Kolkata",
}


class FairQuerySet(models.QuerySet["Fair"]):
    """Who may see which fairs: the one definition the catalog, the API and the pages use."""

    def public(self) -> "FairQuerySet":
        """The fairs everyone may see, each with its public products: every fair."""
        return self.all()

    def visible_to(self, user: User | AnonymousUser) -> "FairQuerySet":
        """The fairs whose pages the user's role opens: every fair for supervisors, those of
        their booths for cashiers, those showing their groups' products for producers."""
        role = fair_role(user)
        if role == "supervisor":
            return self.all()
        if role == "cashier":
            return self.filter(
                pk__in=Booth.objects.filter(pk__in=assigned_booth_ids(user)).values("fair")
            )
        if role == "producer":
            own = Exhibit.objects.filter(product__producer_group_id__in=represented_group_ids(user))
            return self.filter(pk__in=own.values("booth__fair"))
        return self.none()


class Fair(TimeStampedModel):
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 code"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.THB
    )
    allow_negative_stock = models.BooleanField(
        _("allow negative stock"),
        default=False,
        help_text=_(
            "Record a sale even when the counted stock is used up; the exhibit is then "
            "flagged as oversold. Otherwise such a sale is refused as out of stock."
        ),
    )
    # Who is paid by the counter's payment QR (docs/fairs.md, "Payment by QR"): PromptPay for
    # a fair in baht, a merchant QR for a fair in ngultrum; without one, no QR is shown.
    promptpay_id = models.CharField(
        _("PromptPay id"),
        max_length=20,
        blank=True,
        validators=[payment_qr.validate_promptpay_id],
        help_text=_(
            "For a fair in baht: the Thai mobile number or 13-digit tax or citizen id that "
            "PromptPay pays to. The counter then shows a QR code with each sale's amount."
        ),
    )
    qr_merchant_id = models.CharField(
        _("merchant id"),
        max_length=25,
        blank=True,
        validators=[payment_qr.validate_account_id],
        help_text=_(
            "For a fair in ngultrum: the merchant id the bank gave for its merchant QR. The "
            "counter then shows a QR code with each sale's amount."
        ),
    )
    qr_merchant_name = models.CharField(
        _("merchant name"),
        max_length=payment_qr.NAME_LENGTH,
        blank=True,
        validators=[payment_qr.validate_qr_text],
        help_text=_("As the payer's banking app shows it, in Latin letters (at most 25)."),
    )
    qr_merchant_city = models.CharField(
        _("merchant city"),
        max_length=payment_qr.CITY_LENGTH,
        blank=True,
        validators=[payment_qr.validate_qr_text],
        help_text=_("In Latin letters (at most 15), e.g. Thimphu."),
    )
    qr_merchant_category = models.CharField(
        _("merchant category code"),
        max_length=4,
        blank=True,
        validators=[payment_qr.validate_category],
        help_text=_("The four digits the bank gave, e.g. 5999 (other retail)."),
    )
    qr_scheme_id = models.CharField(
        _("QR scheme id"),
        max_length=32,
        blank=True,
        validators=[payment_qr.validate_scheme_id],
        help_text=_(
            "The merchant QR scheme's id (GUID). Empty: the server's (OGOP_MERCHANT_QR_SCHEME_ID)."
        ),
    )
    qr_acquirer_id = models.CharField(
        _("acquirer id"),
        max_length=25,
        blank=True,
        validators=[payment_qr.validate_account_id],
        help_text=_(
            "The id of the bank that acquires the merchant's payments, if the scheme asks for "
            "one. Empty: the server's (OGOP_MERCHANT_QR_ACQUIRER_ID)."
        ),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    objects = FairQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Per-language columns added by modeltranslation (see translation.py).
    name_en: str | None
    name_th: str | None
    name_dz: str | None

    class Meta:
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="fair_dates_in_order",
                violation_error_message=_("A fair cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A fair's sales are in its currency: once it has one, the currency stays. A merchant
        QR needs all of its merchant's fields and a scheme id; a PromptPay id is kept as its
        digits."""
        super().clean()
        if self.promptpay_id:
            with contextlib.suppress(ValidationError):  # clean_fields has said what is wrong
                self.promptpay_id = payment_qr.promptpay_id_normalise(self.promptpay_id)
        self._clean_merchant_qr()
        if self.pk is None:
            return
        before = Fair.objects.filter(pk=self.pk).values_list("currency", flat=True).first()
        if before is not None and before != self.currency and self.has_sales():
            raise ValidationError(
                {
                    "currency": _(
                        "The currency cannot change from %(before)s: the fair has sales in "
                        "it, and a report never adds amounts of different currencies."
                    )
                    % {"before": before}
                }
            )

    def _clean_merchant_qr(self) -> None:
        merchant = {
            "qr_merchant_id": self.qr_merchant_id,
            "qr_merchant_name": self.qr_merchant_name,
            "qr_merchant_city": self.qr_merchant_city,
            "qr_merchant_category": self.qr_merchant_category,
        }
        if not any(merchant.values()):
            return
        errors = {
            name: _("Needed for the merchant QR, with the merchant's other fields.")
            for name, value in merchant.items()
            if not value
        }
        if not payment_qr.fair_scheme_id(self):
            errors["qr_scheme_id"] = _(
                "Needed for the merchant QR: this server sets none (OGOP_MERCHANT_QR_SCHEME_ID)."
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("fair_detail", args=[self.code])

    def has_sales(self) -> bool:
        """Whether any sale, voided or not, was recorded at the fair."""
        return Sale.objects.filter(exhibit__booth__fair=self).exists()

    @property
    def tzinfo(self) -> dt.tzinfo:
        """The fair's local time zone: a sale's day is the day at the fair."""
        return zoneinfo.ZoneInfo(COUNTRY_TIME_ZONES.get(self.country, settings.TIME_ZONE))

    def is_open_on(self, day: dt.date) -> bool:
        """Whether sales dated `day` (at the fair) fall within the fair."""
        return self.starts_on <= day <= self.ends_on

    def days(self) -> list[dt.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=n) for n in range(count)]


class Booth(TimeStampedModel):
    """A stand at a fair, held by one or more producer groups or by a country's pavilion."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="booths"
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("The booth's number or code at the fair, e.g. BT-01."),
    )
    name = models.CharField(_("name"), max_length=200)
    producer_groups = models.ManyToManyField(
        ProducerGroup, verbose_name=_("producer groups"), blank=True, related_name="booths"
    )
    pavilion_country = models.CharField(
        _("pavilion country"),
        max_length=2,
        blank=True,
        help_text=_("For a booth of a country's pavilion: the ISO 3166-1 code, e.g. BT."),
    )
    cashiers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cashiers"),
        blank=True,
        related_name="fair_booths",
        help_text=_("Users who record sales at this booth."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    # Who may sell at a booth is kept with it.
    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=[producer_groups, cashiers]
    )

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["fair", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "code"],
                name="booth_code_unique_in_fair",
                violation_error_message=_("This fair already has a booth with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("fair_booth_detail", args=[self.fair.code, self.code])


class Exhibit(TimeStampedModel):
    """A product offered at a booth: its price at the fair and its stock."""

    booth = models.ForeignKey(
        Booth, verbose_name=_("booth"), on_delete=models.CASCADE, related_name="exhibits"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="exhibits"
    )
    fair_price = models.DecimalField(
        _("fair price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    min_price = models.DecimalField(
        _("lowest price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The lowest price a cashier may charge (a discount). Empty: only the fair price."
        ),
    )
    opening_stock = models.PositiveIntegerField(_("opening stock"), default=0)
    # Opening stock + restocks − sales not voided; below zero only when the fair allows it.
    stock = models.IntegerField(_("stock left"), default=0, editable=False)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    # The stock counter changes with every sale: its history is the sales and restocks.
    history = HistoricalRecords(excluded_fields=["updated_at", "stock"])

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["booth", "product__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth", "product"],
                name="exhibit_product_once_per_booth",
                violation_error_message=_("This product is already exhibited at this booth."),
            ),
            models.CheckConstraint(
                condition=Q(fair_price__gte=0),
                name="exhibit_fair_price_not_negative",
                violation_error_message=_("The fair price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(min_price__isnull=True)
                | (Q(min_price__gte=0) & Q(min_price__lte=F("fair_price"))),
                name="exhibit_min_price_within_fair_price",
                violation_error_message=_(
                    "The lowest price must be between zero and the fair price."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code} @ {self.booth.code}"

    def clean(self) -> None:
        """Opening stock corrected below what was sold would leave the stock below zero: only
        a fair that allows negative stock takes it."""
        super().clean()
        if self.pk is None or self.booth.fair.allow_negative_stock:
            return
        before = Exhibit.objects.filter(pk=self.pk).values("opening_stock", "stock").first()
        if before is None or self.opening_stock is None:
            return
        lowest = before["opening_stock"] - before["stock"]
        if self.opening_stock < lowest:
            raise ValidationError(
                {
                    "opening_stock": _(
                        "The opening stock cannot be below %(lowest)s: the items sold would "
                        "leave %(stock)s in stock, and this fair does not allow negative stock."
                    )
                    % {
                        "lowest": lowest,
                        "stock": before["stock"] + self.opening_stock - before["opening_stock"],
                    }
                }
            )

    @property
    def is_oversold(self) -> bool:
        return self.stock < 0

    @property
    def lowest_price(self) -> Any:
        return self.fair_price if self.min_price is None else self.min_price


class Restock(models.Model):
    """Goods brought to an exhibit during the fair."""

    exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("exhibit"), on_delete=models.PROTECT, related_name="restocks"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="fair_restocks",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("restock")
        verbose_name_plural = _("restocks")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="restock_quantity_positive",
                violation_error_message=_("A restock adds at least one item."),
            )
        ]

    def __str__(self) -> str:
        return f"+{self.quantity} {self.exhibit}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("cash")
    CARD = "card", _("card")
    TRANSFER = "transfer", _("bank transfer")
    QR = "qr", _("QR payment")


class SaleQuerySet(models.QuerySet["Sale"]):
    def delete(self) -> NoReturn:
        raise TypeError("Sales are never deleted; void them instead.")

    def not_void(self) -> "SaleQuerySet":
        return self.filter(voided_at__isnull=True)


class Sale(TimeStampedModel):
    """One product sold at a booth's counter, recorded once whatever the number of retries."""

    client_uuid = models.UUIDField(
        _("sale number"),
        unique=True,
        default=uuid.uuid4,
        help_text=_("Made by the cashier's device, so that a sale sent twice is recorded once."),
    )
    exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("exhibit"), on_delete=models.PROTECT, related_name="sales"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    payment_method = models.CharField(
        _("payment"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    sold_at = models.DateTimeField(_("sold at"), db_index=True)
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cashier"),
        on_delete=models.PROTECT,
        related_name="fair_sales",
    )
    oversold = models.BooleanField(
        _("oversold"), default=False, help_text=_("Recorded when the counted stock was used up.")
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fair_sales_voided",
    )
    void_reason = models.CharField(_("reason for the void"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = SaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-sold_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="sale_quantity_positive",
                violation_error_message=_("The quantity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(total__gte=0),
                name="sale_amounts_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(voided_at__isnull=True) & Q(void_reason=""))
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="sale_void_has_reason",
                violation_error_message=_("A void needs a reason."),
            ),
        ]
        indexes = [
            # The demo's made-up sales, which a report names (none outside a demo).
            models.Index(
                fields=["exhibit"],
                condition=Q(is_illustrative=True),
                name="sale_illustrative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.exhibit.product.code} ({self.client_uuid})"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Sales are never deleted; void them instead.")

    def get_absolute_url(self) -> str:
        return reverse("fair_sale_receipt", args=[self.exhibit.booth.fair.code, self.client_uuid])

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    @property
    def payment_label(self) -> str:
        """How the sale was paid, a QR payment with its scheme: "QR payment (PromptPay)"."""
        scheme = payment_qr.scheme_name(self.currency)
        if self.payment_method == PaymentMethod.QR and scheme:
            return gettext("QR payment (%(scheme)s)") % {"scheme": scheme}
        return str(self.get_payment_method_display())


class Tally(models.Model):
    """Sales of one day at a fair (in the fair's time zone), summed, by currency and void.

    Reports over millions of sales read these sums instead of the sales. The services add
    every sale and void to its tallies in the sale's own transaction, after taking the
    exhibit's row lock (see services.sale_record); `services.sale_tallies_rebuild` makes them
    again from the sales after a bulk load.
    """

    day = models.DateField(_("day"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    voided = models.BooleanField(_("voided"), default=False)
    count = models.PositiveIntegerField(_("sales"), default=0)
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        abstract = True


class SaleTally(Tally):
    """An exhibit's sales of a day: the breakdowns by product, booth and group, and the
    programme's sales at fairs."""

    exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("exhibit"), on_delete=models.CASCADE, related_name="tallies"
    )

    class Meta:
        verbose_name = _("day's sales of an exhibit")
        verbose_name_plural = _("days' sales of exhibits")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibit", "day", "currency", "voided"], name="sale_tally_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibit_id} {self.day}: {self.count}"


class FairTally(Tally):
    """A fair's sales of a day by payment method: the report's days, payments and voids."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="tallies"
    )
    payment_method = models.CharField(_("payment"), max_length=10, choices=PaymentMethod.choices)

    class Meta:
        verbose_name = _("day's sales of a fair")
        verbose_name_plural = _("days' sales of fairs")
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "day", "payment_method", "currency", "voided"],
                name="fair_tally_one_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.fair_id} {self.day} {self.payment_method}: {self.count}"


class SaleConflict(models.Model):
    """A sale sent again under a known number but with different content: refused, kept here.

    The first sale stands; this log lets a supervisor see what the device tried to send.
    """

    client_uuid = models.UUIDField(_("sale number"), db_index=True)
    sale = models.ForeignKey(
        Sale,
        verbose_name=_("sale recorded first"),
        on_delete=models.PROTECT,
        related_name="conflicts",
    )
    payload = models.JSONField(_("what was sent"))
    reason = models.CharField(_("reason"), max_length=300)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("refused replay of a sale")
        verbose_name_plural = _("refused replays of sales")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.client_uuid}: {self.reason}"


class LeadStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    NEGOTIATING = "negotiating", _("negotiating")
    ORDERED = "ordered", _("ordered")
    CLOSED_LOST = "closed_lost", _("closed, lost")


class BuyerLead(TimeStampedModel):
    """A buyer met at a fair (business matching), with the products they asked about."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="leads"
    )
    buyer_name = models.CharField(_("buyer's name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 code")
    )
    contact = models.CharField(
        _("contact"), max_length=300, blank=True, help_text=_("E-mail, phone, messaging account.")
    )
    products = models.ManyToManyField(
        Product, verbose_name=_("products of interest"), blank=True, related_name="buyer_leads"
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("follow-up"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("buyer lead")
        verbose_name_plural = _("buyer leads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.buyer_name} ({self.company})" if self.company else self.buyer_name

    def get_absolute_url(self) -> str:
        return reverse("fair_lead_edit", args=[self.fair.code, self.pk])
