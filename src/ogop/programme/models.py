"""The cooperation programme. This is its core; the plan, money, people and results build on it."""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.conf import settings
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
from ogop.core.thai import format_date


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
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

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


# The plan -----------------------------------------------------------------------------------


class ComponentBudget(TimeStampedModel):
    """What a component may spend in a calendar year, in the programme's currency."""

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Gregorian year, e.g. 2017"))
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["component", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "year"],
                name="one_budget_per_component_and_year",
                violation_error_message=_("The component already has a budget for this year."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="component_budget_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component} {self.year}: {self.amount}"

    def clean(self) -> None:
        programme = self.component.programme if self.component_id else None
        if programme is None or self.year is None:
            return
        if not programme.start_planned.year <= self.year <= programme.end_year:
            raise ValidationError(
                {
                    "year": _("The year is outside the programme (%(start)s–%(end)s).")
                    % {"start": programme.start_planned.year, "end": programme.end_year}
                }
            )


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


PLANNED_AND_ACTUAL = (("start_planned", "end_planned"), ("start_actual", "end_actual"))


def dated_errors(obj: Any, pairs: Iterable[tuple[str, str]] = PLANNED_AND_ACTUAL) -> dict[str, Any]:
    """Ends before their starts, by field: `pairs` names each (start, end) of `obj`."""
    errors: dict[str, Any] = {}
    for start, end in pairs:
        begin, finish = getattr(obj, start, None), getattr(obj, end, None)
        if begin and finish and finish < begin:
            errors[end] = _("The end cannot come before the start.")
    return errors


def end_not_before_start(name: str) -> models.CheckConstraint:
    """The database's guard for a record whose `end` may not come before its `start`."""
    return models.CheckConstraint(
        condition=Q(end__gte=F("start")),
        name=name,
        violation_error_message=_("The end cannot come before the start."),
    )


def within_programme(programme: Programme, obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The dates of `obj` that fall outside the programme's period, by field."""
    first, last = programme.period
    errors: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name, None)
        if value and not first <= value <= last:
            errors[name] = _(
                "The date is outside the programme's period (%(first)s – %(last)s)."
            ) % {
                "first": format_date(first),
                "last": format_date(last),
            }
    return errors


# Money --------------------------------------------------------------------------------------


class ExchangeRate(models.Model):
    """One unit of `currency` is worth `rate` units of `quote`, from `valid_from` on."""

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    quote = models.CharField(_("in currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("valid from"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "quote", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "quote", "valid_from"],
                name="one_rate_per_day",
                violation_error_message=_("There is already a rate for this pair and day."),
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("A rate must be above zero."),
            ),
            models.CheckConstraint(
                condition=~Q(currency=F("quote")),
                name="exchange_rate_two_currencies",
                violation_error_message=_("A rate is between two different currencies."),
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {self.quote} ({self.valid_from})"


class TransactionType(models.TextChoices):
    """IATI TransactionType codes for the three kinds a programme records."""

    COMMITMENT = "2", _("commitment")
    DISBURSEMENT = "3", _("disbursement")
    EXPENDITURE = "4", _("expenditure")


# What counts as money spent (or handed over to be spent).
SPENT_TYPES = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)


class Transaction(TimeStampedModel):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("component"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transactions",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transactions",
    )
    kind = models.CharField(_("type"), max_length=1, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    # The amount in the programme's currency at the rate of the day, fixed when it is saved.
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8, default=Decimal(1))
    amount_in_programme_currency = models.DecimalField(
        _("amount in the programme's currency"), max_digits=16, decimal_places=2
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiver = models.ForeignKey(
        Organisation,
        verbose_name=_("receiver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["programme", "kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="transaction_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}: {self.amount} {self.currency}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.programme_id:
            errors.update(within_programme(self.programme, self, ["date"]))
            if self.component is not None and self.component.programme_id != self.programme_id:
                errors["component"] = _("The component belongs to another programme.")
            if (
                self.activity is not None
                and self.activity.component.programme_id != self.programme_id
            ):
                errors["activity"] = _("The activity belongs to another programme.")
        if (
            self.activity is not None
            and self.component_id
            and self.activity.component_id != self.component_id
        ):
            errors["activity"] = _("The activity belongs to another component.")
        if errors:
            raise ValidationError(errors)


# People -------------------------------------------------------------------------------------


class Sex(models.TextChoices):
    """As recorded; never guessed. Blank means not recorded."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")


class Person(TimeStampedModel):
    """A trainee, trainer, expert or volunteer. Personal data: staff only."""

    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(
        _("sex"),
        max_length=6,
        choices=Sex.choices,
        blank=True,
        help_text=_("Leave empty when not recorded."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    producer_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("The person's login, for experts and volunteers who write their reports."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ParticipantRole(models.TextChoices):
    TRAINEE = "trainee", _("trainee")
    TRAINER = "trainer", _("trainer")
    FACILITATOR = "facilitator", _("facilitator")
    OBSERVER = "observer", _("observer")


class Participant(TimeStampedModel):
    """A person at a training, workshop or study visit."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.TRAINEE
    )
    days_attended = models.DecimalField(
        _("days attended"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    pre_score = models.DecimalField(
        _("pre-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Out of 100."),
    )
    post_score = models.DecimalField(
        _("post-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Out of 100."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["activity", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                name="participant_once_per_activity",
                violation_error_message=_("The person is already a participant of this activity."),
            ),
            models.CheckConstraint(
                condition=Q(days_attended__isnull=True) | Q(days_attended__gte=0),
                name="participant_days_not_negative",
                violation_error_message=_("Days attended cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(pre_score__isnull=True) | Q(pre_score__gte=0, pre_score__lte=100))
                & (Q(post_score__isnull=True) | Q(post_score__gte=0, post_score__lte=100)),
                name="participant_scores_out_of_100",
                violation_error_message=_("Scores go from 0 to 100."),
            ),
        ]
        # The trainees of some activities, read from the index alone (people trained).
        indexes = [
            models.Index(fields=["activity", "role", "person"], name="participant_by_activity_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.activity}"

    @property
    def learning_gain(self) -> Decimal | None:
        """Post-test minus pre-test score, in points; None unless both were taken."""
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score

    def clean(self) -> None:
        if self.activity_id and not self.activity.is_learning:
            raise ValidationError(
                {
                    "activity": _(
                        "Participants are recorded for trainings, workshops and study visits."
                    )
                }
            )
        if self.activity_id and self.days_attended is not None:
            activity = self.activity
            start = activity.start_actual or activity.start_planned
            end = activity.end_actual or activity.end_planned
            if self.days_attended > (end - start).days + 1:
                raise ValidationError(
                    {
                        "days_attended": _("More days than the activity lasted (%(days)s).")
                        % {"days": (end - start).days + 1}
                    }
                )


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


# Business plans -----------------------------------------------------------------------------


class BusinessPlan(TimeStampedModel):
    """A producer group's plan for a product; each new version keeps the earlier ones."""

    producer_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="business_plans",
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="business_plans",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="business_plans",
    )
    version = models.PositiveSmallIntegerField(_("version"), editable=False)
    prepared_on = models.DateField(_("prepared on"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BTN
    )
    fixed_costs = models.DecimalField(
        _("fixed costs"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("For the period of the plan, usually a year."),
    )
    variable_cost = models.DecimalField(
        _("variable cost per unit"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    price = models.DecimalField(
        _("price per unit"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    expected_volume = models.PositiveIntegerField(_("expected volume"), help_text=_("Units sold."))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        ordering = ["producer_group", "product", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "version"],
                name="business_plan_version",
                violation_error_message=_("The product already has a plan with this version."),
            ),
            models.CheckConstraint(
                condition=Q(fixed_costs__gte=0, variable_cost__gte=0, price__gte=0),
                name="business_plan_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} v{self.version}"

    @property
    def contribution_margin(self) -> Decimal:
        """What each unit sold leaves towards the fixed costs."""
        return self.price - self.variable_cost

    @property
    def break_even_volume(self) -> int | None:
        """Units to sell to cover the fixed costs; None when a unit does not cover its own cost."""
        margin = self.contribution_margin
        if margin <= 0:
            return None
        return int((self.fixed_costs / margin).to_integral_value(rounding=ROUND_CEILING))

    @property
    def profit(self) -> Decimal:
        """Expected profit at the expected volume (negative: a loss)."""
        return self.contribution_margin * self.expected_volume - self.fixed_costs

    def clean(self) -> None:
        if (
            self.product_id
            and self.producer_group_id
            and self.product.producer_group_id != self.producer_group_id
        ):
            raise ValidationError({"product": _("The product belongs to another producer group.")})


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
