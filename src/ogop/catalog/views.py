"""The public catalog: no login, small pages, only public products and groups."""

from collections import Counter
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ogop.catalog import search as catalog_search
from ogop.catalog import selectors
from ogop.catalog.backends import Filters
from ogop.catalog.cache import cached_page
from ogop.catalog.forms import SearchForm
from ogop.catalog.models import EntryKind
from ogop.fairs.models import Fair
from ogop.fairs.selectors import fairs_of_product
from ogop.places.maps import MAP_SIZE
from ogop.places.models import Area, Country
from ogop.places.selectors import area_ancestors
from ogop.supply.selectors import batch_origins, batch_traced

PAGE_SIZE = 24


@cached_page()
def home(request: HttpRequest) -> HttpResponse:
    dzongkhags = selectors.areas_with_public_counts(country=Country.BHUTAN, parent=None)
    context = {
        "numbers": selectors.catalog_numbers(),
        "featured": selectors.featured_products(),
        "map_points": selectors.bhutan_map(dzongkhags),
        "map_size": MAP_SIZE,
        "form": SearchForm(),
    }
    return render(request, "catalog/home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """One box for products and producer groups in any language, with filters; with no words
    typed, the filters alone browse the catalog."""
    form = SearchForm(request.GET or None)
    filters = (
        form.filters()
        if request.GET
        else {"q": "", "category": "", "area_path": "", "min_stars": 0}
    )
    q = str(filters.pop("q"))
    planned = catalog_search.plan(q)
    context: dict[str, Any] = {"form": form, "q": q, "terms": planned}
    if q:
        hits = (
            catalog_search.find(planned, limit=catalog_search.MAX_LIMIT, filters=Filters(**filters))
            if planned
            else []
        )
        if not hits:
            context["did_you_mean"] = catalog_search.did_you_mean(q)
        products = selectors.products_by_entries(
            [h.code for h in hits if h.kind == EntryKind.PRODUCT]
        )
        groups = selectors.groups_by_codes(
            [h.code for h in hits if h.kind == EntryKind.PRODUCER_GROUP]
        )
        context["results"] = [
            products.get(h.code) if h.kind == EntryKind.PRODUCT else groups.get(h.code)
            for h in hits
        ]
        context["results"] = [r for r in context["results"] if r is not None]
    elif any(filters.values()):
        page = Paginator(selectors.browse_entries(**filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        products = selectors.products_by_entries([e.code for e in page])
        context["page"] = page
        context["results"] = [products[e.code] for e in page if e.code in products]
    partial = "catalog/_results.html"
    return render(
        request, partial if getattr(request, "htmx", False) else "catalog/search.html", context
    )


def suggest(request: HttpRequest) -> HttpResponse:
    """The list under the search box as the reader types: the first results, or "did you
    mean" when there are none."""
    q = request.GET.get("q", "")[: SearchForm.MAX_LENGTH].strip()
    hits = catalog_search.suggestions(q) if q else []
    context = {
        "q": q,
        "suggestions": hits,
        "did_you_mean": catalog_search.did_you_mean(q) if q and not hits else "",
        "terms": catalog_search.plan(q),
    }
    return render(request, "catalog/_suggestions.html", context)


@cached_page("country")
def browse(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", Country.BHUTAN)
    if country not in Country.values:
        country = Country.BHUTAN
    areas = selectors.areas_with_public_counts(country=country, parent=None)
    context = {
        "areas": areas,
        "country": country,
        "countries": Country.choices,
        "map_points": selectors.bhutan_map(areas) if country == Country.BHUTAN else [],
        "map_size": MAP_SIZE,
    }
    return render(request, "catalog/browse.html", context)


@cached_page("page")
def browse_area(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=code)
    entries = selectors.browse_entries(area_path=area.path)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    products = selectors.products_by_entries([e.code for e in page])
    groups, more_groups = selectors.area_groups(area)
    context = {
        "area": area,
        "ancestors": area_ancestors(area),
        "children": selectors.areas_with_public_counts(country=area.country, parent=area),
        "groups": groups,
        "more_groups": more_groups,
        "page": page,
        "results": [products[e.code] for e in page if e.code in products],
    }
    return render(request, "catalog/area.html", context)


@cached_page()
def product(request: HttpRequest, code: str) -> HttpResponse:
    """A product's public page, with structured data for search engines."""
    product = selectors.public_product(code)
    return render(
        request,
        "catalog/product.html",
        {
            "product": product,
            "photos": list(product.photos.all()),
            "certifications": product.certifications.all(),
            "fairs": fairs_of_product(product),
            "structured": selectors.product_structured_data(product, request),
        },
    )


def batch_trace(request: HttpRequest, key: str, code: str) -> HttpResponse:
    """The page a batch's label opens: the product, the batch, and where it came from (its
    groups, their gewogs on the map). Not kept in the page cache: a recall shows at once."""
    batch = batch_traced(key=key, code=code)
    origins = batch_origins(batch)
    dzongkhags = selectors.areas_with_public_counts(country=Country.BHUTAN, parent=None)
    came_from = Counter((origin.group.area.parent or origin.group.area).pk for origin in origins)
    for dzongkhag in dzongkhags:
        dzongkhag.product_count = came_from.get(dzongkhag.pk, 0)  # type: ignore[attr-defined]  # the map's circles count the batch's groups here
    context = {
        "batch": batch,
        "product": batch.product,
        "origins": origins,
        "certifications": batch.product.certifications.all(),
        "map_points": selectors.bhutan_map(dzongkhags) if came_from else [],
        "map_size": MAP_SIZE,
        "map_title": _("The dzongkhags the batch came from"),
    }
    return render(request, "catalog/batch.html", context)


@cached_page()
def fair(request: HttpRequest, code: str) -> HttpResponse:
    """A fair's public page: when and where, and the public products shown there."""
    fair = get_object_or_404(Fair.objects.public(), code=code)
    context = {"fair": fair, "results": selectors.public_products_at_fair(fair)}
    return render(request, "catalog/fair.html", context)


@cached_page()
def group(request: HttpRequest, code: str) -> HttpResponse:
    group = selectors.public_group(code)
    context = {"group": group, "results": selectors.group_products(group)}
    return render(request, "catalog/group.html", context)
