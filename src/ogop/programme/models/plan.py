"""The programme and its plan: participating organisations, components, sectors and activities."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import Organisation
from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency
from ogop.programme.models.dates import dated_errors, within_programme


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codelist."""

    PIPELINE = "1", _("pipeline or identification")
    IMPLEMENTATION = "2", _("implementation")
    FINALISATION = "3", _("finalisation")
    CLOSED = "4", _("closed")
    CANCELLED = "5", _("cancelled")
    SUSPENDED = "6", _("suspended")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole codelist."""

    FUNDING = "1", _("funding")
    ACCOUNTABLE = "2", _("accountable")
    EXTENDING = "3", _("extending")
    IMPLEMENTING = "4", _("implementing")


class Programme(TimeStampedModel):
    identifier = models.CharField(
        _("IATI identifier"),
        max_length=100,
        unique=True,
        help_text=_("The reporting organisation's identifier, a hyphen, then the programme's own."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="reported_programmes",
    )
    recipient_country = models.CharField(_("recipient country"), max_length=2, default="BT")
    status = models.CharField(
        _("status"), max_length=1, choices=ActivityStatus.choices, default=ActivityStatus.PIPELINE
    )
    start_planned = models.DateField(_("planned start"))
    end_planned = models.DateField(_("planned end"))
    start_actual = models.DateField(_("actual start"), null=True, blank=True)
    end_actual = models.DateField(_("actual end"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.THB
    )
    sdg_goals = models.CharField(_("SDG goals"), max_length=100, blank=True, help_text="17")
    sdg_targets = models.CharField(_("SDG targets"), max_length=200, blank=True, help_text="17.9")
    sdg_targets_inferred = models.BooleanField(
        _("SDG targets inferred"),
        default=False,
        help_text=_(
            "The targets are read into the programme's documents, which name only the goals: "
            "every page and file that shows them says so."
        ),
    )
    collaboration_type = models.CharField(
        _("collaboration type"), max_length=2, default="1", help_text=_("IATI code; 1: bilateral")
    )
    default_flow_type = models.CharField(
        _("flow type"), max_length=2, default="10", help_text=_("IATI code; 10: ODA")
    )
    default_finance_type = models.CharField(
        _("finance type"),
        max_length=4,
        default="110",
        help_text=_("IATI code; 110: standard grant"),
    )
    default_aid_type = models.CharField(
        _("aid type"),
        max_length=4,
        default="D02",
        help_text=_("IATI code; D02: other technical assistance"),
    )
    is_illustrative = models.BooleanField(
        _("illustrative figures"),
        default=False,
        help_text=_(
            "Its budget, spending, activities and results are made up for a demonstration; "
            "what its documents say (title, dates, organisations) stays fact. Every page and "
            "file that shows its figures says so."
        ),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_planned", "identifier"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_planned__gte=F("start_planned")),
                name="programme_planned_dates_in_order",
                violation_error_message=_("The planned end cannot come before the planned start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme_detail", args=[self.pk])

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The days the programme's records may fall on: planned, stretched by actual dates."""
        first = min(d for d in (self.start_planned, self.start_actual) if d)
        last = max(d for d in (self.end_planned, self.end_actual) if d)
        return first, last

    @property
    def end_year(self) -> int:
        return self.period[1].year

    @property
    def years(self) -> list[int]:
        first, last = self.period
        return list(range(first.year, last.year + 1))

    def clean(self) -> None:
        errors = dated_errors(self)
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
    """An organisation's role in a programme (IATI participating-org)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=1, choices=OrganisationRole.choices)

    history = HistoricalRecords()  # the programme page's version covers its rows

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"], name="one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Component(TimeStampedModel):
    """One of a programme's main lines of work (the seed's seven main activities by default)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="component_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


# Sectors ------------------------------------------------------------------------------------


