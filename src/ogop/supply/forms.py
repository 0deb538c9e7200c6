"""The forms of the buying and packing pages: what they read is handed to the services."""

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ogop.core.forms import ThaiDateField, ThaiDecimalField, ThaiIntegerField
from ogop.core.money import Currency
from ogop.producers.forms import GroupCodeField
from ogop.products.models import Product
from ogop.supply.models import Lot, PaymentMethod, Unit

DATE_WIDGET = forms.TextInput(attrs={"placeholder": "20/11/2017"})
DECIMAL_WIDGET = forms.TextInput(attrs={"inputmode": "decimal"})
UNKNOWN_PRODUCT = _("Unknown product: type its code, such as BT-P001.")
# What a batch code may hold: it is part of the label's address (/10/{batch}).
BATCH_CODE = RegexValidator(
    r"^[A-Za-z0-9-]+\Z", _("Use letters, digits and hyphens only (no spaces).")
)


class PurchaseForm(forms.Form):
    group = GroupCodeField(label=_("producer group"))
    bought_on = ThaiDateField(label=_("bought on"), widget=DATE_WIDGET)
    product: forms.ModelChoiceField[Product] = forms.ModelChoiceField(
        label=_("product"),
        queryset=Product.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("One of the group's products, by its code; leave empty for a raw material."),
        widget=forms.TextInput(attrs={"placeholder": "BT-P001"}),
        error_messages={"invalid_choice": UNKNOWN_PRODUCT},
    )
    material = forms.CharField(
        label=_("raw material"),
        max_length=120,
        required=False,
        help_text=_("What was bought when it is not one of the group's products."),
    )
    grade = forms.CharField(label=_("grade"), max_length=40, required=False)
    quantity = ThaiDecimalField(
        label=_("quantity"), max_digits=14, decimal_places=3, widget=DECIMAL_WIDGET
    )
    unit = forms.ChoiceField(label=_("unit"), choices=Unit.choices)
    unit_price = ThaiDecimalField(
        label=_("unit price"), max_digits=14, decimal_places=2, widget=DECIMAL_WIDGET
    )
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices, initial="BTN")
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product: Any = self.fields["product"]
        product.queryset = Product.objects.select_related("producer_group")


class PaymentForm(forms.Form):
    paid_on = ThaiDateField(label=_("paid on"), widget=DATE_WIDGET)
    amount = ThaiDecimalField(
        label=_("amount"), max_digits=14, decimal_places=2, widget=DECIMAL_WIDGET
    )
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices, initial="BTN")
    method = forms.ChoiceField(label=_("how"), choices=PaymentMethod.choices)
    paid_to = forms.CharField(
        label=_("paid to"), max_length=120, help_text=_("Who received it for the group.")
    )
    reference = forms.CharField(label=_("reference"), max_length=60, required=False)


class BatchForm(forms.Form):
    product: forms.ModelChoiceField[Product] = forms.ModelChoiceField(
        label=_("product"),
        queryset=Product.objects.select_related("producer_group"),
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "BT-P001"}),
        error_messages={"invalid_choice": UNKNOWN_PRODUCT},
    )
    code = forms.CharField(
        label=_("batch code"),
        max_length=20,
        help_text=_("Printed on the label; letters, digits and hyphens (GS1 allows 20)."),
        validators=[BATCH_CODE],
    )
    produced_on = ThaiDateField(label=_("packed on"), widget=DATE_WIDGET)
    best_before = ThaiDateField(label=_("best before"), required=False, widget=DATE_WIDGET)
    quantity = ThaiIntegerField(
        label=_("quantity"),
        min_value=1,
        help_text=_("Units of the product."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class BatchInputForm(forms.Form):
    lot = forms.ModelChoiceField(
        label=_("lot"),
        queryset=Lot.objects.select_related("purchase"),
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "L-2017-00001"}),
        error_messages={
            "invalid_choice": _("Unknown lot: type its code, as the list of lots shows it.")
        },
    )
    quantity = ThaiDecimalField(
        label=_("quantity taken"), max_digits=14, decimal_places=3, widget=DECIMAL_WIDGET
    )
    lost = ThaiDecimalField(
        label=_("of which lost"),
        max_digits=14,
        decimal_places=3,
        required=False,
        widget=DECIMAL_WIDGET,
    )

    def clean_lost(self) -> Decimal:
        return self.cleaned_data.get("lost") or Decimal(0)


class BaseBatchInputFormSet(forms.BaseFormSet[BatchInputForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.cleaned_data for form in self.forms):
            raise ValidationError(_("Name at least one lot the batch is made from."))

    def inputs(self) -> list[tuple[Lot, Decimal, Decimal]]:
        return [
            (form.cleaned_data["lot"], form.cleaned_data["quantity"], form.cleaned_data["lost"])
            for form in self.forms
            if form.cleaned_data
        ]


def batch_inputs_formset(data: Any = None) -> BaseBatchInputFormSet:
    """The rows of a batch's inputs: three empty ones to fill, twenty at most."""
    formset = forms.formset_factory(
        BatchInputForm, formset=BaseBatchInputFormSet, extra=3, max_num=20, validate_max=True
    )
    return formset(data, prefix="inputs")  # type: ignore[return-value]  # the factory's class is a BaseBatchInputFormSet


class RecallForm(forms.Form):
    recall_reason = forms.CharField(
        label=_("reason for the recall"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceiptForm(forms.Form):
    """The language of a payment's receipt: the one asked for, else its group's. Never bound:
    an unknown language asked for is no error, the receipt is in the group's."""

    language = forms.ChoiceField(
        label=_("language of the receipt"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"data-autosubmit": ""}),
    )

    def __init__(self, query: Any, *, default: str) -> None:
        asked = query.get("language") if query else None
        known = {code for code, _name in settings.LANGUAGES}
        super().__init__(initial={"language": asked if asked in known else default})

    def chosen(self) -> str:
        return str(self.initial["language"])
