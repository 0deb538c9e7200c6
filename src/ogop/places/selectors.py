"""Reads of the area registry shared by pages, imports and reports."""

from typing import Any

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ogop.places.models import Area


def area_children(*, country: str, parent: Area | None) -> QuerySet[Area]:
    """The areas directly under `parent`, or a country's top level, ordered by name."""
    areas = Area.objects.filter(country=country)
    areas = areas.filter(parent=parent) if parent else areas.filter(level=1)
    return areas.order_by("name_en")


def area_ancestors(area: Area) -> list[Area]:
    """From the top level down to the area's parent, in one query."""
    codes = area.ancestor_codes
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def area_codes_map() -> dict[str, Area]:
    """Every area by its code, for imports that resolve thousands of codes at once."""
    return {area.code: area for area in Area.objects.all()}


def subtree(area: Area) -> QuerySet[Area]:
    """The area and every area under it, by materialised path."""
    return Area.objects.filter(path__startswith=area.path)


def count_in_subtree(queryset: QuerySet[Any]) -> Coalesce:
    """For annotating areas: how many rows of `queryset` (records with an `area`) lie in
    each area's subtree. One correlated COUNT, whatever the number of areas."""
    counts = (
        queryset.filter(area__path__startswith=OuterRef("path"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
