from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ogop.places.models import Area


@admin.register(Area)
class AreaAdmin(TranslationAdmin):
    list_display = ["code", "name", "kind", "country", "parent"]
    list_filter = ["country", "kind"]
    search_fields = ["code", "name_en", "name_th", "name_dz"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
