"""Forms of the fairs' pages."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.accounts.models import Role, User
from ogop.core.forms import CodeChoiceField, ThaiDateField, ThaiModelForm
from ogop.core.widgets import SuggestInput
from ogop.fairs.models import Booth, BuyerLead, Exhibit, Fair, LeadStatus
from ogop.fairs.selectors import EXHIBIT_CHOICES, exhibit_product_search
from ogop.fairs.services import MAX_ITEMS
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product

# The payee of the counter's payment QR: PromptPay (baht), or a merchant QR (ngultrum).
PAYMENT_QR_FIELDS = [
    "promptpay_id",
    "qr_merchant_id",
    "qr_merchant_name",
    "qr_merchant_city",
    "qr_merchant_category",
    "qr_scheme_id",
    "qr_acquirer_id",
]

# Why a fair's currency is shown but cannot be changed (Fair.clean keeps the rule).
CURRENCY_FIXED = gettext_lazy("Fixed: the fair has sales in this currency.")


class FairForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Fair
        fields = [
            "code",
            "name_en",
            "name_th",
            "name_dz",
            "theme_en",
            "theme_th",
            "organiser",
            "venue_en",
            "venue_th",
            "city_en",
            "city_th",
            "country",
            "starts_on",
            "ends_on",
            "currency",
            "allow_negative_stock",
            *PAYMENT_QR_FIELDS,
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        self.fields["venue_en"].required = True
        self.fields["city_en"].required = True
        if self.instance.pk:
            self.fields["code"].disabled = True
            if self.instance.has_sales():
                self.fields["currency"].disabled = True
                self.fields["currency"].help_text = CURRENCY_FIXED

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).upper()

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in PAYMENT_QR_FIELDS]

    def payment_qr_fields(self) -> list[forms.BoundField]:
        """The payee of the counter's payment QR, shown apart (Fair's fields say which is
        for which currency)."""
        return [self[name] for name in PAYMENT_QR_FIELDS]


class BoothForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Booth
        fields = ["code", "name", "pavilion_country", "producer_groups", "cashiers"]
        widgets = {
            "producer_groups": forms.SelectMultiple(attrs={"size": 8}),
            "cashiers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, fair: Fair, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.fair = fair
        self.fields["producer_groups"].queryset = ProducerGroup.objects.order_by("name_en")  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field
        self.fields["cashiers"].queryset = User.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field
            role=Role.CASHIER, is_active=True
        ).order_by("username")

    def clean_pavilion_country(self) -> str:
        return str(self.cleaned_data["pavilion_country"]).upper()


class ExhibitProductField(CodeChoiceField):
    """A product typed as its code, with suggestions as the user types its name (htmx); with
    scripts off, a name that only one product has is taken for that product, and a name that
    several have is refused with their codes, so the form works without the suggestions."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Product.objects.order_by("code"))
        kwargs.setdefault("widget", SuggestInput("fair_exhibit_products"))
        kwargs.setdefault("help_text", gettext_lazy("Type a code, or a name and pick its code."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice":
                raise
        typed = str(value).strip()
        matches = list(exhibit_product_search(typed)[: EXHIBIT_CHOICES + 1])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                _("No product has the code or name “%(typed)s”.") % {"typed": typed},
                code="invalid_choice",
            )
        names = "; ".join(f"{p.code} ({p.name})" for p in matches[:EXHIBIT_CHOICES])
        raise forms.ValidationError(
            _("Several products match “%(typed)s”: %(products)s. Type the code of one.")
            % {
                "typed": typed,
                "products": names + ("; …" if len(matches) > EXHIBIT_CHOICES else ""),
            },
            code="invalid_choice",
        )


class ExhibitForm(ThaiModelForm):
    product = ExhibitProductField(label=gettext_lazy("product"))

    class Meta(ThaiModelForm.Meta):
        model = Exhibit
        fields = ["product", "fair_price", "min_price", "opening_stock"]

    def __init__(self, *args: Any, booth: Booth, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.booth = booth
        if self.instance.pk:
            self.fields["product"].disabled = True
        self.fields["product"].widget.url = reverse(
            "fair_exhibit_products", args=[booth.fair.code, booth.code]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fair_price, min_price = data.get("fair_price"), data.get("min_price")
        if fair_price is not None and min_price is not None and min_price > fair_price:
            self.add_error("min_price", _("The lowest price cannot be above the fair price."))
        return data


class RestockForm(forms.Form):
    quantity = forms.IntegerField(
        label=gettext_lazy("Items brought"), min_value=1, max_value=MAX_ITEMS
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the void"),
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class BuyerLeadForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = BuyerLead
        fields = ["buyer_name", "company", "country", "contact", "products", "notes", "status"]
        widgets = {"products": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = products  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field
        self.fields["products"].label_from_instance = lambda p: f"{p.code} {p.name}"  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).upper()


class LeadFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Follow-up"),
        required=False,
        choices=[("", gettext_lazy("any")), *LeadStatus.choices],
    )

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"q": self.cleaned_data["q"].strip(), "status": self.cleaned_data["status"]}


class SaleFilterForm(forms.Form):
    booth = forms.ModelChoiceField(
        label=gettext_lazy("Booth"), queryset=Booth.objects.none(), required=False
    )
    day = ThaiDateField(label=gettext_lazy("Day"), required=False)
    void = forms.ChoiceField(
        label=gettext_lazy("Voided"),
        required=False,
        choices=[
            ("", gettext_lazy("all sales")),
            ("no", gettext_lazy("not voided")),
            ("yes", gettext_lazy("voided")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Product"), required=False)

    def __init__(self, *args: Any, booths: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = booths  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        void = {"yes": True, "no": False}.get(self.cleaned_data["void"])
        return {
            "booth": self.cleaned_data["booth"],
            "day": self.cleaned_data["day"],
            "void": void,
            "q": self.cleaned_data["q"].strip(),
        }
