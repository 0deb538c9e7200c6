"""Work in the field: missions, deliveries, promotion items, twinnings and their visits."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency
from ogop.programme.models.dates import dated_errors, end_not_before_start, within_programme
from ogop.programme.models.people import Person
from ogop.programme.models.plan import Activity, Programme

# Missions -----------------------------------------------------------------------------------


class MissionKind(models.TextChoices):
    EXPERT = "expert", _("Thai expert")
    VOLUNTEER = "volunteer", _("Thai volunteer")


class Mission(TimeStampedModel):
    """An expert's or a volunteer's assignment: who, what field, where, when, and the report."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="missions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MissionKind.choices)
    expertise = models.CharField(_("field of expertise"), max_length=200)
    host_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("host producer group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
    )
    host_area = models.ForeignKey(
        "places.Area",
        verbose_name=_("host area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    report = models.TextField(_("report"), blank=True)
    report_submitted_on = models.DateField(_("report submitted on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-start", "pk"]
        constraints = [
            end_not_before_start("mission_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.expertise}"

    def clean(self) -> None:
        errors = dated_errors(self, [("start", "end")])
        if self.activity is not None:
            errors.update(
                within_programme(self.activity.component.programme, self, ["start", "end"])
            )
        if errors:
            raise ValidationError(errors)


# Things and promotion -----------------------------------------------------------------------


class Delivery(TimeStampedModel):
    """Materials or equipment handed to a producer group."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    producer_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    item = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    delivered_on = models.DateField(_("delivered on"))
    in_use = models.BooleanField(
        _("in use at the last visit"), null=True, blank=True, help_text=_("Empty until a visit.")
    )
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="delivery_quantity_positive",
                violation_error_message=_("A quantity must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="delivery_value_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(last_visit_on__isnull=True) | Q(last_visit_on__gte=F("delivered_on")),
                name="delivery_visit_after_delivery",
                violation_error_message=_("The visit cannot come before the delivery."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.producer_group}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.delivered_on and self.last_visit_on and self.last_visit_on < self.delivered_on:
            errors["last_visit_on"] = _("The visit cannot come before the delivery.")
        if self.in_use is not None and not self.last_visit_on:
            errors["last_visit_on"] = _("Give the date of the visit that saw it.")
        if self.activity is not None:
            errors.update(
                within_programme(self.activity.component.programme, self, ["delivered_on"])
            )
        if errors:
            raise ValidationError(errors)


class PromotionKind(models.TextChoices):
    BROCHURE = "brochure", _("brochure")
    VIDEO = "video", _("video")
    SOCIAL_POST = "social_post", _("social media post")
    FAIR_BOOTH = "fair_booth", _("fair booth")
    OTHER = "other", _("other")


class PromotionItem(TimeStampedModel):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="promotion_items",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promotion_items",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PromotionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("published on"))
    reach = models.PositiveIntegerField(
        _("reach"), null=True, blank=True, help_text=_("Copies, views or visitors.")
    )
    url = models.URLField(_("address"), blank=True)
    fair = models.ForeignKey(
        "fairs.Fair",
        verbose_name=_("fair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promotion_items",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("promotion item")
        verbose_name_plural = _("promotion items")
        ordering = ["-published_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.programme_id:
            errors.update(within_programme(self.programme, self, ["published_on"]))
        if self.kind == PromotionKind.FAIR_BOOTH and not self.fair_id:
            errors["fair"] = _("Name the fair of the booth.")
        if errors:
            raise ValidationError(errors)


# Twinning -----------------------------------------------------------------------------------


class Twinning(TimeStampedModel):
    """A Bhutanese producer group paired with a Thai OTOP producer to learn from each other."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="twinnings",
    )
    bhutan_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("Bhutanese producer group"),
        on_delete=models.PROTECT,
        related_name="twinnings_in_bhutan",
    )
    thai_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("Thai OTOP producer"),
        on_delete=models.PROTECT,
        related_name="twinnings_in_thailand",
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    focus = models.TextField(_("focus"), blank=True, help_text=_("What they exchange."))

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bhutan_group", "thai_group"],
                name="twinning_once",
                violation_error_message=_("These groups are already twinned."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="twinning_dates_in_order",
                violation_error_message=_("The end cannot come before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bhutan_group} ↔ {self.thai_group}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.bhutan_group_id and self.bhutan_group.area.country != "BT":
            errors["bhutan_group"] = _("Choose a producer group in Bhutan.")
        if self.thai_group_id and self.thai_group.area.country != "TH":
            errors["thai_group"] = _("Choose a producer group in Thailand.")
        errors.update(dated_errors(self, [("started_on", "ended_on")]))
        if errors:
            raise ValidationError(errors)


class VisitDirection(models.TextChoices):
    TO_THAILAND = "to_th", _("Bhutanese group visits Thailand")
    TO_BHUTAN = "to_bt", _("Thai producer visits Bhutan")


class TwinningVisit(TimeStampedModel):
    twinning = models.ForeignKey(
        Twinning, verbose_name=_("twinning"), on_delete=models.CASCADE, related_name="visits"
    )
    direction = models.CharField(_("direction"), max_length=5, choices=VisitDirection.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    visitors = models.PositiveSmallIntegerField(_("visitors"), default=1)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="twinning_visits",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("exchange visit")
        verbose_name_plural = _("exchange visits")
        ordering = ["start", "pk"]
        constraints = [
            end_not_before_start("twinning_visit_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.twinning}: {self.start}"

    def clean(self) -> None:
        errors = dated_errors(self, [("start", "end")])
        if self.twinning_id and self.start and self.start < self.twinning.started_on:
            errors["start"] = _("The visit cannot come before the twinning started.")
        if errors:
            raise ValidationError(errors)
