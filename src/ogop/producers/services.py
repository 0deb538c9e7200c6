"""Every write to producer groups: one function a use case, each in a transaction."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from ogop.accounts.models import User
from ogop.core.bulk import large_page_cache
from ogop.core.concurrency import reload_locked
from ogop.core.field_rules import field_denied_message, fields_check
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
from ogop.producers import imports
from ogop.producers.models import ProducerGroup
from ogop.producers.rules import FIELD_PERMS, group_fields_denied


def _save(group: ProducerGroup, *, user: User, reason: str = "") -> ProducerGroup:
    group.full_clean()
    group._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
    if reason:
        group._change_reason = reason  # type: ignore[attr-defined]  # simple_history reads it on save
    group.save()
    return group


def group_fields_check(*, user: User, group: ProducerGroup | None, fields: dict[str, Any]) -> None:
    """Refuse (403), naming it, a field the user's role may not set (producers.rules)."""
    fields_check(user=user, model=ProducerGroup, record=group, fields=fields, perms=FIELD_PERMS)


@transaction.atomic
def producer_group_create(
    *, user: User, representatives: Iterable[User] = (), **fields: Any
) -> ProducerGroup:
    group_fields_check(user=user, group=None, fields=fields)
    group = _save(ProducerGroup(**fields), user=user)
    if representatives:
        group.representatives.set(representatives)
    return group


@transaction.atomic
def producer_group_update(*, group: ProducerGroup, user: User, **fields: Any) -> ProducerGroup:
    """Change a group: the fields are set on the stored row, locked, so that a concurrent
    change to other fields is kept."""
    reload_locked(group)
    group_fields_check(user=user, group=group, fields=fields)
    for name, value in fields.items():
        setattr(group, name, value)
    return _save(group, user=user)


def producer_groups_import(
    *,
    data: bytes,
    user: User | None,
    progress: Progress | None = None,
    written: Written | None = None,
) -> ImportSummary:
    """Import a producer groups file, all or nothing; re-importing updates by code (see
    products_import for `progress` and `written`)."""
    if group_fields_denied(user, None, ["code"]):
        message = field_denied_message(ProducerGroup, "code")
        raise ImportRejected([RowError(row=None, column="code", message=message)])
    with few_collections(), large_page_cache():
        table = read_import_file(data, columns=imports.COLUMNS, required=imports.REQUIRED)
        rows = check_rows(
            table,
            form_class=imports.ProducerGroupRow,
            lookups=imports.Lookups(areas=area_codes_map()),
            progress=progress,
        )
        values = [
            (number, imports.row_values(cleaned, header=table.header)) for number, cleaned in rows
        ]
        with transaction.atomic():
            summary = upsert_by_code(
                ProducerGroup, values, user=user, reason="import", written=written
            )
            registry_changed.send(sender=ProducerGroup, group_ids=summary.ids)
            if written is not None:
                written(0)  # the last chance to stop before the rows are committed
            return summary
