from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ogop.core.admin import HistoryAdmin
from ogop.producers.models import ProducerGroup


@admin.register(ProducerGroup)
class ProducerGroupAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["code", "name", "kind", "area", "members_female", "members_male", "is_public"]
    list_filter = ["kind", "is_public", "area__country"]
    search_fields = ["code", "name_en", "name_th", "name_dz"]
    raw_id_fields = ["area"]
    filter_horizontal = ["representatives"]
