"""Every write to products: one function a use case, each in a transaction."""

from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ogop.core.imports import (
    ImportRejected,
    ImportSummary,
    Progress,
    RowError,
    check_rows,
    read_import_file,
    upsert_by_code,
)
from ogop.places.selectors import area_codes_map
from ogop.producers.selectors import producer_group_codes_map
from ogop.products import imports
from ogop.products.models import Product, ProductPhoto


def _save(product: Product, *, user: Any) -> Product:
    product.full_clean()
    product._history_user = user  # type: ignore[attr-defined]
    product.save()
    return product


@transaction.atomic
def product_create(*, user: Any, photo: File | None = None, **fields: Any) -> Product:
    product = _save(Product(**fields), user=user)
    if photo is not None:
        product_photo_add(product=product, image=photo)
    return product


@transaction.atomic
def product_update(
    *, product: Product, user: Any, photo: File | None = None, **fields: Any
) -> Product:
    for name, value in fields.items():
        setattr(product, name, value)
    _save(product, user=user)
    if photo is not None:
        product_photo_add(product=product, image=photo)
    return product


def product_photo_add(*, product: Product, image: File, caption: str = "") -> ProductPhoto:
    """Add a photo that core.images.clean_image has checked and re-encoded."""
    position = product.photos.count()
    photo = ProductPhoto(product=product, caption=caption, position=position)
    photo.image.save(image.name or "photo", image, save=False)
    photo.save()
    return photo


def _flagship_errors(
    rows: list[tuple[int, dict[str, Any]]], flagships: dict[int, str], areas: dict[int, Any]
) -> list[RowError]:
    """A gewog has one flagship product, counting those already stored and those in the file."""
    in_file = {values["code"] for _, values in rows}
    holders = {area: code for area, code in flagships.items() if code not in in_file}
    errors = []
    for number, values in rows:
        if not values["is_flagship"]:
            continue
        holder = holders.setdefault(values["area_id"], values["code"])
        if holder != values["code"]:
            errors.append(
                RowError(
                    row=number,
                    column="flagship",
                    message=_("%(area)s already has a flagship product: %(code)s.")
                    % {"area": areas[values["area_id"]].name, "code": holder},
                )
            )
    return errors


def products_import(*, data: bytes, user: Any, progress: Progress | None = None) -> ImportSummary:
    """Import a products file, all or nothing; re-importing updates by code."""
    table = read_import_file(data, columns=imports.COLUMNS, required=imports.REQUIRED)
    areas = area_codes_map()
    areas_by_pk = {area.pk: area for area in areas.values()}
    lookups = imports.Lookups(
        areas=areas,
        areas_by_pk=areas_by_pk,
        groups=producer_group_codes_map(),
        flagships=dict(Product.objects.filter(is_flagship=True).values_list("area_id", "code")),
    )
    rows = check_rows(table, form_class=imports.ProductRow, lookups=lookups, progress=progress)
    values = [(number, imports.row_values(cleaned)) for number, cleaned in rows]
    if errors := _flagship_errors(values, lookups.flagships, areas_by_pk):
        raise ImportRejected(errors)
    try:
        with transaction.atomic():
            return upsert_by_code(Product, values, user=user, reason="import")
    except IntegrityError as exc:
        raise ImportRejected(
            [
                RowError(
                    row=None,
                    column="",
                    message=_("The file conflicts with stored data: %(error)s") % {"error": exc},
                )
            ]
        ) from exc
