"""Trade fairs, read-only: when and where, and the public products shown at each."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from ogop.core.pagination import page
from ogop.fairs.models import Fair
from ogop.fairs.selectors import products_for_fair

router = Router(tags=["fairs"])


class FairOut(Schema):
    code: str
    name: str
    theme: str
    organiser: str
    venue: str
    city: str
    country: str
    starts_on: dt.date
    ends_on: dt.date
    currency: str


class FairDetail(FairOut):
    product_codes: list[str]

    @staticmethod
    def resolve_product_codes(obj: Fair) -> list[str]:
        products = products_for_fair(obj).filter(is_public=True, producer_group__is_public=True)
        return list(products.values_list("code", flat=True))


class FairPage(Schema):
    items: list[FairOut]
    next_cursor: str | None


@router.get("/fairs", response=FairPage, operation_id="fairs_list")
def fairs_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, object]:
    items, next_cursor = page(Fair.objects.all(), cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/fairs/{code}", response=FairDetail, operation_id="fairs_get")
def fairs_get(request: HttpRequest, code: str) -> Fair:
    return get_object_or_404(Fair, code=code)
