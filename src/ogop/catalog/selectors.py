"""Reads of the public catalog: only public products of public producer groups."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from ogop.catalog.models import EntryKind, SearchEntry
from ogop.places.maps import MapPoint, bhutan_points
from ogop.places.models import Area
from ogop.places.selectors import area_children, child_path, in_subtree
from ogop.producers.models import ProducerGroup
from ogop.products.models import Category, Product, ProductPhoto


def _with_card_data(products: QuerySet[Product]) -> QuerySet[Product]:
    """What a product card shows: group, gewog, dzongkhag and the first photo, in two queries."""
    return products.select_related("producer_group", "area__parent").prefetch_related(
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "pk"))
    )


def public_product(code: str) -> Product:
    product = _with_card_data(Product.objects.public()).filter(code=code).first()
    if product is None:
        raise Http404
    return product


def public_group(code: str) -> ProducerGroup:
    group = ProducerGroup.objects.public().select_related("area__parent").filter(code=code).first()
    if group is None:
        raise Http404
    return group


def group_products(group: ProducerGroup) -> QuerySet[Product]:
    return _with_card_data(Product.objects.public().filter(producer_group=group)).order_by(
        "name_en"
    )


def featured_products(limit: int = 8) -> QuerySet[Product]:
    """Flagship products, one a gewog, the most advanced first."""
    return _with_card_data(Product.objects.public().filter(is_flagship=True)).order_by(
        "-stage", "name_en"
    )[:limit]


@dataclass(frozen=True)
class CatalogNumbers:
    products: int
    groups: int
    gewogs: int
    dzongkhags: int
    by_category: list[tuple[str, str, int]]


def catalog_numbers() -> CatalogNumbers:
    products = Product.objects.public()
    counts = dict(products.order_by().values_list("category").annotate(n=Count("pk")))
    return CatalogNumbers(
        products=products.count(),
        groups=products.order_by().values("producer_group").distinct().count(),
        gewogs=products.order_by().values("area").distinct().count(),
        dzongkhags=products.order_by().values("area__parent").distinct().count(),
        by_category=[
            (value, str(label), counts.get(value, 0)) for value, label in Category.choices
        ],
    )


def public_product_counts(parent: Area | None) -> dict[str, int]:
    """The number of public products under each area directly below `parent` (or under each
    top-level area), by that area's path.

    One GROUP BY over the search index, covered by its (kind, area_path) index: the index
    holds exactly the public products, each with its area's path, kept in step with the
    registry (catalog.indexing), and the pages list their products from it too.
    """
    entries = SearchEntry.objects.filter(kind=EntryKind.PRODUCT)
    if parent:
        entries = entries.filter(in_subtree("area_path", parent.path))
    rows = (
        entries.annotate(child=child_path("area_path", parent))
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
        .values_list("child", "n")
    )
    return dict(rows)


def areas_with_public_counts(*, country: str, parent: Area | None) -> list[Area]:
    """The areas directly under `parent` (or a country's top level), by name, each with its
    number of public products as `product_count`: two queries, whatever the registry's size."""
    counts = public_product_counts(parent)
    areas = list(area_children(country=country, parent=parent))
    for area in areas:
        area.product_count = counts.get(area.path, 0)  # type: ignore[attr-defined]  # an attribute set for the template
    return areas


def bhutan_map(areas: list[Area]) -> list[MapPoint]:
    """Dzongkhags on Bhutan's schematic map; the circle's area grows with the number of
    public products."""
    return bhutan_points(areas, lambda area: 6 + 4 * (getattr(area, "product_count", 0) ** 0.5))


def browse_entries(
    *, category: str = "", area_path: str = "", min_stars: int = 0, kind: str = ""
) -> QuerySet[SearchEntry]:
    """Public entries by filters alone (no words typed), best known first."""
    entries = SearchEntry.objects.filter(kind=kind or EntryKind.PRODUCT)
    if category:
        entries = entries.filter(category=category)
    if area_path:
        entries = entries.filter(in_subtree("area_path", area_path))
    if min_stars:
        entries = entries.filter(stars__gte=min_stars)
    return entries.order_by("-is_flagship", "-stars", "name_en", "pk")


# An area page names this many of its producer groups; a dzongkhag may have hundreds.
AREA_GROUPS = 60


def area_groups(area: Area) -> tuple[list[ProducerGroup], int]:
    """The public producer groups in the area's subtree, by name (at most AREA_GROUPS), and
    how many more there are: from the search index, as the area's products are."""
    entries = browse_entries(area_path=area.path, kind=EntryKind.PRODUCER_GROUP).order_by(
        "name_en", "pk"
    )
    codes = list(entries.values_list("code", flat=True)[: AREA_GROUPS + 1])
    groups = groups_by_codes(codes[:AREA_GROUPS])
    more = entries.count() - AREA_GROUPS if len(codes) > AREA_GROUPS else 0
    return [groups[code] for code in codes[:AREA_GROUPS] if code in groups], more


def products_by_entries(codes: list[str]) -> dict[str, Product]:
    return {p.code: p for p in _with_card_data(Product.objects.public().filter(code__in=codes))}


def illustrative_entries(entries: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those of the search entries, (kind, code), that are made-up demo records."""
    products = [code for kind, code in entries if kind == EntryKind.PRODUCT]
    groups = [code for kind, code in entries if kind == EntryKind.PRODUCER_GROUP]
    found: set[tuple[str, str]] = set()
    for kind, model, codes in (
        (EntryKind.PRODUCT, Product, products),
        (EntryKind.PRODUCER_GROUP, ProducerGroup, groups),
    ):
        if codes:
            made_up = model.objects.filter(code__in=codes, is_illustrative=True)
            found.update((kind, code) for code in made_up.values_list("code", flat=True))
    return found


def groups_by_codes(codes: list[str]) -> dict[str, ProducerGroup]:
    return {
        g.code: g
        for g in ProducerGroup.objects.public()
        .select_related("area__parent")
        .filter(code__in=codes)
    }


def product_structured_data(product: Product, request: Any) -> dict[str, Any]:
    """schema.org Product data (JSON-LD) for the product's public page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "sku": product.code,
        # The page's canonical address: in the language it is read in.
        "url": request.build_absolute_uri(f"{request.path}?lang={get_language()}"),
        "category": product.get_category_display(),
        "brand": {"@type": "Organization", "name": product.producer_group.name},
        "countryOfOrigin": product.area.country,
    }
    if product.description:
        data["description"] = product.description
    photos = list(product.photos.all())
    if photos:
        data["image"] = [request.build_absolute_uri(photo.image.url) for photo in photos]
    if product.price is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": str(product.price),
            "priceCurrency": product.currency,
        }
    return data


def public_products_at_fair(fair: Any) -> QuerySet[Product]:
    """The public products exhibited at the fair, each with its price there as `fair_price`
    (in the fair's currency; the lowest where booths differ), not its catalogue price."""
    from ogop.fairs.selectors import fair_prices

    return _with_card_data(
        Product.objects.public()
        .annotate(fair_price=fair_prices(fair))
        .filter(fair_price__isnull=False)
    ).order_by("name_en")
