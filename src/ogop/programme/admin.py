from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from ogop.programme.models import Component, Participation, Programme


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class ComponentInline(TranslationTabularInline):
    model = Component
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["identifier", "title", "status", "start_planned", "end_planned"]
    list_filter = ["status"]
    search_fields = ["identifier", "title_en", "title_th"]
    inlines = [ParticipationInline, ComponentInline]
