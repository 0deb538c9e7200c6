"""Reads of products, and of areas with their numbers of groups and products."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from ogop.accounts.models import User
from ogop.places.models import Area
from ogop.places.selectors import area_children, count_in_subtree
from ogop.producers.models import ProducerGroup
from ogop.products.models import Certification, Product, ProductPhoto, Stage, StageChange


def code_or_name_holds(q: str) -> Q:
    """Products whose code or name, in any of the three languages, holds `q`."""
    return (
        Q(code__icontains=q)
        | Q(name_en__icontains=q)
        | Q(name_th__icontains=q)
        | Q(name_dz__icontains=q)
    )


def product_list(
    *,
    user: User | AnonymousUser,
    q: str = "",
    category: str = "",
    stage: str = "",
    area: Area | None = None,
    producer_group: ProducerGroup | None = None,
    is_flagship: bool | None = None,
    is_public: bool | None = None,
    has_photo: bool | None = None,
) -> QuerySet[Product]:
    products = with_expired_flag(
        Product.objects.visible_to(user).select_related(
            "producer_group", "area", "area__parent", "stage"
        )
    )
    return products_filtered(
        products,
        q=q,
        category=category,
        stage=stage,
        area=area,
        producer_group=producer_group,
        is_flagship=is_flagship,
        is_public=is_public,
        has_photo=has_photo,
    ).order_by("name_en", "pk")


def products_filtered(
    products: QuerySet[Product],
    *,
    q: str = "",
    category: str = "",
    stage: str = "",
    area: Area | str | None = None,
    producer_group: ProducerGroup | str | None = None,
    is_flagship: bool | None = None,
    is_public: bool | None = None,
    has_photo: bool | None = None,
) -> QuerySet[Product]:
    """The products that pass a list's filters, for the registry's pages and the API alike.
    An area or a group may be given by its code (an unknown one leaves no product)."""
    if q:
        products = products.filter(code_or_name_holds(q))
    if category:
        products = products.filter(category=category)
    if stage:
        products = products.filter(stage=stage)
    if isinstance(area, Area):
        products = products.filter(area__path__startswith=area.path)
    elif area:
        path = Area.objects.filter(code=area).values("path")[:1]
        products = products.filter(area__path__startswith=path)
    if isinstance(producer_group, ProducerGroup):
        products = products.filter(producer_group=producer_group)
    elif producer_group:
        products = products.filter(producer_group__code=producer_group)
    if is_flagship is not None:
        products = products.filter(is_flagship=is_flagship)
    if is_public is not None:
        products = products.filter(is_public=is_public)
    if has_photo is not None:
        products = products.filter(_has_photo() if has_photo else ~_has_photo())
    return products


def with_expired_flag(
    products: QuerySet[Product], today: dt.date | None = None
) -> QuerySet[Product]:
    """Products annotated with `has_expired_certification`, in the same query."""
    expired = Certification.objects.filter(
        product=OuterRef("pk"), valid_until__lt=today or timezone.localdate()
    )
    return products.annotate(has_expired_certification=Exists(expired))


def expired_certifications(
    *, user: User | AnonymousUser, today: dt.date | None = None
) -> QuerySet[Certification]:
    """The certifications past their end date of the products the user may see."""
    return certifications_ending_before(user=user, day=today or timezone.localdate())


def certifications_ending_before(
    *, user: User | AnonymousUser, day: dt.date
) -> QuerySet[Certification]:
    """The certifications of the products the user may see that end before `day` (those
    already expired included), the soonest first."""
    return (
        Certification.objects.filter(
            product__in=Product.objects.visible_to(user), valid_until__lt=day
        )
        .select_related("product")
        .order_by("valid_until", "pk")
    )


def _has_photo() -> Exists:
    return Exists(ProductPhoto.objects.filter(product=OuterRef("pk")))


def with_photo_flag(products: QuerySet[Product]) -> QuerySet[Product]:
    """Products annotated with `has_photo`, in the same query."""
    return products.annotate(has_photo=_has_photo())


def stage_timeline(product: Product) -> QuerySet[StageChange]:
    """The product's development, oldest step first."""
    return product.stage_changes.select_related("from_stage", "to_stage", "moved_by").order_by(
        "moved_on", "pk"
    )


