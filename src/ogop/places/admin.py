from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from ogop.places.models import Area


@admin.register(Area)
class AreaAdmin(TranslationAdmin):
    list_display = ["code", "name", "kind", "country", "parent"]
    list_filter = ["country", "kind"]
    search_fields = ["code", "name_en", "name_th", "name_dz"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]

    def get_readonly_fields(self, request: HttpRequest, obj: Area | None = None) -> list[str]:
        """An area's place in the tree is given when it is made: moving it would leave its path,
        and the paths under it, telling another place."""
        if obj is None:
            return list(self.readonly_fields)
        return [*self.readonly_fields, "code", "parent", "country", "level", "kind"]
