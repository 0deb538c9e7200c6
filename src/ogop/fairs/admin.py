from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ogop.fairs.models import Fair


@admin.register(Fair)
class FairAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "name", "city", "starts_on", "ends_on"]
    search_fields = ["code", "name_en", "name_th"]
