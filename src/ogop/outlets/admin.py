from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ogop.core.admin import HistoryAdmin
from ogop.outlets.models import Dispatch, Outlet, StockMove


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["code", "name", "kind", "city", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "city"]
    filter_horizontal = ["staff"]


@admin.register(Dispatch)
class DispatchAdmin(HistoryAdmin):
    list_display = ["pk", "source", "destination", "sent_on", "received_on"]
    list_filter = ["received_on"]
    # The stock follows from a dispatch's lines through the services: read only here.
    readonly_fields = ["source", "destination", "sent_on", "sent_by", "received_on"]
    readonly_fields += ["received_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StockMove)
class StockMoveAdmin(admin.ModelAdmin):
    list_display = ["on", "outlet", "batch", "kind", "quantity", "by"]
    list_filter = ["kind", "outlet"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
