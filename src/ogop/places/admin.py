from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ogop.core.admin import FixedOnceMade
from ogop.places.models import Area


@admin.register(Area)
class AreaAdmin(FixedOnceMade, TranslationAdmin):
    list_display = ["code", "name", "kind", "country", "parent"]
    list_filter = ["country", "kind"]
    search_fields = ["code", "name_en", "name_th", "name_dz"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]

    # An area's place in the tree: moving it would leave its path, and the paths under it,
    # telling another place.
    fixed_once_made = ("code", "parent", "country", "level", "kind")
