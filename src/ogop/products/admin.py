from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ogop.products.models import Certification, Product, ProductPhoto


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
