"""The programme's money: budgets, exchange rates, transactions, and producer groups'
business plans."""

from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import Organisation
from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency
from ogop.programme.models.dates import within_programme
from ogop.programme.models.plan import Activity, Component, Programme

# Budgets ------------------------------------------------------------------------------------


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


# Rates and transactions ---------------------------------------------------------------------


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
