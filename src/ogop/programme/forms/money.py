"""Forms of the programme's money pages: transactions and exchange rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.core.forms import ThaiModelForm
from ogop.core.money import Currency
from ogop.programme.forms.plan import ANY, NOT_NEGATIVE, component_field, year_choices
from ogop.programme.forms.publishing import organisation_errors, transaction_date_errors
from ogop.programme.models import (
    Activity,
    Component,
    ExchangeRate,
    Programme,
    Transaction,
    TransactionType,
)

# Money --------------------------------------------------------------------------------------

CURRENCY_ERRORS = {
    "invalid_choice": gettext_lazy("Unknown currency: %(value)s. Choose THB, BTN, USD or JPY.")
}


class TransactionForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Transaction
        fields = [
            "kind",
            "date",
            "amount",
            "currency",
            "component",
            "activity",
            "description",
            "provider",
            "receiver",
        ]
        error_messages = {"currency": CURRENCY_ERRORS}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["amount"].validators.append(NOT_NEGATIVE)
        if not self.instance.pk:
            self.initial.setdefault("currency", programme.currency)
        component_field(self.fields["component"], programme)
        activity = self.fields["activity"]
        activity.queryset = (  # type: ignore[attr-defined]  # a model choice field, typed as Field
            Activity.objects.filter(component__programme=programme)
            .select_related("component")
            .order_by("component__position", "start_planned", "pk")
        )
        activity.label_from_instance = (  # type: ignore[attr-defined]  # a model choice field, typed as Field
            lambda a: f"{a.component.position}. {a.title}"
        )
        activity.help_text = _("Its component is counted when no component is chosen.")

    def clean(self) -> dict[str, Any]:
        """Refuse at once what would stop the IATI export: a date in the future or before the
        activity starts, an organisation identifier IATI does not accept."""
        super().clean()
        data = self.cleaned_data
        for message in transaction_date_errors(data.get("date"), data.get("activity")):
            self.add_error("date", message)
        for name in ("provider", "receiver"):
            for message in organisation_errors(data.get(name)):
                self.add_error(name, message)
        return data


class TransactionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("type"), choices=[("", ANY), *TransactionType.choices], required=False
    )
    component: forms.ModelChoiceField[Component] = forms.ModelChoiceField(
        label=gettext_lazy("component"),
        queryset=Component.objects.none(),
        required=False,
        empty_label=ANY,
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("year"), coerce=int, empty_value=None, required=False
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("currency"), choices=[("", ANY), *Currency.choices], required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        component_field(self.fields["component"], programme)
        self.fields["year"].choices = year_choices(programme)  # type: ignore[attr-defined]  # a choice field, typed as Field

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in self.fields}


class ExchangeRateForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = ExchangeRate
        fields = ["currency", "quote", "valid_from", "rate", "source"]
        error_messages = {"currency": CURRENCY_ERRORS, "quote": CURRENCY_ERRORS}
        help_texts = {"rate": gettext_lazy("How many units of the second currency one unit buys.")}

    def clean_rate(self) -> Decimal | None:
        rate = self.cleaned_data.get("rate")
        if rate is not None and rate <= 0:
            raise ValidationError(_("A rate must be above zero."))
        return rate

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("currency") and data.get("currency") == data.get("quote"):
            self.add_error("quote", _("A rate is between two different currencies."))
        return data


class ExchangeRateFilterForm(forms.Form):
    currency = forms.ChoiceField(
        label=gettext_lazy("currency"), choices=[("", ANY), *Currency.choices], required=False
    )

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"currency": self.cleaned_data["currency"]}
