"""Forms of the results framework: results, indicators, periods and their breakdowns."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.core.forms import ThaiModelForm
from ogop.core.iati_rules import with_id
from ogop.core.thai import BE_OFFSET, BE_THRESHOLD
from ogop.places.models import Area, Country
from ogop.programme.models import Sex
from ogop.results.computations import NOT_RECORDED, dimensions_of
from ogop.results.models import (
    Dimension,
    Disaggregation,
    Indicator,
    IndicatorMeasure,
    Period,
    Result,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ResultForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Result
        fields = [
            "kind",
            "title_en",
            "title_th",
            "title_dz",
            "description_en",
            "description_th",
            "description_dz",
            "position",
            "aggregable",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_th": TEXTAREA,
            "description_dz": TEXTAREA,
        }

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["title_en"].required = True


class IndicatorForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Indicator
        fields = [
            "title_en",
            "title_th",
            "title_dz",
            "description_en",
            "description_th",
            "description_dz",
            "computation",
            "measure",
            "ascending",
            "baseline_year",
            "baseline_value",
            "position",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_th": TEXTAREA,
            "description_dz": TEXTAREA,
        }

    def __init__(self, *args: Any, result: Result, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.result = result
        self.fields["title_en"].required = True
        self.fields["baseline_year"].help_text = _("e.g. 2016, or 2559 in the Buddhist Era.")

    def clean_baseline_year(self) -> int | None:
        year = self.cleaned_data.get("baseline_year")
        if year is None:
            return None
        if year >= BE_THRESHOLD:
            year -= BE_OFFSET
        if year < 1900:
            raise forms.ValidationError(_("Give the baseline year in full, e.g. 2016."))
        return int(year)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("measure") == IndicatorMeasure.QUALITATIVE and (
            data.get("baseline_value") is not None
        ):
            title = data.get("title_en") or self.instance.title
            self.add_error("baseline_value", with_id("8.8.3", title=title))
        return data


class PeriodForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Period
        fields = ["start", "end", "target", "actual", "comment"]
        widgets = {"comment": TEXTAREA}

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        if indicator.is_computed:
            del self.fields["actual"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start = data.get("start")
        if (
            start
            and Period.objects.filter(indicator=self.instance.indicator, start=start)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("start", _("The indicator already has a period starting that day."))
        indicator = self.instance.indicator
        if indicator.measure == IndicatorMeasure.QUALITATIVE:
            for name, rule_id in (("target", "8.9.3"), ("actual", "8.10.3")):
                if data.get(name) is not None:
                    self.add_error(name, with_id(rule_id, title=indicator.title))
        return data


# Breakdown by sex or area ---------------------------------------------------------------------

SEX_LABELS = [
    (Sex.FEMALE.value, Sex.FEMALE.label),
    (Sex.MALE.value, Sex.MALE.label),
    (NOT_RECORDED, gettext_lazy("not recorded")),
]


def _key(dimension: str, category: str) -> str:
    return f"{dimension}:{category}"


def category_choices(dimensions: Iterable[str], current: Iterable[tuple[str, str]] = ()) -> list:
    """The categories a breakdown row may name, grouped: sexes, then the top-level areas
    (dzongkhags, provinces) of each country; `current` (dimension, category) pairs are kept
    even when not among them."""
    dimensions = list(dimensions)
    choices: list[Any] = [("", "---------")]
    known: set[str] = set()
    if Dimension.SEX in dimensions:
        sexes = [(_key(Dimension.SEX, value), label) for value, label in SEX_LABELS]
        choices.append((_("Sex"), sexes))
        known.update(value for value, _label in sexes)
    if Dimension.AREA in dimensions:
        countries = dict(Country.choices)
        areas: dict[str, list[tuple[str, str]]] = {}
        for area in Area.objects.filter(level=1).order_by("country", "name"):
            areas.setdefault(area.country, []).append((_key(Dimension.AREA, area.code), area.name))
        for country, options in areas.items():
            label = _("Areas in %(country)s") % {"country": countries.get(country, country)}
            choices.append((label, options))
            known.update(value for value, _label in options)
    others = [
        (_key(dimension, category), category)
        for dimension, category in current
        if _key(dimension, category) not in known
    ]
    if others:
        choices.append((_("Other"), others))
    return choices


class DisaggregationForm(ThaiModelForm):
    """One row of a period's breakdown: a category, its target and (unless computed) actual."""

    category = forms.ChoiceField(label=gettext_lazy("category"))

    class Meta(ThaiModelForm.Meta):
        model = Disaggregation
        fields = ["category", "target", "actual"]

    def __init__(self, *args: Any, computed: bool, choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField; the stubs type it as Field
        if self.instance.pk:
            self.initial["category"] = _key(self.instance.dimension, self.instance.category)
        if computed:
            del self.fields["actual"]

    def clean_category(self) -> str:
        dimension, _sep, category = self.cleaned_data["category"].partition(":")
        self.instance.dimension = dimension
        return category

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("target") is None and data.get("actual") is None:
            if "actual" in self.fields:
                message = _("Give a target or an actual.")
            else:
                message = _("Give a target.")
            self.add_error("target", message)
        return data


class BaseDisaggregationFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not form.has_changed() or not data or data.get("DELETE") or "category" not in data:
                continue
            key = (form.instance.dimension, data["category"])
            if key in seen:
                form.add_error("category", _("This category is already in the breakdown."))
            seen.add(key)


DisaggregationFormSet = forms.inlineformset_factory(
    Period,
    Disaggregation,
    form=DisaggregationForm,
    formset=BaseDisaggregationFormSet,
    fields=["category", "target", "actual"],
    extra=3,
    can_delete=True,
)


def disaggregation_formset(
    data: Any, *, period: Period, indicator: Indicator
) -> BaseDisaggregationFormSet | None:
    """The period's breakdown rows, or None for an indicator that has no breakdown."""
    dimensions = dimensions_of(indicator.computation)
    if not dimensions:
        return None
    current = list(period.disaggregations.values_list("dimension", "category")) if period.pk else []
    choices = category_choices(dimensions, current)
    return DisaggregationFormSet(  # type: ignore[return-value]  # the factory's class is a BaseDisaggregationFormSet
        data,
        instance=period,
        prefix="breakdown",
        form_kwargs={"computed": indicator.is_computed, "choices": choices},
    )
