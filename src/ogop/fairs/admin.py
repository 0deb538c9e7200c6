from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ogop.fairs.models import Booth, BuyerLead, Exhibit, Fair, Restock, Sale, SaleConflict


@admin.register(Fair)
class FairAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "name", "city", "starts_on", "ends_on", "currency"]
    search_fields = ["code", "name_en", "name_th"]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "fair", "pavilion_country"]
    list_filter = ["fair"]
    search_fields = ["code", "name"]
    filter_horizontal = ["producer_groups", "cashiers"]


@admin.register(Exhibit)
class ExhibitAdmin(SimpleHistoryAdmin):
    list_display = ["product", "booth", "fair_price", "min_price", "opening_stock", "stock"]
    list_filter = ["booth__fair"]
    search_fields = ["product__code", "booth__code"]
    raw_id_fields = ["product", "booth"]
    # Stock moves only through sales, voids and restocks (see fairs.services).
    readonly_fields = ["stock"]
    list_select_related = ["product", "booth"]


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
class SaleAdmin(SimpleHistoryAdmin, NoDeleteAdmin):
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
class BuyerLeadAdmin(SimpleHistoryAdmin):
    list_display = ["buyer_name", "company", "country", "fair", "status"]
    list_filter = ["fair", "status"]
    search_fields = ["buyer_name", "company"]
    filter_horizontal = ["products"]
