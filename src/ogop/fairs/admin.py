from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from ogop.accounts.request_user import signed_in
from ogop.core.admin import FixedOnceMade, HistoryAdmin
from ogop.fairs.models import Booth, BuyerLead, Exhibit, Fair, Restock, Sale, SaleConflict
from ogop.fairs.services import exhibit_create, exhibit_update, fair_save


@admin.register(Fair)
class FairAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["code", "name", "city", "starts_on", "ends_on", "currency"]
    search_fields = ["code", "name_en", "name_th"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        # A fair's sales are in its currency (Fair.clean): fixed once there is one.
        return [*fields, "currency"] if obj is not None and obj.has_sales() else fields

    def save_model(self, request: HttpRequest, obj: Fair, form: Any, change: bool) -> None:
        fair_save(fair=obj, user=signed_in(request))  # a fair moved to another time zone recounts


@admin.register(Booth)
class BoothAdmin(FixedOnceMade, admin.ModelAdmin):
    list_display = ["code", "name", "fair", "pavilion_country"]
    list_filter = ["fair"]
    search_fields = ["code", "name"]
    filter_horizontal = ["producer_groups", "cashiers"]

    fixed_once_made = ("fair",)  # a booth's sales are counted at its fair


@admin.register(Exhibit)
class ExhibitAdmin(FixedOnceMade, HistoryAdmin):
    list_display = ["product", "booth", "fair_price", "min_price", "opening_stock", "stock"]
    list_filter = ["booth__fair"]
    search_fields = ["product__code", "booth__code"]
    raw_id_fields = ["product", "booth"]
    # Stock moves only through sales, voids, restocks and corrections of the opening stock,
    # all in fairs.services.
    readonly_fields = ["stock"]
    list_select_related = ["product", "booth"]

    # What an exhibit is (a product at a booth): its sales and their counts belong to it.
    fixed_once_made = ("booth", "product", "is_illustrative")

    def save_model(self, request: HttpRequest, obj: Exhibit, form: Any, change: bool) -> None:
        if change:
            saved = exhibit_update(
                exhibit=obj,
                fair_price=obj.fair_price,
                min_price=obj.min_price,
                opening_stock=obj.opening_stock,
            )
        else:
            saved = exhibit_create(
                booth=obj.booth,
                product=obj.product,
                fair_price=obj.fair_price,
                min_price=obj.min_price,
                opening_stock=obj.opening_stock,
                is_illustrative=obj.is_illustrative,
            )
        obj.pk, obj.stock = saved.pk, saved.stock
        obj._state.adding = False


class NoDeleteAdmin(admin.ModelAdmin):
    """Records that are evidence: never deleted, not even here."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Restock)
class RestockAdmin(NoDeleteAdmin):
    list_display = ["exhibit", "quantity", "at", "by"]
    list_select_related = ["exhibit__product", "exhibit__booth", "by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Sale)
class SaleAdmin(HistoryAdmin, NoDeleteAdmin):
    """Read only: sales are recorded at the counter and voided on their receipt page."""

    list_display = [
        "client_uuid",
        "exhibit",
        "quantity",
        "total",
        "sold_at",
        "cashier",
        "voided_at",
    ]
    list_filter = ["exhibit__booth__fair", "payment_method", "oversold"]
    search_fields = ["client_uuid", "exhibit__product__code"]
    list_select_related = ["exhibit__product", "exhibit__booth", "cashier"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SaleConflict)
class SaleConflictAdmin(NoDeleteAdmin):
    list_display = ["client_uuid", "reason", "received_at", "sent_by"]
    readonly_fields = ["client_uuid", "sale", "payload", "reason", "received_at", "sent_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(BuyerLead)
class BuyerLeadAdmin(HistoryAdmin):
    list_display = ["buyer_name", "company", "country", "fair", "status"]
    list_filter = ["fair", "status"]
    search_fields = ["buyer_name", "company"]
    filter_horizontal = ["products"]
