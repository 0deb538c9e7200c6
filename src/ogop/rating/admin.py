"""Administrators define rubrics here: parts, criteria and star thresholds, without code.

A rubric version that rounds have used is shown read-only: its page on the staff site makes
the next version, which is edited instead.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ogop.core.admin import FixedOnceMade, HistoryAdmin
from ogop.rating import services
from ogop.rating.models import (
    AssessmentRound,
    Criterion,
    ProductRating,
    Rubric,
    RubricPart,
    StarThreshold,
)
from ogop.rating.scoring import threshold_errors


def _locked(obj: Any) -> bool:
    rubric = getattr(obj, "rubric", None) or (obj if isinstance(obj, Rubric) else None)
    if isinstance(obj, RubricPart):
        rubric = obj.rubric
    return rubric is not None and rubric.pk is not None and services.rubric_is_locked(rubric)


class LockedWhenUsed:
    """Read-only once rounds have used the rubric."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _locked(obj)  # type: ignore[misc]  # a mixin: the admin class comes after it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _locked(obj)  # type: ignore[misc]  # a mixin: the admin class comes after it


class LockedInline(LockedWhenUsed):
    """An inline of a rubric (or part) that rounds have used: no rows added either."""

    def has_add_permission(self, request: HttpRequest, obj: Any) -> bool:
        return super().has_add_permission(request, obj) and not _locked(obj)  # type: ignore[misc]  # a mixin: the admin class comes after it


class ThresholdInline(LockedInline, admin.TabularInline):  # type: ignore[misc]  # has_add_permission takes obj, as an inline's does, not as ModelAdmin's
    model = StarThreshold
    extra = 5
    max_num = 5

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)

        class CheckedFormSet(formset):  # type: ignore[misc, valid-type]  # a class made at run time
            def clean(self) -> None:
                super().clean()
                rows = [
                    (form.cleaned_data["stars"], form.cleaned_data["min_points"])
                    for form in self.forms
                    if form.cleaned_data
                    and not form.cleaned_data.get("DELETE")
                    and form.cleaned_data.get("stars") is not None
                    and form.cleaned_data.get("min_points") is not None
                ]
                maximum = services.rubric_max_points(obj) if obj is not None and obj.pk else None
                highest = max((points for _s, points in rows), default=Decimal(0))
                errors = threshold_errors(rows, maximum or Decimal(highest))
                if errors:
                    raise ValidationError(errors)

        return CheckedFormSet


class PartInline(LockedInline, TranslationTabularInline):  # type: ignore[misc]  # has_add_permission takes obj, as an inline's does, not as ModelAdmin's
    model = RubricPart
    extra = 1
    show_change_link = True


class CriterionInline(LockedInline, TranslationTabularInline):  # type: ignore[misc]  # has_add_permission takes obj, as an inline's does, not as ModelAdmin's
    model = Criterion
    extra = 1


@admin.register(Rubric)
class RubricAdmin(LockedWhenUsed, HistoryAdmin, TranslationAdmin):
    list_display = ["name", "code", "version", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_en", "name_th"]
    inlines = [PartInline, ThresholdInline]


@admin.register(RubricPart)
class RubricPartAdmin(LockedWhenUsed, HistoryAdmin, TranslationAdmin):
    list_display = ["__str__", "rubric", "position"]
    list_filter = ["rubric"]
    inlines = [CriterionInline]


class AssessmentRoundForm(forms.ModelForm):
    def clean_rubric(self) -> Rubric:
        rubric: Rubric = self.cleaned_data["rubric"]
        if problems := services.rubric_problems(rubric):
            raise forms.ValidationError(problems)
        return rubric


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(FixedOnceMade, HistoryAdmin):
    form = AssessmentRoundForm
    list_display = ["name", "date", "rubric", "status"]
    list_filter = ["status", "rubric"]
    filter_horizontal = ["assessors"]
    raw_id_fields = ["products"]
    readonly_fields = ["status", "closed_at", "closed_by"]

    # Changed on the round's page, which keeps those already scored.
    fixed_once_made = ("rubric", "products", "assessors")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_open)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_open)


@admin.register(ProductRating)
class ProductRatingAdmin(admin.ModelAdmin):
    list_display = ["product", "round", "score", "stars", "rated_on"]
    list_filter = ["round", "stars"]
    list_select_related = ["product", "round"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
