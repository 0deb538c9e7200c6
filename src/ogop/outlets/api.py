"""Outlets and their stock through the API, with a token: managers every outlet, an outlet's
staff their own."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from ogop.accounts.api_auth import TokenAuth
from ogop.accounts.request_user import signed_in
from ogop.outlets import selectors
from ogop.producers.api import Message

router = Router(tags=["outlets"])


class OutletOut(Schema):
    code: str
    name: str
    kind: str
    city: str
    country: str
    currency: str
    is_active: bool
    units: int
    is_illustrative: bool


class StockOut(Schema):
    product_code: str
    batch_code: str
    produced_on: dt.date
    best_before: dt.date | None
    recalled: bool
    quantity: int


def _viewer(request: HttpRequest) -> Any:
    user = signed_in(request)
    if not user.has_perm("outlets.view_outlet"):
        raise PermissionDenied
    return user


@router.get(
    "/outlets",
    response={200: list[OutletOut], 403: Message},
    auth=TokenAuth(),
    operation_id="outlets_list",
)
def outlets_list(request: HttpRequest) -> Any:
    """The outlets the token's user sees, each with the units it holds."""
    return list(selectors.outlet_list(user=_viewer(request)))


@router.get(
    "/outlets/{code}/stock",
    response={200: list[StockOut], 403: Message, 404: Message},
    auth=TokenAuth(),
    operation_id="outlets_stock",
)
def outlets_stock(request: HttpRequest, code: str) -> Any:
    """What the outlet holds, batch by batch, oldest best-before first."""
    outlet = selectors.outlet_for_user(user=_viewer(request), code=code)
    return [
        {
            "product_code": stock.batch.product.code,
            "batch_code": stock.batch.code,
            "produced_on": stock.batch.produced_on,
            "best_before": stock.batch.best_before,
            "recalled": stock.batch.recalled,
            "quantity": stock.quantity,
        }
        for stock in selectors.stock_by_batch(outlet)
    ]
