"""Purchases, batches and a batch's trace through the API: purchases and batches with a token
(buying staff all, a producer their own groups'), a batch's trace for anyone."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ogop.accounts.api_auth import TokenAuth
from ogop.accounts.request_user import signed_in
from ogop.core.pagination import page
from ogop.producers.api import Message
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.supply import selectors, services
from ogop.supply.models import Batch, Purchase

router = Router(tags=["supply"])
Unit = Literal["kg", "l", "piece"]
Currency = Literal["THB", "BTN", "USD", "JPY"]


class PurchaseOut(Schema):
    id: int
    client_uuid: uuid.UUID
    group_code: str
    bought_on: dt.date
    product_code: str | None
    material: str
    grade: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    currency: str
    lot_code: str
    lot_left: Decimal
    is_illustrative: bool

    @staticmethod
    def resolve_group_code(obj: Purchase) -> str:
        return obj.group.code

    @staticmethod
    def resolve_product_code(obj: Purchase) -> str | None:
        return obj.product.code if obj.product else None

    @staticmethod
    def resolve_lot_code(obj: Purchase) -> str:
        return obj.lot.code

    @staticmethod
    def resolve_lot_left(obj: Purchase) -> Decimal:
        return obj.lot.left


class PurchasePage(Schema):
    items: list[PurchaseOut]
    next_cursor: str | None


class PurchaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    client_uuid: uuid.UUID = Field(
        ..., description="Made by the device: a purchase sent again with it is recorded once."
    )
    group_code: str = Field(..., max_length=40)
    bought_on: dt.date
    product_code: str | None = Field(None, max_length=40)
    material: str = Field("", max_length=120)
    grade: str = Field("", max_length=40)
    quantity: Decimal = Field(..., gt=0, max_digits=14, decimal_places=3)
    unit: Unit
    unit_price: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    currency: Currency = "BTN"
    note: str = Field("", max_length=300)


class BatchOut(Schema):
    id: int
    product_code: str
    code: str
    produced_on: dt.date
    best_before: dt.date | None
    quantity: int
    recalled_on: dt.date | None
    trace_path: str
    is_illustrative: bool

    @staticmethod
    def resolve_product_code(obj: Batch) -> str:
        return obj.product.code

    @staticmethod
    def resolve_trace_path(obj: Batch) -> str:
        return obj.trace_path()


class BatchPage(Schema):
    items: list[BatchOut]
    next_cursor: str | None


class LotOrigin(Schema):
    code: str
    bought_on: dt.date
    item: str


class Origin(Schema):
    group_code: str
    group_name: str
    gewog_code: str
    dzongkhag_code: str | None
    lots: list[LotOrigin]


class Trace(Schema):
    product_code: str
    product_name: str
    batch_code: str
    produced_on: dt.date
    best_before: dt.date | None
    recalled_on: dt.date | None
    recall_reason: str
    origins: list[Origin]


def _allowed(request: HttpRequest, perm: str) -> Any:
    user = signed_in(request)
    if not user.has_perm(perm):
        raise PermissionDenied
    return user


@router.get(
    "/purchases",
    response={200: PurchasePage, 403: Message},
    auth=TokenAuth(),
    operation_id="purchases_list",
)
def purchases_list(
    request: HttpRequest,
    group: str | None = Query(None, max_length=40, description="producer group code"),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    user = _allowed(request, "supply.view_purchase")
    purchases = selectors.purchase_list(user=user)
    if group:
        purchases = purchases.filter(group__code=group)
    items, next_cursor = page(purchases, cursor=cursor, limit=limit, key="pk")
    return {"items": items, "next_cursor": next_cursor}


@router.post(
    "/purchases",
    response={200: PurchaseOut, 201: PurchaseOut, 403: Message, 422: Message},
    auth=TokenAuth(),
    operation_id="purchases_create",
)
def purchases_create(request: HttpRequest, data: PurchaseIn) -> Status[Purchase]:
    """Record a purchase and its lot; sent again with the same client_uuid, the first is
    answered (200) and nothing more is recorded."""
    user = _allowed(request, "supply.add_purchase")
    group = ProducerGroup.objects.filter(code=data.group_code).first()
    if group is None:
        raise ValidationError({"group_code": _("Unknown producer group.")})
    product = None
    if data.product_code:
        product = Product.objects.filter(code=data.product_code).first()
        if product is None:
            raise ValidationError({"product_code": _("Unknown product.")})
    fields = data.model_dump(exclude={"group_code", "product_code"})
    purchase, made = services.purchase_record(group=group, product=product, user=user, **fields)
    return Status(201 if made else 200, purchase)


@router.get(
    "/batches",
    response={200: BatchPage, 403: Message},
    auth=TokenAuth(),
    operation_id="batches_list",
)
def batches_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    user = _allowed(request, "supply.view_batch")
    items, next_cursor = page(selectors.batch_list(user=user), cursor=cursor, limit=limit, key="pk")
    return {"items": items, "next_cursor": next_cursor}


@router.get("/01/{key}/10/{code}", response=Trace, operation_id="batches_trace")
def batches_trace(request: HttpRequest, key: str, code: str) -> dict[str, Any]:
    """Where a batch came from, by its label's address (GS1 Digital Link: the product's
    GTIN, or its code when it has none, and the batch's code)."""
    batch = selectors.batch_traced(key=key, code=code)
    return {
        "product_code": batch.product.code,
        "product_name": batch.product.name,
        "batch_code": batch.code,
        "produced_on": batch.produced_on,
        "best_before": batch.best_before,
        "recalled_on": batch.recalled_on,
        "recall_reason": batch.recall_reason,
        "origins": [
            {
                "group_code": origin.group.code,
                "group_name": origin.group.name,
                "gewog_code": origin.group.area.code,
                "dzongkhag_code": origin.group.area.parent.code
                if origin.group.area.parent
                else None,
                "lots": [
                    {
                        "code": lot.code,
                        "bought_on": lot.purchase.bought_on,
                        "item": lot.purchase.item,
                    }
                    for lot in origin.lots
                ],
            }
            for origin in selectors.batch_origins(batch)
        ],
    }