class ProgrammeSector(models.Model):
    """A sector the programme works in, with its share (IATI sector: shares add up to 100)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(
        _("vocabulary"), max_length=3, default="1", help_text=_("1: OECD DAC 5-digit codes")
    )
    code = models.CharField(_("sector code"), max_length=10, help_text="31120")
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    history = HistoricalRecords()  # the programme page's version covers its rows

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["programme", "vocabulary", "-percentage", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "vocabulary", "code"],
                name="programme_sector_once",
                violation_error_message=_("The programme already has this sector."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100),
                name="programme_sector_percentage",
                violation_error_message=_("A percentage goes from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.percentage}%)"


# Activities ---------------------------------------------------------------------------------


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("training")
    WORKSHOP = "workshop", _("workshop")
    STUDY_VISIT = "study_visit", _("study visit")
    EXPERT_MISSION = "expert_mission", _("expert mission")
    VOLUNTEER_ASSIGNMENT = "volunteer_assignment", _("volunteer assignment")
    EQUIPMENT_DELIVERY = "equipment_delivery", _("equipment delivery")
    PROMOTION = "promotion", _("promotion")
    BUSINESS_PLANNING = "business_planning", _("business planning")
    MONITORING_VISIT = "monitoring_visit", _("monitoring visit")


# The kinds of activity whose participants count as people trained.
LEARNING_KINDS = frozenset({ActivityKind.TRAINING, ActivityKind.WORKSHOP, ActivityKind.STUDY_VISIT})
# Statuses of work that is not over.
OPEN_STATUSES = frozenset({ActivityStatus.PIPELINE, ActivityStatus.IMPLEMENTATION})


class Activity(TimeStampedModel):
    """A piece of work under a component: a training, a mission, a delivery …"""

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where it takes place, when in a dzongkhag, gewog, province …"),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 code, when it takes place in a country without a finer area."),
    )
    start_planned = models.DateField(_("planned start"))
    end_planned = models.DateField(_("planned end"))
    start_actual = models.DateField(_("actual start"), null=True, blank=True)
    end_actual = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=1, choices=ActivityStatus.choices, default=ActivityStatus.PIPELINE
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the programme's currency."),
    )
    producer_groups = models.ManyToManyField(
        "producers.ProducerGroup",
        verbose_name=_("producer groups served"),
        blank=True,
        related_name="programme_activities",
    )
    products = models.ManyToManyField(
        "products.Product",
        verbose_name=_("products served"),
        blank=True,
        related_name="programme_activities",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["component__position", "start_planned", "pk"]
        indexes = [models.Index(fields=["component", "start_planned"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_planned__gte=F("start_planned")),
                name="activity_planned_dates_in_order",
                violation_error_message=_("The planned end cannot come before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(end_actual__isnull=True)
                | Q(start_actual__isnull=True)
                | Q(end_actual__gte=F("start_actual")),
                name="activity_actual_dates_in_order",
                violation_error_message=_("The actual end cannot come before the actual start."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="activity_budget_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity_detail", args=[self.pk])

    @property
    def programme(self) -> Programme:
        return self.component.programme

    @property
    def iati_identifier(self) -> str:
        return f"{self.component.programme.identifier}-{self.pk}"

    @property
    def is_learning(self) -> bool:
        return self.kind in LEARNING_KINDS

    def is_late(self, today: dt.date | None = None) -> bool:
        """Still open past its planned start (not started) or past its planned end."""
        today = today or timezone.localdate()
        if self.status not in OPEN_STATUSES:
            return False
        not_started = self.start_actual is None and self.start_planned < today
        not_ended = self.end_actual is None and self.end_planned < today
        return not_started or not_ended

    def ended_late(self) -> bool:
        return bool(self.end_actual and self.end_actual > self.end_planned)

    def clean(self) -> None:
        errors = dated_errors(self)
        if self.component_id:
            errors.update(within_programme(self.component.programme, self, DATE_FIELDS))
        if self.area is not None and self.country and self.area.country != self.country:
            errors["country"] = _("The area is in another country.")
        if errors:
            raise ValidationError(errors)


DATE_FIELDS = ("start_planned", "end_planned", "start_actual", "end_actual")
