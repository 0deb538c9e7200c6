"""Areas, read-only: Bhutan's dzongkhags and gewogs, Thailand's provinces, amphoe and tambon."""

from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from ogop.core.pagination import page
from ogop.places.models import Area

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    name: str
    name_en: str
    name_th: str | None
    name_dz: str | None
    kind: str
    level: int
    country: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Area) -> str | None:
        return obj.parent.code if obj.parent else None


class AreaPage(Schema):
    items: list[AreaOut]
    next_cursor: str | None


@router.get("/areas", response=AreaPage, operation_id="areas_list")
def areas_list(
    request: HttpRequest,
    country: Literal["BT", "TH"] | None = None,
    level: int | None = Query(None, ge=1, le=3),
    parent: str | None = Query(None, max_length=20, description="code of the parent area"),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, object]:
    """Areas by code, filtered by country, level or parent."""
    areas = Area.objects.select_related("parent")
    if country:
        areas = areas.filter(country=country)
    if level:
        areas = areas.filter(level=level)
    if parent:
        areas = areas.filter(parent__code=parent)
    items, next_cursor = page(areas, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/areas/{code}", response=AreaOut, operation_id="areas_get")
def areas_get(request: HttpRequest, code: str) -> Area:
    return get_object_or_404(Area.objects.select_related("parent"), code=code)
