"""The producer groups file: its columns are a public contract (docs/import.md)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.core.forms import ThaiIntegerField, column_field
from ogop.core.imports import YesNoField, given_flags, yes_no
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup

COLUMNS = [
    "code",
    "name_en",
    "name_th",
    "name_dz",
    "kind",
    "area_code",
    "members_female",
    "members_male",
    "phone",
    "story_en",
    "story_th",
    "public",
    "illustrative",
]
REQUIRED = ["code", "name_en", "kind", "area_code"]
# Flag columns and their fields; a file without one leaves the flag as it is (docs/import.md).
FLAGS = {"public": "is_public", "illustrative": "is_illustrative"}
# Row columns written to the model as they are.
DIRECT = ["code", "name_en", "name_th", "name_dz", "kind", "phone", "story_en", "story_th"]


@dataclass(frozen=True)
class Lookups:
    areas: dict[str, Area]


def model_field(name: str, **kwargs: Any) -> forms.Field:
    return column_field(ProducerGroup, name, **kwargs)


class CodeChoiceField(forms.ChoiceField):
    """A choice written as its code, in any letter case."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().lower()


class ProducerGroupRow(forms.Form):
    code = model_field("code")
    name_en = model_field("name_en", required=True)
    name_th = model_field("name_th")
    name_dz = model_field("name_dz")
    kind = CodeChoiceField(choices=GroupKind.choices)
    area_code = forms.CharField()
    members_female = ThaiIntegerField(required=False, min_value=0)
    members_male = ThaiIntegerField(required=False, min_value=0)
    phone = model_field("phone")
    story_en = model_field("story_en")
    story_th = model_field("story_th")
    public = YesNoField()
    illustrative = YesNoField()

    def __init__(self, data: dict[str, str], *, lookups: Lookups) -> None:
        super().__init__(data)
        self.lookups = lookups

    def clean_area_code(self) -> Area:
        code = self.cleaned_data["area_code"].strip()
        area = self.lookups.areas.get(code) or self.lookups.areas.get(code.upper())
        if area is None:
            raise forms.ValidationError(
                _("Unknown area code “%(code)s”: use a code of the area list, such as BT-15-08."),
                params={"code": code},
            )
        return area


def row_values(cleaned: dict[str, Any], *, header: Sequence[str]) -> dict[str, Any]:
    """The model's field values from a checked row of a file with these columns."""
    values = {name: cleaned[name] or "" for name in DIRECT}
    values["name_th"] = cleaned["name_th"] or None
    values["name_dz"] = cleaned["name_dz"] or None
    values["story_th"] = cleaned["story_th"] or None
    values["name"], values["story"] = values["name_en"], values["story_en"]
    values["area_id"] = cleaned["area_code"].pk
    values["members_female"] = cleaned["members_female"] or 0
    values["members_male"] = cleaned["members_male"] or 0
    values.update(given_flags(cleaned, header=header, flags=FLAGS))
    return values


def export_row(group: ProducerGroup) -> list[Any]:
    return [
        group.code,
        group.name_en,
        group.name_th or "",
        group.name_dz or "",
        group.kind,
        group.area.code,
        group.members_female,
        group.members_male,
        group.phone,
        group.story_en or "",
        group.story_th or "",
        yes_no(group.is_public),
        yes_no(group.is_illustrative),
    ]
