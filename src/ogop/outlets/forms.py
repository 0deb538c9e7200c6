"""The forms of the outlets' pages: what they read is handed to the services."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User
from ogop.core.forms import ThaiDateField, ThaiIntegerField, ThaiModelForm
from ogop.outlets.models import Dispatch, DispatchLine, Outlet, Stock
from ogop.supply.forms import DATE_WIDGET
from ogop.supply.models import Batch

NUMBER_WIDGET = forms.TextInput(attrs={"inputmode": "numeric"})


class OutletForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Outlet
        fields = ["code", "name", "kind", "city", "country", "currency", "booth", "staff"]
        fields += ["is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff: Any = self.fields["staff"]
        staff.queryset = User.objects.filter(is_active=True).order_by("username")
        staff.widget.attrs["size"] = 6


class DispatchForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("from"),
        queryset=Outlet.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("the packing house"),
    )
    destination = forms.ModelChoiceField(
        label=_("to"), queryset=Outlet.objects.filter(is_active=True), to_field_name="code"
    )
    sent_on = ThaiDateField(label=_("sent on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, sources: Any, from_packing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source: Any = self.fields["source"]
        source.queryset = sources
        # Staff send from their own outlets only: the packing house is the managers'.
        source.required = not from_packing
        if not from_packing:
            source.empty_label = None


class DispatchLineForm(forms.Form):
    product = forms.CharField(
        label=_("product code"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "BT-P001"}),
    )
    batch = forms.CharField(
        label=_("batch code"), max_length=20, widget=forms.TextInput(attrs={"placeholder": "B1"})
    )
    quantity = ThaiIntegerField(label=_("units"), min_value=1, widget=NUMBER_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("product") and data.get("batch"):
            batch = (
                Batch.objects.select_related("product")
                .filter(product__code=data["product"].strip(), code=data["batch"].strip())
                .first()
            )
            if batch is None:
                self.add_error(
                    "batch",
                    _("%(product)s has no batch %(batch)s.")
                    % {"product": data["product"], "batch": data["batch"]},
                )
            data["found"] = batch
        return data


class BaseDispatchLineFormSet(forms.BaseFormSet[DispatchLineForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.cleaned_data for form in self.forms):
            raise ValidationError(_("Name at least one batch to send."))

    def lines(self) -> list[tuple[Batch, int]]:
        return [
            (form.cleaned_data["found"], form.cleaned_data["quantity"])
            for form in self.forms
            if form.cleaned_data
        ]


def dispatch_lines_formset(data: Any = None) -> BaseDispatchLineFormSet:
    """The rows of a dispatch: three empty ones to fill, fifty at most."""
    formset = forms.formset_factory(
        DispatchLineForm, formset=BaseDispatchLineFormSet, extra=3, max_num=50, validate_max=True
    )
    return formset(data, prefix="lines")  # type: ignore[return-value]  # the factory's class is a BaseDispatchLineFormSet


class ReceiveForm(forms.Form):
    received_on = ThaiDateField(
        label=_("received on"), widget=DATE_WIDGET, initial=timezone.localdate
    )


class ReceivedLineForm(forms.Form):
    """One line of a dispatch as it arrived; the line itself is the form's `line`."""

    received = ThaiIntegerField(label=_("units received"), min_value=0, widget=NUMBER_WIDGET)
    discrepancy = forms.CharField(
        label=_("why they differ"),
        max_length=300,
        required=False,
        help_text=_("Broken, missing or extra units: what was found on arrival."),
    )

    def __init__(self, *args: Any, line: DispatchLine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        received = data.get("received")
        explained = (data.get("discrepancy") or "").strip()
        if received is not None and received != self.line.quantity and not explained:
            self.add_error(
                "discrepancy",
                _("%(sent)s units were sent and %(received)s arrived: say why they differ.")
                % {"sent": self.line.quantity, "received": received},
            )
        return data


def received_lines_forms(dispatch: Dispatch, data: Any = None) -> list[ReceivedLineForm]:
    """A form per line of the dispatch, filled with the units sent."""
    return [
        ReceivedLineForm(
            data,
            line=line,
            prefix=f"line-{line.pk}",
            initial={"received": line.quantity},
        )
        for line in dispatch.lines.select_related("batch__product").order_by("pk")
    ]


class CountForm(forms.Form):
    on = ThaiDateField(label=_("counted on"), widget=DATE_WIDGET, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("why the count differs"),
        max_length=300,
        required=False,
        help_text=_("Needed when a count differs from the stock held: broken, lost, found…"),
    )


class CountedForm(forms.Form):
    counted = ThaiIntegerField(label=_("units counted"), min_value=0, widget=NUMBER_WIDGET)

    def __init__(self, *args: Any, stock: Stock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stock = stock


def counted_forms(stocks: Any, data: Any = None) -> list[CountedForm]:
    return [
        CountedForm(
            data, stock=stock, prefix=f"batch-{stock.batch_id}", initial={"counted": stock.quantity}
        )
        for stock in stocks
    ]
