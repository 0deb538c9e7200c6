from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ogop.accounts.request_user import signed_in
from ogop.core.admin import FixedOnceMade, HistoryAdmin
from ogop.programme import services
from ogop.programme.models import (
    Activity,
    BusinessPlan,
    Component,
    ComponentBudget,
    Delivery,
    ExchangeRate,
    Mission,
    Participant,
    Participation,
    Person,
    Programme,
    ProgrammeSector,
    PromotionItem,
    Transaction,
    Twinning,
    TwinningVisit,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class SectorInline(admin.TabularInline):
    model = ProgrammeSector
    extra = 0


class ComponentInline(TranslationTabularInline):
    model = Component
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["identifier", "title", "status", "start_planned", "end_planned"]
    list_filter = ["status"]
    search_fields = ["identifier", "title_en", "title_th"]
    inlines = [ParticipationInline, SectorInline, ComponentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Amounts are kept in the programme's currency: it is fixed once one is recorded."""
        fixed = obj is not None and Transaction.objects.filter(programme=obj).exists()
        return [*self.readonly_fields, "currency"] if fixed else list(self.readonly_fields)


class BudgetInline(admin.TabularInline):
    model = ComponentBudget
    extra = 0


@admin.register(Component)
class ComponentAdmin(FixedOnceMade, HistoryAdmin, TranslationAdmin):
    list_display = ["__str__", "programme"]
    list_filter = ["programme"]
    search_fields = ["title_en", "title_th", "programme__identifier"]
    list_select_related = ["programme"]
    inlines = [BudgetInline]

    fixed_once_made = ("programme",)  # its activities, money and results are its programme's


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["title", "component", "kind", "status", "start_planned", "end_planned"]
    list_filter = ["kind", "status", "component__programme"]
    search_fields = ["title_en", "title_th", "title_dz"]
    date_hierarchy = "start_planned"
    list_select_related = ["component"]
    raw_id_fields = ["area", "producer_groups", "products"]
    autocomplete_fields = ["component"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """An activity moves between the components of its own programme only: its money,
        people and identifier are that programme's."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "component" in form.base_fields:
            components = Component.objects.filter(programme_id=obj.component.programme_id)
            field = form.base_fields["component"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = components
        return form


@admin.register(ExchangeRate)
class ExchangeRateAdmin(HistoryAdmin):
    list_display = ["currency", "quote", "valid_from", "rate", "source"]
    list_filter = ["currency", "quote"]
    date_hierarchy = "valid_from"


class TransactionAdminForm(forms.ModelForm):
    """Converted into the programme's currency as the staff pages do it, errors on fields."""

    class Meta:
        model = Transaction
        fields = [
            "programme",
            "component",
            "activity",
            "kind",
            "date",
            "amount",
            "currency",
            "description",
            "provider",
            "receiver",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # a private hook of Django's forms, untyped
        if not self.errors:
            try:
                services.transaction_prepare(txn=self.instance)
            except ValidationError as exc:
                self.add_error(None, exc)


@admin.register(Transaction)
class TransactionAdmin(HistoryAdmin):
    form = TransactionAdminForm
    list_display = [
        "date",
        "kind",
        "programme",
        "component",
        "amount",
        "currency",
        "amount_in_programme_currency",
    ]
    list_filter = ["kind", "currency", "programme"]
    date_hierarchy = "date"
    readonly_fields = ["rate", "amount_in_programme_currency"]
    raw_id_fields = ["activity"]
    list_select_related = ["programme", "component"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "sex", "organisation", "producer_group"]
    list_filter = ["sex"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["producer_group", "user"]


@admin.register(Participant)
class ParticipantAdmin(HistoryAdmin):
    list_display = ["person", "activity", "role", "pre_score", "post_score"]
    list_filter = ["role"]
    search_fields = ["person__name", "activity__title_en"]
    raw_id_fields = ["activity", "person"]
    list_select_related = ["person", "activity"]


@admin.register(Mission)
class MissionAdmin(HistoryAdmin):
    list_display = ["person", "kind", "expertise", "start", "end", "report_submitted_on"]
    list_filter = ["kind"]
    search_fields = ["person__name", "expertise"]
    raw_id_fields = ["activity", "person", "host_group", "host_area"]
    list_select_related = ["person"]


@admin.register(Delivery)
class DeliveryAdmin(HistoryAdmin):
    list_display = ["item", "producer_group", "quantity", "unit", "value", "currency"]
    list_filter = ["currency", "in_use"]
    search_fields = ["item", "producer_group__name_en"]
    raw_id_fields = ["activity", "producer_group"]
    list_select_related = ["producer_group"]


@admin.register(PromotionItem)
class PromotionItemAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "programme", "published_on", "reach"]
    list_filter = ["kind", "programme"]
    search_fields = ["title_en", "title_th"]
    raw_id_fields = ["activity"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(BusinessPlan)
class BusinessPlanAdmin(HistoryAdmin):
    list_display = ["product", "version", "producer_group", "prepared_on", "price", "currency"]
    search_fields = ["product__code", "product__name_en", "producer_group__name_en"]
    readonly_fields = ["version"]
    raw_id_fields = ["producer_group", "product", "activity"]
    list_select_related = ["product", "producer_group"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.business_plan_save(plan=obj, user=signed_in(request))  # numbers the versions

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Earlier versions are kept as they were: only the latest is corrected."""
        return super().has_change_permission(request, obj) and (obj is None or _latest(obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or _latest(obj))


def _latest(plan: BusinessPlan) -> bool:
    later = BusinessPlan.objects.filter(product=plan.product_id, version__gt=plan.version)
    return not later.exists()


class VisitInline(admin.TabularInline):
    model = TwinningVisit
    extra = 0
    raw_id_fields = ["activity"]


@admin.register(Twinning)
class TwinningAdmin(HistoryAdmin):
    list_display = ["__str__", "programme", "started_on", "ended_on"]
    raw_id_fields = ["bhutan_group", "thai_group"]
    inlines = [VisitInline]


@admin.register(TwinningVisit)
class TwinningVisitAdmin(HistoryAdmin):
    list_display = ["twinning", "direction", "start", "end", "visitors"]
    list_filter = ["direction"]
    raw_id_fields = ["twinning", "activity"]
