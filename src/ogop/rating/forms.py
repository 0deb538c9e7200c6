from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import Role, User
from ogop.core.forms import ThaiDecimalField, ThaiModelForm
from ogop.products.models import Product
from ogop.rating.models import AssessmentRound, Rubric
from ogop.rating.selectors import SheetPart


class RoundForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = AssessmentRound
        fields = ["name", "date", "rubric"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(is_active=True)  # type: ignore[attr-defined]


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
                _("Unknown product code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
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
