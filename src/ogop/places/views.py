"""Pages of the area registry: the suggestions behind every area field.

The area pages, which list what the registry holds in an area, read producer groups and
products, apps above places: they are in reports (reports/area_views.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rules.contrib.views import permission_required

from ogop.core.views import suggest_query
from ogop.places import selectors


@login_required
@permission_required("places.view_area", raise_exception=True)
def area_suggest(request: HttpRequest) -> HttpResponse:
    q = suggest_query(request)
    areas = selectors.area_search(q)[:20] if q else []
    options = [(area.code, selectors.area_label(area)) for area in areas]
    return render(request, "core/_options.html", {"options": options})
