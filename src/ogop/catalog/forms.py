from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.places.models import Area
from ogop.products.models import Category

STARS = [("", _("any")), *((str(n), f"{'★' * n} {n}+") for n in range(1, 6))]


class SearchForm(forms.Form):
    MAX_LENGTH = 200

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(
            attrs={"placeholder": _("honey, ข้าวแดง, སྦྲང་རྩི་ …"), "autocomplete": "off"}
        ),
    )
    category = forms.ChoiceField(
        label=_("category"), required=False, choices=[("", _("any")), *Category.choices]
    )
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("area"),
        required=False,
        queryset=Area.objects.all(),
        to_field_name="code",
        widget=forms.HiddenInput,
    )
    stars = forms.TypedChoiceField(
        label=_("stars"),
        required=False,
        choices=STARS,
        coerce=int,
        empty_value=0,  # type: ignore[arg-type]  # the stubs take only a str; coerce makes the value an int
    )

    def __init__(self, data: Any = None) -> None:
        # A query longer than the box allows is cut, not refused: nothing a reader types
        # should end in an error page.
        if data is not None and "q" in data:
            data = data.copy()
            data["q"] = data["q"][:200]
        super().__init__(data)

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one (an unknown area, say) is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        area = data.get("area")
        return {
            "q": data.get("q", "").strip(),
            "category": data.get("category", ""),
            "area_path": area.path if area else "",
            "min_stars": data.get("stars") or 0,
        }
