"""The registry by area, for staff: each area with the producer groups and products in it.

A page of three apps (places, producers, products), so it is a face over them, as the
public catalog's browsing by area is."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from rules.contrib.views import permission_required

from ogop.places.models import Area, Country
from ogop.places.selectors import area_ancestors
from ogop.producers.selectors import producer_group_list
from ogop.products.selectors import areas_with_counts, product_list


@login_required
@permission_required("places.view_area", raise_exception=True)
def area_list(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", Country.BHUTAN)
    if country not in Country.values:
        country = Country.BHUTAN
    areas = areas_with_counts(user=request.user, country=country, parent=None)
    context = {"areas": areas, "country": country, "countries": Country.choices}
    return render(request, "reports/area_list.html", context)


@login_required
@permission_required("places.view_area", raise_exception=True)
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=code)
    user = request.user
    context = {
        "area": area,
        "ancestors": area_ancestors(area),
        "children": areas_with_counts(user=user, country=area.country, parent=area),
        "groups": producer_group_list(user=user, area=area)[:100],
        "products": product_list(user=user, area=area)[:100],
    }
    return render(request, "reports/area_detail.html", context)
