"""The results framework: results, their indicators, and targets and actuals per period.

An indicator's actuals are typed in, or computed live from the platform's data when the
indicator names a computation (see `ogop.results.computations`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.core.models import TimeStampedModel
from ogop.programme.models import (
    Programme,
    dated_errors,
    end_not_before_start,
    within_programme,
)


class ResultType(models.TextChoices):
    """IATI ResultType codes."""

    OUTPUT = "1", _("output")
    OUTCOME = "2", _("outcome")
    IMPACT = "3", _("impact")


class Result(TimeStampedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField(_("type"), max_length=1, choices=ResultType.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    aggregable = models.BooleanField(
        _("suitable for aggregation"),
        default=True,
        help_text=_(
            "Whether its indicators' values may be added up across activities and publishers "
            "(IATI aggregation status): not for averages or ratios."
        ),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["programme", "-kind", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorMeasure(models.TextChoices):
    """IATI IndicatorMeasure codes."""

    UNIT = "1", _("unit")
    PERCENTAGE = "2", _("percentage")
    NOMINAL = "3", _("nominal")
    ORDINAL = "4", _("ordinal")
    QUALITATIVE = "5", _("qualitative")


class Computation(models.TextChoices):
    """Where an indicator's actuals come from: typed in, or computed from the data."""

    MANUAL = "", _("typed in")
    PEOPLE_TRAINED = "people_trained", _("people trained (by sex)")
    PRODUCTS_THREE_STARS = "products_3_stars", _("products rated 3 stars or more")
    PRODUCTS_MARKET_READY = "products_market_ready", _("products market-ready or beyond")
    FAIR_SALES = "fair_sales", _("sales at fairs")
    BUDGET_DISBURSED = "budget_disbursed", _("share of budget disbursed")
    PAID_TO_GROUPS = "paid_to_groups", _("money paid to producer groups")
    GROUPS_PAID = "groups_paid", _("producer groups paid")
    MEMBERS_PAID = "members_paid", _("members of the producer groups paid (by sex)")
    BOUGHT_KG = "bought_kg", _("kilograms bought from producer groups")
    BOUGHT_LITRES = "bought_litres", _("litres bought from producer groups")
    BOUGHT_PIECES = "bought_pieces", _("pieces bought from producer groups")


class Indicator(TimeStampedModel):
    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    measure = models.CharField(
        _("measure"), max_length=1, choices=IndicatorMeasure.choices, default=IndicatorMeasure.UNIT
    )
    ascending = models.BooleanField(
        _("ascending"), default=True, help_text=_("Whether a higher value is better.")
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    computation = models.CharField(
        _("actuals"),
        max_length=30,
        choices=Computation.choices,
        blank=True,
        default=Computation.MANUAL,
        help_text=_("Typed in, or computed from the platform's data for each period."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_year__gte=1900),
                name="indicator_baseline_year",
                violation_error_message=_("Give the baseline year in full, e.g. 2016."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    def clean(self) -> None:
        if self.computation == Computation.BUDGET_DISBURSED and self.measure != (
            IndicatorMeasure.PERCENTAGE
        ):
            raise ValidationError({"measure": _("A share of budget is measured as a percentage.")})


class Period(TimeStampedModel):
    """A reporting period of an indicator: its target and, unless computed, its actual."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="periods"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Typed in; ignored when the indicator is computed."),
    )
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["indicator", "start", "pk"]
        constraints = [
            end_not_before_start("period_dates_in_order"),
            models.UniqueConstraint(
                fields=["indicator", "start"],
                name="one_period_per_start",
                violation_error_message=_("The indicator already has a period starting that day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.start} – {self.end}"

    def clean(self) -> None:
        errors = dated_errors(self, [("start", "end")])
        if self.indicator_id:
            errors.update(within_programme(self.indicator.result.programme, self, ["start", "end"]))
        if errors:
            raise ValidationError(errors)


class Dimension(models.TextChoices):
    SEX = "sex", _("sex")
    AREA = "area", _("area")


class Disaggregation(models.Model):
    """A period's target and actual for one category: women, or one dzongkhag (by code)."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="disaggregations"
    )
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    category = models.CharField(
        _("category"), max_length=40, help_text=_("female, male, or an area's code")
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["period", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "dimension", "category"],
                name="disaggregation_once",
                violation_error_message=_("The period already has this category."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}"
