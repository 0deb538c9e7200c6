"""Every write to products: one function a use case, each in a transaction."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.bulk import large_page_cache
from ogop.core.concurrency import reload_locked
from ogop.core.field_rules import field_denied_message, fields_check
from ogop.core.images import make_thumbnail
from ogop.core.imports import (
    ImportRejected,
    ImportSummary,
    Progress,
    RowError,
    Written,
    check_rows,
    few_collections,
    read_import_file,
    upsert_by_code,
)
from ogop.core.signals import registry_changed
from ogop.places.selectors import area_codes_map
from ogop.producers.selectors import producer_group_codes_map
from ogop.products import imports
from ogop.products.models import (
    CODE_UNAVAILABLE,
    Certification,
    Product,
    ProductPhoto,
    Stage,
    StageChange,
)
from ogop.products.rules import FIELD_PERMS, product_fields_denied


def _save(product: Product, *, user: User) -> Product:
    product.full_clean()
    product._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
    product.save()
    return product


def product_fields_check(*, user: User, product: Product | None, fields: dict[str, Any]) -> None:
    """Refuse (403), naming it, a field the user's role may not set (products.rules)."""
    fields_check(user=user, model=Product, record=product, fields=fields, perms=FIELD_PERMS)


def _first_stage_code() -> str:
    first = Stage.objects.filter(is_active=True).values_list("code", flat=True).first()
    return first or Stage.IDEA


def product_entered(product: Product, *, user: User) -> None:
    """Record the stage a new product entered the registry at, when it is past the first."""
    if product.stage_id != _first_stage_code():
        StageChange.objects.create(
            product=product,
            from_stage_id=None,
            to_stage_id=str(product.stage_id),
            moved_on=timezone.localdate(),
            moved_by=user,
        )


@transaction.atomic
def product_create(*, user: User, photo: File | None = None, **fields: Any) -> Product:
    """Create a product; one entering the registry past the first stage has that step recorded.

    A producer adds products to its own groups only. A code taken is refused alike whether or
    not the user may see its product, so that the answer does not tell that it exists."""
    product = Product(**fields)
    if not user.has_perm("products.add_product", product):
        raise PermissionDenied
    if Product.objects.filter(code=product.code).exists():
        raise ValidationError({"code": CODE_UNAVAILABLE})
    product_fields_check(user=user, product=None, fields=fields)
    product = _save(product, user=user)
    product_entered(product, user=user)
    if photo is not None:
        product_photo_add(product=product, image=photo)
    return product


@transaction.atomic
def product_update(
    *, product: Product, user: User, photo: File | None = None, **fields: Any
) -> Product:
    """Change a product; a new stage is a move (see product_stage_move), dated today.

    The fields are set on the stored row, locked, so that a concurrent change to other
    fields is kept."""
    reload_locked(product)
    product_fields_check(user=user, product=product, fields=fields)
    stage = fields.pop("stage", None)
    for name, value in fields.items():
        setattr(product, name, value)
    _save(product, user=user)
    stage_code = stage.code if isinstance(stage, Stage) else stage
    if stage_code and stage_code != product.stage_id:
        product_stage_move(
            product=product, to_stage=stage_code, user=user, moved_on=timezone.localdate()
        )
        product.refresh_from_db(fields=["stage", "updated_at"])
    if photo is not None:
        product_photo_add(product=product, image=photo)
    return product


def _stage(value: Stage | str) -> Stage:
    if isinstance(value, Stage):
        return value
    stage = Stage.objects.filter(code=value).first()
    if stage is None:
        raise ValidationError({"to_stage": _("There is no stage “%(code)s”.") % {"code": value}})
    return stage


def product_stage_move(
    *,
    product: Product,
    to_stage: Stage | str,
    user: User,
    moved_on: dt.date,
    reason: str = "",
    helped_by: str = "",
    note: str = "",
) -> StageChange:
    """Move a product to another stage, recording when, by whom and why.

    A move back needs a reason; a move cannot be dated in the future, nor before the
    product's last move, so that the timeline reads in order.
    """
    reason, helped_by, note = reason.strip(), helped_by.strip(), note.strip()
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("stage").get(pk=product.pk)
        target = _stage(to_stage)
        current = product.stage
        errors: dict[str, str] = {}
        if target.code == current.code:
            errors["to_stage"] = _("The product is already at the stage %(stage)s.") % {
                "stage": target
            }
        elif not target.is_active:
            errors["to_stage"] = _("The stage %(stage)s is no longer in use.") % {"stage": target}
        elif target.position < current.position and not reason:
            errors["reason"] = _(
                "Moving the product back from %(current)s to %(target)s needs a reason."
            ) % {"current": current, "target": target}
        if moved_on > timezone.localdate():
            errors["moved_on"] = _("A move cannot be dated in the future.")
        last = product.stage_changes.order_by("-moved_on").values_list("moved_on", flat=True)
        if (last_on := last.first()) and moved_on < last_on:
            errors["moved_on"] = _(
                "The product's last move was on %(date)s: date this move on or after it."
            ) % {"date": last_on.isoformat()}
        if errors:
            raise ValidationError(errors)
        change = StageChange.objects.create(
            product=product,
            from_stage_id=current.code,
            to_stage_id=target.code,
            moved_on=moved_on,
            moved_by=user,
            reason=reason,
            helped_by=helped_by,
            note=note,
        )
        product.stage = target
        product._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        product.save(update_fields=["stage", "updated_at"])
    return change


def _certification_save(certification: Certification) -> Certification:
    certification.full_clean()
    certification.save()
    return certification


