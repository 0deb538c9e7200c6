"""The products file: its columns are a public contract (docs/import.md)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.core.forms import ThaiDecimalField, column_field
from ogop.core.imports import YesNoField, given_flags, yes_no
from ogop.core.money import Currency
from ogop.places.models import Area
from ogop.producers.imports import CodeChoiceField
from ogop.producers.models import ProducerGroup
from ogop.products.models import Category, Product, Stage

COLUMNS = [
    "code",
    "name_en",
    "name_th",
    "name_dz",
    "category",
    "producer_code",
    "area_code",
    "price",
    "currency",
    "unit",
    "stage",
    "flagship",
    "public",
    "description_en",
    "description_th",
    "illustrative",
]
REQUIRED = ["code", "name_en", "category", "producer_code"]
# Flag columns added later, and their fields; a file without one leaves the flag as it is.
FLAGS = {"illustrative": "is_illustrative"}
DEFAULT_CURRENCY = {"BT": Currency.BTN, "TH": Currency.THB}
CURRENCIES = frozenset(Currency.values)  # asked for every row: Currency.values makes a new list


@dataclass(frozen=True)
class Lookups:
    areas: dict[str, Area]
    areas_by_pk: dict[int, Area]
    groups: dict[str, ProducerGroup]
    flagships: dict[int, str]  # area pk -> code of its flagship product, before the import
    stages: dict[str, Stage]  # code -> stage


def model_field(name: str, **kwargs: Any) -> forms.Field:
    return column_field(Product, name, **kwargs)


class ProductRow(forms.Form):
    code = model_field("code")
    name_en = model_field("name_en", required=True)
    name_th = model_field("name_th")
    name_dz = model_field("name_dz")
    category = CodeChoiceField(choices=Category.choices)
    producer_code = forms.CharField()
    area_code = forms.CharField(required=False)
    price = ThaiDecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)
    currency = forms.CharField(required=False)
    unit = model_field("unit")
    stage = forms.CharField(required=False)
    flagship = YesNoField()
    public = YesNoField()
    description_en = model_field("description_en")
    description_th = model_field("description_th")
    illustrative = YesNoField()

    def __init__(self, data: dict[str, str], *, lookups: Lookups) -> None:
        super().__init__(data)
        self.lookups = lookups

    def clean_producer_code(self) -> ProducerGroup:
        code = self.cleaned_data["producer_code"].strip()
        group = self.lookups.groups.get(code)
        if group is None:
            raise forms.ValidationError(
                _("Unknown producer group “%(code)s”: import the producer groups first."),
                params={"code": code},
            )
        return group

    def clean_area_code(self) -> Area | None:
        code = self.cleaned_data["area_code"].strip()
        if not code:
            return None
        area = self.lookups.areas.get(code) or self.lookups.areas.get(code.upper())
        if area is None:
            raise forms.ValidationError(
                _("Unknown area code “%(code)s”: use a code of the area list, such as BT-15-08."),
                params={"code": code},
            )
        if area.level < 2:
            raise forms.ValidationError(
                _("%(code)s is a dzongkhag or province: give the gewog, amphoe or tambon."),
                params={"code": code},
            )
        return area

    def clean_stage(self) -> str:
        code = self.cleaned_data["stage"].strip().lower()
        if not code:
            return ""  # a new product starts at idea; a stored one keeps its stage
        if code not in self.lookups.stages:
            raise forms.ValidationError(
                _("Unknown stage “%(code)s”: use one of %(codes)s."),
                params={"code": code, "codes": ", ".join(self.lookups.stages)},
            )
        return code

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].strip().upper()
        if code and code not in CURRENCIES:
            raise forms.ValidationError(
                _("Unknown currency “%(code)s”: use one of %(codes)s."),
                params={"code": code, "codes": ", ".join(Currency.values)},
            )
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        group = cleaned.get("producer_code")
        if group is not None and "area_code" in cleaned and cleaned["area_code"] is None:
            cleaned["area_code"] = self.lookups.areas_by_pk[group.area_id]
        area = cleaned.get("area_code")
        if area is not None and not cleaned.get("currency"):
            cleaned["currency"] = DEFAULT_CURRENCY.get(area.country, Currency.BTN)
        return cleaned


def row_values(cleaned: dict[str, Any], *, header: Sequence[str]) -> dict[str, Any]:
    """The model's field values from a checked row of a file with these columns."""
    return given_flags(cleaned, header=header, flags=FLAGS) | {
        "code": cleaned["code"],
        "name": cleaned["name_en"],
        "name_en": cleaned["name_en"],
        "name_th": cleaned["name_th"] or None,
        "name_dz": cleaned["name_dz"] or None,
        "category": cleaned["category"],
        "producer_group_id": cleaned["producer_code"].pk,
        "area_id": cleaned["area_code"].pk,
        "price": cleaned["price"],
        "currency": cleaned["currency"],
        "unit": cleaned["unit"] or "",
        "stage_id": cleaned["stage"] or None,
        "is_flagship": cleaned["flagship"],
        "is_public": cleaned["public"],
        "description": cleaned["description_en"] or "",
        "description_en": cleaned["description_en"] or "",
        "description_th": cleaned["description_th"] or None,
    }


def export_row(product: Product) -> list[Any]:
    return [
        product.code,
        product.name_en,
        product.name_th or "",
        product.name_dz or "",
        product.category,
        product.producer_group.code,
        product.area.code,
        product.price,
        product.currency,
        product.unit,
        product.stage_id,
        yes_no(product.is_flagship),
        yes_no(product.is_public),
        product.description_en or "",
        product.description_th or "",
        yes_no(product.is_illustrative),
    ]
