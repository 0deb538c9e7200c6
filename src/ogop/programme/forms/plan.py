"""Forms of the programme's staff pages: the programme, its components and their budgets,
its activities and plan."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.accounts.models import Organisation
from ogop.core.forms import CodeMultipleChoiceField, ThaiIntegerField, ThaiModelForm
from ogop.core.thai import BE_OFFSET, BE_THRESHOLD, localise_digits
from ogop.producers.forms import AreaCodeField
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.forms.publishing import dates_and_status_errors, organisation_errors
from ogop.programme.gantt import year_label
from ogop.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Component,
    ComponentBudget,
    Participation,
    Programme,
    ProgrammeSector,
)
from ogop.programme.sectors import sector_totals_off

TEXTAREA = forms.Textarea(attrs={"rows": 3})
NOT_NEGATIVE = MinValueValidator(Decimal(0), message=gettext_lazy("An amount cannot be negative."))
ANY = gettext_lazy("any")


def _upper(value: Any) -> str:
    return str(value or "").strip().upper()


# A multiple choice that scales: codes typed with suggestions ----------------------------------


class SuggestMultipleInput(forms.Widget):
    """Chosen codes as ticked boxes (untick to remove) and a few inputs to add more, each
    suggesting codes by name as the user types (htmx), so no list of thousands is sent."""

    template_name = "programme/widgets/suggest_multiple.html"
    extra = 3

    def __init__(
        self,
        url_name: str,
        labels: Callable[[list[str]], dict[str, str]] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.labels = labels

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        seen: dict[str, None] = {}
        for value in values:
            if code := str(value).strip():
                seen.setdefault(code)
        return list(seen)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # nothing ticked and nothing typed means: none

    def format_value(self, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return [str(item) for item in value]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        codes = context["widget"]["value"]
        labels = self.labels(codes) if self.labels and codes else {}
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["selected"] = [
            {"value": code, "label": labels.get(code, code), "id": f"{widget_id}_chosen_{i}"}
            for i, code in enumerate(codes)
        ]
        context["widget"]["suggest_url"] = reverse(self.url_name)
        context["widget"]["inputs"] = [
            {"id": widget_id if i == 0 else f"{widget_id}_{i}", "list": f"{widget_id}_{i}_options"}
            for i in range(self.extra)
        ]
        return context


class CodesField(CodeMultipleChoiceField):
    """Records chosen by their codes; an unknown code is named in the error."""

    def __init__(self, queryset: QuerySet[Any], url_name: str, **kwargs: Any) -> None:
        def labels(codes: list[str]) -> dict[str, str]:
            found = queryset.filter(code__in=codes)
            return {obj.code: f"{obj.code} — {obj.name}" for obj in found}

        kwargs.setdefault("widget", SuggestMultipleInput(url_name, labels))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": gettext_lazy(
                    "Unknown code: %(value)s. Type a name and pick a code from the suggestions."
                )
            },
        )
        super().__init__(queryset, required=False, **kwargs)


def _counts(form: forms.BaseModelForm) -> bool:
    """A formset's form that will be saved: filled in or existing, and not ticked for deletion."""
    if not form.has_changed() and not getattr(form.instance, "pk", None):
        return False
    return not form.cleaned_data.get("DELETE", False)


# The programme ------------------------------------------------------------------------------


class ProgrammeForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Programme
        fields = [
            "identifier",
            "title_en",
            "title_th",
            "title_dz",
            "description_en",
            "description_th",
            "description_dz",
            "reporting_organisation",
            "recipient_country",
            "status",
            "start_planned",
            "end_planned",
            "start_actual",
            "end_actual",
            "currency",
            "sdg_goals",
            "sdg_targets",
            "sdg_targets_inferred",
            "collaboration_type",
            "default_flow_type",
            "default_finance_type",
            "default_aid_type",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_th": TEXTAREA,
            "description_dz": TEXTAREA,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True
        if self.instance.pk and self.instance.transactions.exists():
            # Its transactions were converted into it when they were recorded.
            self.fields["currency"].disabled = True
            self.fields["currency"].help_text = _(
                "Fixed: the programme's transactions are converted into it."
            )

    def clean_recipient_country(self) -> str:
        return _upper(self.cleaned_data.get("recipient_country"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name, message in dates_and_status_errors(data).items():
            self.add_error(name, message)
        for message in organisation_errors(data.get("reporting_organisation")):
            self.add_error("reporting_organisation", message)
        return data


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["organisation", "role"]

    def clean_organisation(self) -> Organisation | None:
        organisation = self.cleaned_data.get("organisation")
        if errors := organisation_errors(organisation):
            raise ValidationError(errors)
        return organisation


class BaseParticipationFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[tuple[int, str]] = set()
        for form in self.forms:
            if not _counts(form):
                continue
            organisation = form.cleaned_data.get("organisation")
            role = form.cleaned_data.get("role")
            if organisation is None or not role:
                continue
            if (organisation.pk, role) in seen:
                raise ValidationError(
                    _("%(organisation)s is listed twice as %(role)s: one role once.")
                    % {
                        "organisation": organisation,
                        "role": dict(form.fields["role"].choices)[role],  # type: ignore[attr-defined]  # a choice field, typed as Field
                    }
                )
            seen.add((organisation.pk, role))

    def validate_unique(self) -> None:
        """Checked in clean(), with the organisation and role named."""


ParticipationFormSet = forms.inlineformset_factory(
    Programme,
    Participation,
    form=ParticipationForm,
    formset=BaseParticipationFormSet,
    extra=2,
    can_delete=True,
)


class SectorForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = ProgrammeSector
        fields = ["vocabulary", "code", "percentage"]


class BaseSectorFormSet(forms.BaseInlineFormSet):
    """Within a vocabulary, the sectors' percentages add up to 100 (IATI)."""

    def clean(self) -> None:
        super().clean()
        shares: list[tuple[str, Decimal]] = []
        codes: set[tuple[str, str]] = set()
        for form in self.forms:
            if not _counts(form):
                continue
            vocabulary = str(form.cleaned_data.get("vocabulary") or "")
            code = str(form.cleaned_data.get("code") or "")
            percentage = form.cleaned_data.get("percentage")
            if not code or percentage is None:
                continue
            if (vocabulary, code) in codes:
                raise ValidationError(_("The sector %(code)s is listed twice.") % {"code": code})
            codes.add((vocabulary, code))
            shares.append((vocabulary, percentage))
        if off := sector_totals_off(shares):
            vocabulary, total = off[0]
            raise ValidationError(
                _(
                    "The sectors' percentages (vocabulary %(vocabulary)s) add up to "
                    "%(total)s; they must add up to 100."
                )
                % {"vocabulary": vocabulary, "total": localise_digits(f"{total.normalize():f}")}
            )

    def validate_unique(self) -> None:
        """Checked in clean(), with the sector named."""


SectorFormSet = forms.inlineformset_factory(
    Programme,
    ProgrammeSector,
    form=SectorForm,
    formset=BaseSectorFormSet,
    extra=2,
    can_delete=True,
)


# Components and their budgets ---------------------------------------------------------------


class ComponentForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Component
        fields = [
            "title_en",
            "title_th",
            "title_dz",
            "description_en",
            "description_th",
            "description_dz",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_th": TEXTAREA,
            "description_dz": TEXTAREA,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True


class YearField(ThaiIntegerField):
    """A year, Gregorian or Buddhist Era (2560 is 2017), in either digits."""

    def to_python(self, value: Any) -> Any:
        year = super().to_python(value)
        if year is not None and year >= BE_THRESHOLD:
            year -= BE_OFFSET
        return year


class BudgetForm(ThaiModelForm):
    year = YearField(
        label=capfirst(gettext_lazy("year")), help_text=gettext_lazy("e.g. 2017 or 2560")
    )

    class Meta(ThaiModelForm.Meta):
        model = ComponentBudget
        fields = ["year", "amount"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(NOT_NEGATIVE)

    def _post_clean(self) -> None:
        if "year" in self.errors:
            return  # the model's own checks need a year
        super()._post_clean()  # type: ignore[misc]  # a private hook of Django's forms, untyped


class BaseBudgetFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        years: set[int] = set()
        for form in self.forms:
            if not _counts(form):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            if year in years:
                raise ValidationError(
                    _("The year %(year)s has two budgets; give it one.") % {"year": year}
                )
            years.add(year)

    def validate_unique(self) -> None:
        """Checked in clean(), with the year named."""


BudgetFormSet = forms.inlineformset_factory(
    Component,
    ComponentBudget,
    form=BudgetForm,
    formset=BaseBudgetFormSet,
    extra=3,
    can_delete=True,
)


# Activities ---------------------------------------------------------------------------------


def component_field(field: forms.Field, programme: Programme) -> None:
    field.queryset = programme.components.order_by("position")  # type: ignore[attr-defined]  # a model choice field, typed as Field


class ActivityForm(ThaiModelForm):
    area = AreaCodeField(
        label=capfirst(gettext_lazy("area")),
        required=False,
        help_text=gettext_lazy("Type a name and pick the code, e.g. BT-33-03."),
    )
    producer_groups = CodesField(
        ProducerGroup.objects.all(),
        "group_suggest",
        label=capfirst(gettext_lazy("producer groups served")),
        help_text=gettext_lazy("Type a name and pick the group's code; untick one to remove it."),
    )
    products = CodesField(
        Product.objects.all(),
        "activity_product_suggest",
        label=capfirst(gettext_lazy("products served")),
        help_text=gettext_lazy("Type a name and pick the product's code; untick one to remove it."),
    )

    class Meta(ThaiModelForm.Meta):
        model = Activity
        fields = [
            "component",
            "kind",
            "title_en",
            "title_th",
            "title_dz",
            "description_en",
            "description_th",
            "description_dz",
            "area",
            "country",
            "start_planned",
            "end_planned",
            "start_actual",
            "end_actual",
            "status",
            "responsible_organisation",
            "budget",
            "producer_groups",
            "products",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_th": TEXTAREA,
            "description_dz": TEXTAREA,
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["title_en"].required = True
        self.fields["budget"].validators.append(NOT_NEGATIVE)
        component_field(self.fields["component"], programme)

    def clean_country(self) -> str:
        return _upper(self.cleaned_data.get("country"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name, message in dates_and_status_errors(data).items():
            self.add_error(name, message)
        return data


class ActivityFilterForm(forms.Form):
    component: forms.ModelChoiceField[Component] = forms.ModelChoiceField(
        label=gettext_lazy("component"),
        queryset=Component.objects.none(),
        required=False,
        empty_label=ANY,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"), choices=[("", ANY), *ActivityKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("status"), choices=[("", ANY), *ActivityStatus.choices], required=False
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("year"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        component_field(self.fields["component"], programme)
        self.fields["year"].choices = year_choices(programme)  # type: ignore[attr-defined]  # a choice field, typed as Field

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in self.fields}


def year_choices(programme: Programme) -> list[tuple[Any, str]]:
    return [("", str(ANY)), *((year, year_label(year)) for year in programme.years)]


class PlanFilterForm(forms.Form):
    component: forms.ModelChoiceField[Component] = forms.ModelChoiceField(
        label=gettext_lazy("component"),
        queryset=Component.objects.none(),
        required=False,
        empty_label=ANY,
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("year"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        component_field(self.fields["component"], programme)
        self.fields["year"].choices = year_choices(programme)  # type: ignore[attr-defined]  # a choice field, typed as Field

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"component": self.cleaned_data["component"], "year": self.cleaned_data["year"]}