@transaction.atomic
def certification_create(*, product: Product, user: User, **fields: Any) -> Certification:
    return _certification_save(Certification(product=product, **fields))


@transaction.atomic
def certification_update(
    *, certification: Certification, user: User, **fields: Any
) -> Certification:
    for name, value in fields.items():
        setattr(certification, name, value)
    return _certification_save(certification)


@transaction.atomic
def certification_delete(*, certification: Certification, user: User) -> None:
    certification.delete()


def product_photo_add(*, product: Product, image: File, caption: str = "") -> ProductPhoto:
    """Add a photo that core.images.clean_image has checked and re-encoded."""
    position = product.photos.count()
    photo = ProductPhoto(product=product, caption=caption, position=position)
    photo.image.save(image.name or "photo", image, save=False)
    small = make_thumbnail(photo.image)
    photo.thumbnail.save(small.name or "thumbnail", small, save=False)
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


def _stored_stages(codes: list[str], batch_size: int = 500) -> dict[str, str]:
    """Product code -> stage code of the products already stored."""
    stored: dict[str, str] = {}
    for start in range(0, len(codes), batch_size):
        chunk = codes[start : start + batch_size]
        stored.update(Product.objects.filter(code__in=chunk).values_list("code", "stage_id"))
    return stored


def _backward_stage_errors(
    rows: list[tuple[int, dict[str, Any]]], stored: dict[str, str], stages: dict[str, Stage]
) -> list[RowError]:
    """A file cannot move a product back: that needs a reason, given on the product's page."""
    errors = []
    for number, values in rows:
        before = stored.get(values["code"])
        after = values["stage_id"]
        if before and before != after and stages[after].position < stages[before].position:
            errors.append(
                RowError(
                    row=number,
                    column="stage",
                    message=_(
                        "%(code)s is at the stage %(before)s: moving it back to %(after)s "
                        "needs a reason, so do it on the product's page."
                    )
                    % {"code": values["code"], "before": stages[before], "after": stages[after]},
                )
            )
    return errors


def _denied_field_errors(
    rows: list[tuple[int, dict[str, Any]]], stored: dict[str, str], *, user: User | None
) -> list[RowError]:
    """A file sets no field the user's role may not set, as on the pages and in the API."""
    if not product_fields_denied(user, None, ["stage"]):
        return []
    first = _first_stage_code()
    return [
        RowError(
            row=number,
            column="stage",
            message=field_denied_message(Product, "stage"),
        )
        for number, values in rows
        if values["stage_id"] != stored.get(values["code"], first)
    ]


def _record_imported_stage_changes(
    rows: list[tuple[int, dict[str, Any]]], stored: dict[str, str], *, user: User | None
) -> None:
    """One stage change for each product whose stage the file set or changed, in bulk."""
    first = _first_stage_code()
    codes = {
        values["code"]
        for _, values in rows
        if values["stage_id"] != stored.get(values["code"], first)
    }
    if not codes:
        return
    today = timezone.localdate()
    changes = []
    for start in range(0, len(codes), 500):
        chunk = sorted(codes)[start : start + 500]
        for pk, code, stage in Product.objects.filter(code__in=chunk).values_list(
            "pk", "code", "stage_id"
        ):
            changes.append(
                StageChange(
                    product_id=pk,
                    from_stage_id=stored.get(code),
                    to_stage_id=stage,
                    moved_on=today,
                    moved_by=user,
                )
            )
    StageChange.objects.bulk_create(changes, batch_size=500)


def products_import(
    *,
    data: bytes,
    user: User | None,
    progress: Progress | None = None,
    written: Written | None = None,
) -> ImportSummary:
    """Import a products file, all or nothing; re-importing updates by code. `progress` wraps
    the rows as they are checked, `written` is told as they are written (and may stop the
    import by raising: nothing is then written)."""
    with few_collections(), large_page_cache():
        return _products_import(data=data, user=user, progress=progress, written=written)


def _products_import(
    *, data: bytes, user: User | None, progress: Progress | None, written: Written | None
) -> ImportSummary:
    table = read_import_file(data, columns=imports.COLUMNS, required=imports.REQUIRED)
    areas = area_codes_map()
    areas_by_pk = {area.pk: area for area in areas.values()}
    lookups = imports.Lookups(
        areas=areas,
        areas_by_pk=areas_by_pk,
        groups=producer_group_codes_map(),
        flagships=dict(Product.objects.filter(is_flagship=True).values_list("area_id", "code")),
        stages=Stage.objects.in_bulk(field_name="code"),
    )
    rows = check_rows(table, form_class=imports.ProductRow, lookups=lookups, progress=progress)
    values = [
        (number, imports.row_values(cleaned, header=table.header)) for number, cleaned in rows
    ]
    if errors := _flagship_errors(values, lookups.flagships, areas_by_pk):
        raise ImportRejected(errors)
    stored = _stored_stages([values["code"] for _, values in values])
    for _number, row in values:
        if row["stage_id"] is None:  # an empty cell: a stored product keeps its stage
            row["stage_id"] = stored.get(row["code"], Stage.IDEA)
    if errors := _backward_stage_errors(values, stored, lookups.stages):
        raise ImportRejected(errors)
    if errors := _denied_field_errors(values, stored, user=user):
        raise ImportRejected(errors)
    try:
        with transaction.atomic():
            summary = upsert_by_code(Product, values, user=user, reason="import", written=written)
            _record_imported_stage_changes(values, stored, user=user)
            registry_changed.send(sender=Product, product_ids=summary.ids)
            if written is not None:
                written(0)  # the last chance to stop before the rows are committed
            return summary
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
