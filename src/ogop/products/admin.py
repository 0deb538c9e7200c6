from typing import Any

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ogop.products.models import Certification, Product, ProductPhoto, Stage, StageChange


class PhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin, TranslationAdmin):
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


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin, TranslationAdmin):
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
