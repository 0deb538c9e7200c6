from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from ogop.accounts.request_user import signed_in
from ogop.core.admin import FixedOnceMade, HistoryAdmin
from ogop.products.models import Certification, Product, ProductPhoto, Stage, StageChange
from ogop.products.services import product_entered


class PhotoInline(admin.TabularInline):
    """Photos are added on the product's page, which strips what a camera records (the place
    it was taken, among others) and makes the thumbnails; here they can be removed."""

    model = ProductPhoto
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Product)
class ProductAdmin(FixedOnceMade, HistoryAdmin, TranslationAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "producer_group",
        "area",
        "stage",
        "is_flagship",
        "is_public",
    ]
    list_filter = ["category", "stage", "is_flagship", "is_public", "currency"]
    search_fields = ["code", "name_en", "name_th", "name_dz"]
    raw_id_fields = ["area", "producer_group"]
    list_select_related = ["producer_group", "area"]
    inlines = [PhotoInline, CertificationInline]

    # A product moves between stages on its page, where each move is recorded with its
    # reason: here it is given its first stage only.
    fixed_once_made = ("stage",)

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                product_entered(obj, user=signed_in(request))


@admin.register(Stage)
class StageAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["position", "code", "name", "is_active"]
    list_display_links = ["code"]
    ordering = ["position"]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        # Products and their history name stages: retire one by making it inactive.
        return False


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["product", "from_stage", "to_stage", "moved_on", "moved_by"]
    list_filter = ["to_stage"]
    search_fields = ["product__code", "product__name_en"]
    raw_id_fields = ["product"]
    list_select_related = ["product", "from_stage", "to_stage", "moved_by"]

    def has_add_permission(self, request: Any) -> bool:
        return False  # moves are made on the product's page, where the rules apply

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # the record of a product's development
