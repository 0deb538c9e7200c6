"""Reads of the area registry shared by pages, imports and reports."""

import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, StrIndex, Substr

from ogop.core.bulk import chunks
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


PREFIXES_A_QUERY = 500  # SQLite refuses an expression of more than 1,000 terms


def areas_under(area_ids: Iterable[int]) -> list[int]:
    """The ids of these areas and of every area under any of them: one prefix test for each
    area that is not under another of them, a few hundred tests a query."""
    tops: list[str] = []
    for path in sorted(Area.objects.filter(pk__in=list(area_ids)).values_list("path", flat=True)):
        if not tops or not path.startswith(tops[-1]):  # sorted, a subtree's paths follow its top's
            tops.append(path)
    found: list[int] = []
    for some in chunks(tops, PREFIXES_A_QUERY):
        tests = reduce(operator.or_, (Q(path__startswith=top) for top in some))
        found += Area.objects.filter(tests).values_list("pk", flat=True)
    return found


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


def in_subtree(field: str, path: str) -> Q:
    """For filtering records by a materialised path `field`: those in the subtree at `path`.

    On SQLite, whose LIKE no index serves, as the range of paths that begin with `path`
    (paths compare byte by byte there), which an index on `field` does serve.
    """
    if connection.vendor == "sqlite" and path:
        after = path[:-1] + chr(ord(path[-1]) + 1)  # above every text that begins with `path`
        return Q(**{f"{field}__gte": path, f"{field}__lt": after})
    return Q(**{f"{field}__startswith": path})


def child_path(field: str, parent: Area | None) -> Substr:
    """For grouping records by area: the path of the area directly under `parent` (or of the
    top-level area) whose subtree holds each record's materialised path `field`.

    Only meaningful for paths inside `parent`'s subtree (filter them first); a path equal to
    `parent`'s own yields `parent.path`, which is no child's.
    """
    if parent is None:
        return Substr(field, 1, StrIndex(field, Value("/")))
    start = len(parent.path)
    return Substr(field, 1, StrIndex(Substr(field, start + 1), Value("/")) + start)


def area_search(q: str) -> QuerySet[Area]:
    """Areas whose code or name (in any language) starts with or contains what was typed."""
    return (
        Area.objects.filter(
            Q(code__istartswith=q)
            | Q(name_en__icontains=q)
            | Q(name_th__icontains=q)
            | Q(name_dz__icontains=q)
        )
        .select_related("parent")
        .order_by("country", "-level", "name_en")
    )


def area_label(area: Area) -> str:
    """'Soe, Thimphu': the area's name with its parent's, to tell apart areas of one name."""
    return f"{area.name}, {area.parent.name}" if area.parent else area.name
