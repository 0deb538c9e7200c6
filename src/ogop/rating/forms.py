from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ogop.accounts.models import Role, User
from ogop.core.forms import ThaiDecimalField, ThaiModelForm
from ogop.core.validators import code_validator
from ogop.products.models import Product
from ogop.rating.models import AssessmentRound, Rubric
from ogop.rating.selectors import SheetPart


class RoundForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = AssessmentRound
        fields = ["name", "date", "rubric"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(is_active=True)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field


class RoundProductsForm(forms.Form):
    codes = forms.CharField(
        label=_("product codes"),
        help_text=_("One or more product codes, separated by commas or spaces."),
    )

    def clean_codes(self) -> list[Product]:
        codes = [c for c in self.cleaned_data["codes"].replace(",", " ").split() if c]
        products = list(Product.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {p.code for p in products})
        if unknown:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Unknown product code: %(codes)s.",
                    "Unknown product codes: %(codes)s.",
                    len(unknown),
                ),
                params={"codes": ", ".join(unknown)},
            )
        return products


class RoundAssessorForm(forms.Form):
    assessor = forms.ModelChoiceField(
        label=_("assessor"),
        queryset=User.objects.filter(is_active=True, role=Role.ASSESSOR),
        to_field_name="username",
    )


class ScoreSheetForm(forms.Form):
    """One field a criterion, named criterion_<pk>; the service checks the ranges."""

    def __init__(self, *args: Any, sheet: list[SheetPart], disabled: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for part in sheet:
            for criterion, points in part.criteria:
                self.fields[f"criterion_{criterion.pk}"] = ThaiDecimalField(
                    label=f"{criterion.code} {criterion.text}",
                    required=False,
                    max_digits=6,
                    decimal_places=2,
                    initial=points,
                    disabled=disabled,
                    help_text=_("0 to %(max)s points") % {"max": criterion.max_points},
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal", "size": 5, "data-max": criterion.max_points}
                    ),
                )

    def points(self) -> dict[int, Decimal | None]:
        return {
            int(name.removeprefix("criterion_")): value for name, value in self.cleaned_data.items()
        }

    def rows(self) -> list[tuple[Any, list[Any]]]:
        """(part, [bound field …]) for the template."""
        return [
            (part.part, [self[f"criterion_{criterion.pk}"] for criterion, _p in part.criteria])
            for part in self.sheet
        ]


class RubricDefineForm(forms.Form):
    """A rubric's name and star thresholds; its criteria come in CriterionRowFormSet."""

    code = forms.CharField(
        label=_("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("The same code as an existing rubric makes its next version."),
    )
    name = forms.CharField(label=_("name"), max_length=200)
    name_th = forms.CharField(label=_("name in Thai"), max_length=200, required=False)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(
        label=_("source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the criteria and thresholds come from."),
    )
    stars_5 = ThaiDecimalField(label=_("5 stars from"), min_value=0, max_digits=6, decimal_places=2)
    stars_4 = ThaiDecimalField(label=_("4 stars from"), min_value=0, max_digits=6, decimal_places=2)
    stars_3 = ThaiDecimalField(label=_("3 stars from"), min_value=0, max_digits=6, decimal_places=2)
    stars_2 = ThaiDecimalField(
        label=_("2 stars from"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Points; below it, 1 star."),
    )

    def thresholds(self) -> dict[int, Decimal]:
        data = self.cleaned_data
        return {
            5: data["stars_5"],
            4: data["stars_4"],
            3: data["stars_3"],
            2: data["stars_2"],
            1: Decimal(0),
        }


class CriterionRowForm(forms.Form):
    part_code = forms.CharField(
        label=_("part"), max_length=10, widget=forms.TextInput(attrs={"size": 3})
    )
    part_name = forms.CharField(label=_("part name"), max_length=200, required=False)
    code = forms.CharField(
        label=_("code"), max_length=10, widget=forms.TextInput(attrs={"size": 4})
    )
    text = forms.CharField(label=_("criterion"), max_length=300)
    max_points = ThaiDecimalField(
        label=_("maximum points"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )


CriterionRowFormSet = forms.formset_factory(CriterionRowForm, extra=6, min_num=1, validate_min=True)


def rubric_parts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Criterion rows grouped into parts, in the order they come; a part is named once."""
    parts: dict[str, dict[str, Any]] = {}
    for row in rows:
        part = parts.setdefault(
            row["part_code"], {"code": row["part_code"], "name": "", "criteria": []}
        )
        if row.get("part_name") and not part["name"]:
            part["name"] = row["part_name"]
        part["criteria"].append(
            {"code": row["code"], "text": row["text"], "max_points": row["max_points"]}
        )
    for part in parts.values():
        part["name"] = part["name"] or part["code"]
    return list(parts.values())