def stages_in_order(*, active_only: bool = True) -> list[Stage]:
    stages = Stage.objects.all()
    return list(stages.filter(is_active=True) if active_only else stages)


def next_stage(stage: Stage, stages: list[Stage]) -> Stage | None:
    """The stage after `stage` among `stages` (in order), if any."""
    later = [s for s in stages if s.position > stage.position]
    return later[0] if later else None


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    next_stage: Stage | None
    products: list[Product]
    total: int


def stage_board(
    *,
    user: User | AnonymousUser,
    area: Area | None = None,
    category: str = "",
    producer_group: ProducerGroup | None = None,
    per_stage: int = 30,
) -> list[BoardColumn]:
    """Products per active stage, up to `per_stage` of each with the total: three queries."""
    products = Product.objects.visible_to(user)
    if area is not None:
        products = products.filter(area__path__startswith=area.path)
    if category:
        products = products.filter(category=category)
    if producer_group is not None:
        products = products.filter(producer_group=producer_group)
    stages = stages_in_order()
    totals = dict(products.order_by().values_list("stage_id").annotate(n=Count("pk")))
    ranked = (
        products.select_related("producer_group", "area", "area__parent")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("stage_id"), order_by=[F("name_en"), F("pk")])
        )
        .filter(rank__lte=per_stage)
        .order_by("name_en", "pk")
    )
    by_stage: dict[str, list[Product]] = {}
    for product in ranked:
        by_stage.setdefault(str(product.stage_id), []).append(product)
    return [
        BoardColumn(
            stage=stage,
            next_stage=next_stage(stage, stages),
            products=by_stage.get(stage.code, []),
            total=totals.get(stage.code, 0),
        )
        for stage in stages
    ]


def product_for_user(*, user: User | AnonymousUser, code: str, perm: str) -> Product:
    """The product if the user may `perm` it: 404 when they may not see it, 403 when only seeing."""
    product = (
        Product.objects.select_related("producer_group", "area", "area__parent", "stage")
        .filter(code=code)
        .first()
    )
    if product is None or not user.has_perm("products.view_product", product):
        raise Http404
    if not user.has_perm(perm, product):
        raise PermissionDenied
    return product


def photo_for_user(*, user: User | AnonymousUser, name: str) -> ProductPhoto:
    """The photo whose picture or thumbnail is the stored file `name`, if the user may see it:
    everyone may see a public product's photos (a public product of a public group, as in
    the catalog); others only those who may see the product. 404 otherwise, as for a file
    that does not exist, so that an unpublished product's photos are not said to exist."""
    public = Product.objects.public().filter(pk=OuterRef("product"))
    photo = (
        ProductPhoto.objects.select_related("product")
        .annotate(product_is_public=Exists(public))
        .filter(Q(image=name) | Q(thumbnail=name))
        .first()
    )
    if photo is None:
        raise Http404
    if not photo_is_public(photo) and not user.has_perm("products.view_product", photo.product):
        raise Http404
    return photo


def photo_is_public(photo: ProductPhoto) -> bool:
    """Whether everyone may see the photo, fetched by photo_for_user: its product is in the
    public catalog."""
    return bool(photo.product_is_public)  # type: ignore[attr-defined]  # an annotation


def areas_with_counts(
    *, user: User | AnonymousUser, country: str, parent: Area | None
) -> QuerySet[Area]:
    """The areas under `parent` (or a country's top level), each with the numbers of
    producer groups and products the user may see in its whole subtree: one query."""
    return area_children(country=country, parent=parent).annotate(
        group_count=count_in_subtree(ProducerGroup.objects.visible_to(user)),
        product_count=count_in_subtree(Product.objects.visible_to(user)),
    )


def registry_totals(*, user: User | AnonymousUser) -> dict[str, Any]:
    """The registry in numbers, for an officer's home: two queries."""
    products = Product.objects.visible_to(user).aggregate(
        products=Count("pk"), flagships=Count("pk", filter=Q(is_flagship=True))
    )
    return {"groups": ProducerGroup.objects.visible_to(user).count(), **products}
