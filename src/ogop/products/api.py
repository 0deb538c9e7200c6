"""Products: read by anyone (public products) or by role with a token; written with one."""

from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ogop.accounts.api_auth import TokenAuth, caller
from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import etag_send, if_match
from ogop.core.pagination import page
from ogop.producers.api import Message, area_by_code
from ogop.producers.models import ProducerGroup
from ogop.products import services
from ogop.products.models import Product, Stage
from ogop.products.selectors import product_for_user, products_filtered

router = Router(tags=["products"])
Category = Literal["food", "beverage", "textile", "household", "herbal"]
Currency = Literal["THB", "BTN", "USD", "JPY"]


class ProductOut(Schema):
    code: str
    name: str
    name_en: str | None
    name_th: str | None
    name_dz: str | None
    description: str
    category: str
    producer_group_code: str
    area_code: str
    price: Decimal | None
    currency: str
    unit: str
    stage: str
    stars: int | None
    is_flagship: bool
    is_public: bool
    is_illustrative: bool = Field(description="Made-up demo data, not a real product.")

    @staticmethod
    def resolve_producer_group_code(obj: Product) -> str:
        return obj.producer_group.code

    @staticmethod
    def resolve_area_code(obj: Product) -> str:
        return obj.area.code

    @staticmethod
    def resolve_stage(obj: Product) -> str:
        return str(obj.stage_id)


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: str | None


class ProductPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name_en: str | None = Field(None, min_length=1, max_length=200)
    name_th: str | None = Field(None, max_length=200)
    name_dz: str | None = Field(None, max_length=200)
    description_en: str | None = Field(None, max_length=10_000)
    description_th: str | None = Field(None, max_length=10_000)
    description_dz: str | None = Field(None, max_length=10_000)
    category: Category | None = None
    area_code: str | None = Field(None, max_length=20)
    price: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: Currency | None = None
    unit: str | None = Field(None, max_length=40)
    stage: str | None = Field(None, max_length=20)
    is_flagship: bool | None = None
    is_public: bool | None = None


class ProductIn(ProductPatch):
    code: str = Field(..., min_length=1, max_length=40)
    name_en: str = Field(..., min_length=1, max_length=200)
    category: Category
    producer_group_code: str = Field(..., max_length=40)


def _fields(data: Schema) -> dict[str, Any]:
    fields = data.model_dump(exclude_unset=True)
    if "area_code" in fields:
        fields["area"] = area_by_code(fields.pop("area_code"))
    if "stage" in fields:
        stage = Stage.objects.filter(code=fields["stage"]).first()
        if stage is None:
            raise ValidationError(
                {"stage": _("Unknown stage “%(code)s”.") % {"code": fields["stage"]}}
            )
        fields["stage"] = stage
    return fields


@router.get("/products", response=ProductPage, operation_id="products_list")
def products_list(
    request: HttpRequest,
    q: str | None = Query(None, max_length=200),
    category: Category | None = None,
    stage: str | None = Query(None, max_length=20),
    area: str | None = Query(None, max_length=20, description="area code; its whole subtree"),
    producer_group: str | None = Query(None, max_length=40, description="producer group code"),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    products = products_filtered(
        Product.objects.public_or_visible_to(caller(request)).select_related(
            "producer_group", "area"
        ),
        q=q or "",
        category=category or "",
        stage=stage or "",
        area=area,
        producer_group=producer_group,
    )
    items, next_cursor = page(products, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/products/{code}", response=ProductOut, operation_id="products_get")
def products_get(request: HttpRequest, code: str, response: HttpResponse) -> Product:
    products = Product.objects.public_or_visible_to(caller(request))
    product = products.select_related("producer_group", "area").filter(code=code).first()
    if product is None:
        raise Http404
    etag_send(response, product)
    return product


@router.post(
    "/products",
    response={201: ProductOut, 403: Message, 422: Message},
    auth=TokenAuth(),
    operation_id="products_create",
)
def products_create(request: HttpRequest, data: ProductIn) -> Status[Product]:
    user = signed_in(request)
    if not user.has_perm("products.add_product"):
        raise PermissionDenied
    # A group the user may not read is unknown, as one that does not exist: the answer does
    # not tell that it exists (nor does the one about a code taken: see product_create).
    groups = ProducerGroup.objects.public_or_visible_to(user).select_related("area")
    group = groups.filter(code=data.producer_group_code).first()
    if group is None:
        raise ValidationError({"producer_group_code": _("Unknown producer group.")})
    fields = _fields(data)
    fields.pop("producer_group_code")
    fields.setdefault("area", group.area)
    fields.setdefault("name", fields["name_en"])
    product = services.product_create(user=user, producer_group=group, **fields)
    return Status(201, product)


@router.patch(
    "/products/{code}",
    response={200: ProductOut, 403: Message, 404: Message, 412: Message, 422: Message},
    auth=TokenAuth(),
    operation_id="products_update",
)
def products_update(
    request: HttpRequest, code: str, data: ProductPatch, response: HttpResponse
) -> Product:
    product = product_for_user(user=request.user, code=code, perm="products.change_product")
    with if_match(request, product):
        product = services.product_update(product=product, user=signed_in(request), **_fields(data))
    etag_send(response, product)
    return product
