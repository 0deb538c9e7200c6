from django.contrib import admin

from ogop.catalog.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["words"]
    search_fields = ["words"]
