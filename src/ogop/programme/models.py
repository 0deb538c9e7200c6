"""The cooperation programme. This is its core; the plan, money, people and results build on it."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import Organisation
from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency


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


class Participation(models.Model):
    """An organisation's role in a programme (IATI participating-org)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=1, choices=OrganisationRole.choices)

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
