"""Trade fairs, read-only: when and where, and the public products shown at each; and the
counter's endpoint, where a booth's cashier records sales."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny
from pydantic import StrictInt

from ogop.accounts.api_auth import CsrfRefused, SessionAuth
from ogop.accounts.request_user import signed_in
from ogop.core.json_errors import CSRF_REFUSED
from ogop.core.money import format_money
from ogop.core.pagination import page
from ogop.fairs import selectors, services
from ogop.fairs.models import Fair, PaymentMethod
from ogop.fairs.selectors import products_for_fair
from ogop.fairs.services import OutOfStock, SaleConflictError, SaleError

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
        products = products_for_fair(obj).public()
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
    items, next_cursor = page(Fair.objects.public(), cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/fairs/{code}", response=FairDetail, operation_id="fairs_get")
def fairs_get(request: HttpRequest, code: str) -> Fair:
    return get_object_or_404(Fair.objects.public(), code=code)


# The counter's sales ------------------------------------------------------------------------
#
# The counter's script (static/fairs/counter.js) sends each sale here, in the cashier's
# session and with the page's CSRF token; the route is served at the counter's own address,
# not under /api/v1/ (ogop.api assembles it). What makes a sale is checked once, by the
# service (services.sale_record); the schema only takes each value of its kind. Every refusal
# is JSON in the API's shape, its words chosen in one place (sale_refusal): {"detail": why,
# "code": what kind, "field": the value at fault, "stock": the exhibit's stock, when known}.

# The largest key the database holds (a 64-bit integer): a larger one names no exhibit.
LARGEST_KEY = 2**63 - 1


class SaleIn(Schema):
    """{"client_uuid": "…", "exhibit": 12, "quantity": 2, "unit_price": "90.00",
    "payment_method": "cash", "sold_at": "2017-12-17T10:15:00+07:00"}"""

    client_uuid: UUID
    exhibit: StrictInt = Field(gt=0, le=LARGEST_KEY)
    quantity: StrictInt
    unit_price: Decimal
    payment_method: str | None = None
    sold_at: dt.datetime | None = None


# What the counter is told when a value is missing or not of its kind, by field.
SALE_FIELD_ERRORS = {
    "client_uuid": gettext_lazy("The sale number is not a UUID."),
    "exhibit": gettext_lazy("This product is not exhibited at this booth."),
    "quantity": gettext_lazy("The quantity must be a whole number."),
    "unit_price": gettext_lazy("The price is not a number."),
    "payment_method": gettext_lazy("Unknown payment method."),
    "sold_at": gettext_lazy("The time of the sale is not a date and time."),
}


class SaleOut(Schema):
    client_uuid: UUID
    exhibit: int
    product: str
    quantity: int
    unit_price: Decimal
    total: Decimal
    total_display: str
    currency: str
    payment_method: str
    sold_at: dt.datetime
    oversold: bool
    stock: int
    receipt_url: str


class NotASale(Exception):
    """A body that cannot be a sale: not sent as JSON (415), not JSON (400), not an object
    (422)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SaleParser(Parser):
    """A sale's body: a JSON object, said to be JSON (Content-Type: application/json)."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        if request.content_type != "application/json":
            raise NotASale(415, _("Send the sale as JSON (Content-Type: application/json)."))
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise NotASale(400, _("The request is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise NotASale(422, _("The sale is not a JSON object."))
        return cast(DictStrAny, data)


counter_router = Router(auth=SessionAuth(), tags=["counter"])


@counter_router.post(
    "/fairs/{code}/booths/{booth}/sales/",
    response={200: SaleOut, 201: SaleOut},
    operation_id="fair_sale_record",
    url_name="fair_sale_record",
)
def fair_sale_record(
    request: HttpRequest, code: str, booth: str, sale: SaleIn
) -> Status[dict[str, Any]]:
    """Record one sale sent by the counter, once: 201 recorded now, 200 recorded before (the
    same sale sent again, answered with the first)."""
    fair = selectors.fair_for_user(user=request.user, code=code)
    found = selectors.booth_for_user(
        user=request.user, fair=fair, code=booth, perm="fairs.add_sale"
    )
    exhibit = (
        selectors.counter_exhibits(found).select_related("booth__fair").filter(pk=sale.exhibit)
    ).first()
    if exhibit is None:
        raise SaleError(_("This product is not exhibited at this booth."), field="exhibit")
    recorded, created = services.sale_record(
        exhibit=exhibit,
        quantity=sale.quantity,
        unit_price=sale.unit_price,
        client_uuid=sale.client_uuid,
        cashier=signed_in(request),
        payment_method=sale.payment_method or PaymentMethod.CASH,
        sold_at=sale.sold_at,
    )
    if not created:
        exhibit.refresh_from_db(fields=["stock"])
    answer = {
        "client_uuid": recorded.client_uuid,
        "exhibit": exhibit.pk,
        "product": exhibit.product.code,
        "quantity": recorded.quantity,
        "unit_price": recorded.unit_price,
        "total": recorded.total,
        "total_display": format_money(recorded.total, recorded.currency),
        "currency": recorded.currency,
        "payment_method": recorded.payment_method,
        "sold_at": recorded.sold_at,
        "oversold": recorded.oversold,
        "stock": exhibit.stock,
        "receipt_url": reverse("fair_sale_receipt", args=[fair.code, recorded.client_uuid]),
    }
    return Status(201 if created else 200, answer)


# Every refusal the counter's route makes (the parser's NotASale comes inside an HttpError).
SALE_REFUSALS: tuple[type[Exception], ...] = (
    SaleError,
    HttpError,
    RequestDataTooBig,
    ValidationError,
    AuthenticationError,
    CsrfRefused,
    PermissionDenied,
    Http404,
)


def sale_refusal(exc: Exception) -> tuple[int, dict[str, Any]]:
    """The status and the body of a refusal of the counter's route (one of SALE_REFUSALS)."""
    if isinstance(exc, HttpError) and isinstance(exc.__cause__, NotASale):
        exc = exc.__cause__  # the parser's refusal, as ninja passes it on
    match exc:
        case SaleConflictError():
            return 409, {"detail": exc.message, "code": exc.code}
        case SaleError():
            status = 409 if isinstance(exc, OutOfStock) else 422
            refusal = {"detail": exc.message, "code": exc.code, "field": exc.field}
            return status, refusal | ({"stock": exc.stock} if exc.stock is not None else {})
        case ValidationError():
            field = _field_at_fault(exc.errors)
            detail = SALE_FIELD_ERRORS.get(field, _("The sale is not a JSON object."))
            return 422, {"detail": str(detail), "code": "invalid", "field": field}
        case NotASale():
            return exc.status, {"detail": exc.message, "code": "invalid"}
        case RequestDataTooBig():
            return 413, {"detail": _("The request is too large for one sale."), "code": "invalid"}
        case AuthenticationError():
            return 401, {"detail": _("Log in again to send the sales."), "code": "login"}
        case CsrfRefused():
            return 403, {"detail": str(CSRF_REFUSED), "code": "csrf"}
        case PermissionDenied():
            return 403, {"detail": _("You may not sell at this booth."), "code": "forbidden"}
        case Http404():
            return 404, {"detail": _("This booth is not one of yours."), "code": "not_found"}
        case HttpError():
            return exc.status_code, {"detail": str(exc), "code": "invalid"}
    raise exc


def _field_at_fault(errors: list[dict[str, Any]]) -> str:
    """The first field of the sale that the schema refused ("" when the sale is not an
    object): its errors are placed at ("body", "sale", field, …)."""
    for error in errors:
        for part in error.get("loc", ()):
            if part in SALE_FIELD_ERRORS:
                return str(part)
    return ""
