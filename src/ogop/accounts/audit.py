"""The audit trail across the platform: every recorded change of a day, whatever its kind.

The history tables are written by the models' own saves (and by the bulk paths of imports);
the platform offers no way to edit them: they are not in the administration, and this page
only reads.

The kinds of record are those that keep history (django-simple-history's registry), so a model
given history is listed without being named here. A day's changes are one list, newest first,
read a page at a time: the history tables are merged in the database (UNION ALL of their date
and id), so a busy day costs a page, whatever its size; each page then reads its records kind
by kind, with the record before each change for its changed fields.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.models import registered_models

from ogop.accounts.roles import is_administrator
from ogop.core.history import CHANGE_TYPES, REASONS, FieldChange, changed_fields, readable

# Fields that name a record well enough in a list, in order of preference.
NAMING_FIELDS = ("code", "identifier", "username", "name", "title", "uuid")
PAGE_SIZE = 50
# How far up its parents (a score's round, a period's indicator) a record's page is looked for.
PARENT_DEPTH = 3


@dataclass(frozen=True)
class Change:
    when: dt.datetime
    who: Any
    what: str
    kind: str
    label: str
    record: str
    reason: str
    url: str  # the record's page, or its parent's; empty when it was deleted or has none
    changes: list[FieldChange]


@dataclass(frozen=True)
class DayOfChanges:
    day: dt.date
    counts: list[tuple[str, str, int]]  # (model label, verbose name plural, changes)
    page: Page
    total: int
    shown_model: str

    @property
    def changes(self) -> list[Change]:
        return list(self.page.object_list)


def audited_models(reader: Any = None) -> list[type[models.Model]]:
    """The models whose changes are kept, by their name in the reader's language. User
    accounts are for administrators only: other readers are not shown them."""
    kept = [model for model in registered_models.values() if hasattr(model, "history")]
    if reader is not None and not is_administrator(reader):
        from django.contrib.auth import get_user_model

        kept = [model for model in kept if model is not get_user_model()]
    return sorted(kept, key=lambda model: str(model._meta.verbose_name_plural))


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, start + dt.timedelta(days=1)


def _name(record: Any) -> str:
    for field in NAMING_FIELDS:
        value = getattr(record, field, None)
        if value:
            return str(value)
    return f"#{getattr(record, 'id', '')}"


def _page_of(obj: models.Model, reader: Any, depth: int = PARENT_DEPTH) -> str:
    """The record's own page; else its parent's (a score's round); else, for staff, its page
    in the administration; else none."""
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is not None:
        return str(get_url())
    if depth:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and not field.null:
                parent = getattr(obj, field.name)
                if url := _page_of(parent, reader, depth - 1):
                    return url
    if depth == PARENT_DEPTH and reader.is_staff and admin.site.is_registered(type(obj)):
        opts = obj._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            return ""
    return ""


def _changes_of_kind(model: type[models.Model], ids: list[int], reader: Any) -> dict[int, Change]:
    """The page's changes of one kind by history id: their records with who made them, the
    record before each change (for its changed fields), and the live records (for links)."""
    history = model.history  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up
    key = model._meta.pk.attname  # a stage's is its code
    earlier = history.filter(**{key: OuterRef(key)}).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    records = list(
        history.filter(history_id__in=ids)
        .select_related("history_user")
        .annotate(
            previous_id=Subquery(
                earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
            )
        )
    )
    previous = history.in_bulk(
        [record.previous_id for record in records if record.history_type == "~"]
    )
    live = model._default_manager.select_related().in_bulk(
        {getattr(record, key) for record in records}
    )
    raw = [changed_fields(record, previous.get(record.previous_id)) for record in records]
    shown = iter(readable(model, [change for changes in raw for change in changes]))
    kind = str(model._meta.verbose_name)
    changes = {}
    for record, fields in zip(records, raw, strict=True):
        obj = live.get(getattr(record, key))
        changes[record.history_id] = Change(
            when=record.history_date,
            who=record.history_user,
            what=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
            kind=kind,
            label=model._meta.label,
            record=_name(record),
            reason=str(
                REASONS.get(record.history_change_reason, record.history_change_reason or "")
            ),
            url=_page_of(obj, reader) if obj is not None else "",
            changes=[next(shown) for _field in fields],
        )
    return changes


def changes_on(
    day: dt.date, *, reader: Any, model_label: str = "", who: str = "", page: Any = 1
) -> DayOfChanges:
    """The changes recorded on `day` (in the programme's time zone) that `reader` may see,
    newest first, `PAGE_SIZE` a page, narrowed to a kind of record and to the person who made
    them: one query for the counts by kind, two for the page, and three a kind on the page."""
    start, end = _bounds(day)
    kinds = [
        model
        for model in audited_models(reader)
        if not model_label or model._meta.label == model_label
    ]

    def of_the_day(index: int, model: type[models.Model]) -> Any:
        records = model.history.filter(  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up
            history_date__gte=start, history_date__lt=end
        )
        if who:
            records = records.filter(history_user__username=who)
        return records.order_by().annotate(audit_kind=Value(index, IntegerField()))

    if not kinds:
        return DayOfChanges(day, [], Paginator([], PAGE_SIZE).page(1), 0, model_label)
    counts_by_kind = [
        of_the_day(index, model)
        .values("audit_kind")
        .annotate(n=Count("pk"))
        .values_list("audit_kind", "n")
        for index, model in enumerate(kinds)
    ]
    counted = dict(counts_by_kind[0].union(*counts_by_kind[1:], all=True))
    counts = [
        (model._meta.label, str(model._meta.verbose_name_plural), counted[index])
        for index, model in enumerate(kinds)
        if counted.get(index)
    ]
    listed = [
        of_the_day(index, model).values_list("audit_kind", "history_date", "history_id")
        for index, model in enumerate(kinds)
        if counted.get(index)
    ]
    merged: Any = []
    if listed:
        merged = (
            listed[0]
            .union(*listed[1:], all=True)
            .order_by("-history_date", "-audit_kind", "-history_id")
        )
    one_page = Paginator(merged, PAGE_SIZE).get_page(page)
    ids_by_kind: dict[int, list[int]] = defaultdict(list)
    for index, _when, history_id in one_page.object_list:
        ids_by_kind[index].append(history_id)
    found = {
        (index, history_id): change
        for index, ids in ids_by_kind.items()
        for history_id, change in _changes_of_kind(kinds[index], ids, reader).items()
    }
    one_page.object_list = [
        found[(index, history_id)] for index, _when, history_id in one_page.object_list
    ]
    return DayOfChanges(
        day=day,
        counts=counts,
        page=one_page,
        total=sum(count for _label, _name, count in counts),
        shown_model=model_label,
    )
