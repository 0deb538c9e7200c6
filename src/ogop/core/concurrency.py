"""Versions of edited records, so that a save made from a stale copy is refused, never lost.

A record's version is the id of its latest history record: django-simple-history writes one
for every save of every model that keeps history, whoever saves it (a form, the API, an import,
the administration), so no column has to be added and kept in step. The few edited models
without history (booths, certifications) fall back to the time of their last save.

A page that edits rows with its record (a formset's) gives `versioned` those rows too, and its
version is composite: the record's, then each set of rows' (`Rows`: the latest history record
among them, a deleted row's included), so it moves when another person adds, changes or deletes
one of them, and the conflict lists those row changes. A page of rows alone (an assessor's
score sheet) has the rows' version only.

Forms carry the version they were opened at in a hidden input (`versioned`). Their save runs
inside `unchanged_since_opened`, which locks the row and refuses the save (`EditConflict`, a
ValidationError, so the form shows it like any other) when the version has moved: it names who
changed which field since, with their value and the person's own, and folds into the form the
changes the person did not touch, so that saving again ("keep mine") keeps both.

The API sends the version as an `ETag` (`etag_send`; a digest of it, so that it tells nothing
of how many changes the platform has seen) and honours `If-Match` (`if_match`): a
stale one is refused (`VersionMismatch`, answered 412). Without If-Match the write still runs
on the locked row, so two writes of different fields both survive.
"""

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.http.request import QueryDict
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.core.history import (
    CHANGE_TYPES,
    FieldChange,
    changed_fields,
    readable,
    shown_value,
)

M = TypeVar("M", bound=models.Model)
VERSION_INPUT = "edit_version"  # the hidden input's name, with the form's prefix
PART_SEPARATOR = "/"  # between the record's version and its rows' in a composite version


@dataclass(frozen=True)
class Difference:
    """A field someone else changed since the form was opened: their value, and the person's."""

    field: str
    theirs: Any
    yours: Any
    yours_kept: bool  # the person changed it too; False: they did not, and theirs is kept


@dataclass(frozen=True)
class RowChange:
    """A row edited with the record that someone else added, changed or deleted since."""

    who: str
    when: Any
    kind: str  # what kind of row: its model's name
    row: str
    what: str  # created, changed or deleted
    changes: list[FieldChange]


@dataclass(frozen=True)
class Conflict:
    who: str
    when: Any
    differences: list[Difference]
    rows: list[RowChange] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Rows:
    """Rows edited with a record, or alone: those of `model` whose `parent` field holds `of`,
    narrowed by `where`. Their model keeps history, which records deletions too."""

    model: type[models.Model]
    parent: str
    of: models.Model
    where: dict[str, Any] = dataclasses.field(default_factory=dict)

    def history(self) -> Any:
        if not _has_history(self.model):
            raise TypeError(f"{self.model.__name__} keeps no history")
        return self.model.history.filter(**{self.parent: self.of.pk}, **self.where)  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up


def _rows(child: Any) -> Rows:
    """Rows as given, or an inline formset's: its model's rows of its record."""
    return child if isinstance(child, Rows) else Rows(child.model, child.fk.name, child.instance)


class EditConflict(ValidationError):
    """A form's save refused because the record changed since the form was opened."""

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(
            gettext_lazy(
                "%(who)s changed this record since you opened it, so it was not saved. "
                "Compare the values below, then save again to keep yours, or reload the "
                "form to take theirs."
            ),
            code="stale",
            params={"who": conflict.who},
        )
        self.conflict = conflict


class VersionMismatch(Exception):
    """An API write whose If-Match names a version the record no longer has (`current`: the
    ETag it has)."""

    def __init__(self, current: str) -> None:
        super().__init__(
            _(
                "The record changed since the version you sent in If-Match: read it again "
                "(its ETag is now %(etag)s), then send your change with that ETag."
            )
            % {"etag": current}
        )
        self.current = current


def _has_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def record_version(obj: models.Model) -> str:
    """The record's version: its latest history record's id, or its last save's time."""
    if _has_history(type(obj)):
        latest = obj.history.order_by("-history_id").values_list("history_id", flat=True)  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up
        return str(latest.first() or 0)
    updated_at = getattr(obj, "updated_at", None)
    if updated_at is None:
        raise TypeError(f"{type(obj).__name__} keeps neither history nor updated_at")
    return updated_at.isoformat()


def rows_version(rows: Rows) -> str:
    """The rows' version: the id of the latest history record among them (0: none yet)."""
    latest = rows.history().order_by("-history_id").values_list("history_id", flat=True)
    return str(latest.first() or 0)


def _version(instance: models.Model | None, rows: list[Rows]) -> str | None:
    """A form's version: its record's, then its rows'; None for a record not yet saved."""
    if instance is not None and instance.pk is None:
        return None
    parts = [record_version(instance)] if instance is not None else []
    parts += [rows_version(each) for each in rows if each.of.pk is not None]
    return PART_SEPARATOR.join(parts) or None


def locked(obj: M) -> M:
    """The record as stored, its row locked until the current transaction ends."""
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


def reload_locked(obj: M) -> M:
    """The object itself, its fields read again from its row, locked until the current
    transaction ends: a read-modify-write that sets some fields keeps the others' stored
    values, whatever another request saved since the object was read."""
    obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    return obj


# Forms


def versioned(form: forms.BaseForm, *, children: Iterable[Any] = ()) -> Any:
    """The form, carrying the version of its record and of the rows edited with it (inline
    formsets or `Rows`; None, a formset the page does not have, is left out): the version it
    was opened at when bound."""
    form.edit_rows = [_rows(child) for child in children if child is not None]  # type: ignore[attr-defined]  # the version check's state, carried on the form
    if form.is_bound:
        version = form.data.get(form.add_prefix(VERSION_INPUT)) or None
    else:
        version = _version(getattr(form, "instance", None), form.edit_rows)  # type: ignore[attr-defined]  # the version check's state, carried on the form
    form.edit_version = version  # type: ignore[attr-defined]  # the version check's state, carried on the form
    form.edit_version_input = form.add_prefix(VERSION_INPUT)  # type: ignore[attr-defined]  # the version check's state, carried on the form
    form.edit_conflict = None  # type: ignore[attr-defined]  # the version check's state, carried on the form
    return form


def opened_stale(form: forms.BaseForm) -> bool:
    """Whether the record or its rows have changed since this versioned form was opened."""
    opened = getattr(form, "edit_version", None)
    now = _version(getattr(form, "instance", None), getattr(form, "edit_rows", []))
    return opened is not None and now is not None and opened != now


@contextmanager
def unchanged_since_opened(form: forms.BaseForm) -> Iterator[None]:
    """Run the form's save in a transaction on the locked row (and the rows' parents), or
    refuse it (EditConflict) when the record or its rows have changed since the form was
    opened. A form sent without a version (not opened from one of our pages) is saved on the
    locked row unchecked."""
    instance = getattr(form, "instance", None)
    with transaction.atomic():
        stored = locked(instance) if instance is not None and instance.pk is not None else None
        for each in getattr(form, "edit_rows", []):
            if each.of.pk is not None and each.of is not instance:
                locked(each.of)
        if (conflict := _stale(form, stored)) is not None:
            raise conflict
        yield


def show_if_stale(form: forms.BaseForm) -> None:
    """A page sent back but not saved for another reason shows what changed since it was
    opened, too: a row another person deleted since leaves its formset row invalid."""
    if not form.is_bound or getattr(form, "edit_conflict", None) is not None:
        return
    form.is_valid()  # the person's values, for the comparison
    instance = getattr(form, "instance", None)
    stored = None
    if instance is not None and instance.pk is not None:
        stored = type(instance)._base_manager.get(pk=instance.pk)
    if (conflict := _stale(form, stored)) is not None:
        form.add_error(None, conflict)


def _stale(form: forms.BaseForm, stored: models.Model | None) -> EditConflict | None:
    """The conflict of a form opened before its record (as `stored`) or its rows changed,
    shown on the form, which now carries the current version; None when it is not stale."""
    if getattr(form, "instance", None) is not None and stored is None:
        return None  # a new record
    rows = getattr(form, "edit_rows", [])
    opened = getattr(form, "edit_version", None)
    now = _version(stored, rows)
    if opened is None or now is None or opened == now:
        return None
    conflict = _conflict(form, stored, rows, opened)
    form.edit_version = now  # type: ignore[attr-defined]  # the version check's state, carried on the form
    form.edit_conflict = conflict  # type: ignore[attr-defined]  # the version check's state, carried on the form
    return EditConflict(conflict)


def save_unless_stale(form: forms.BaseForm, *savers: Callable[[], Any]) -> Any:
    """Run the savers (the form's, then those of its formsets) by `unchanged_since_opened`:
    what the first returns, or None, the conflict shown on the form, when it was stale."""
    try:
        with unchanged_since_opened(form):
            results = [save() for save in savers]
    except EditConflict as exc:
        form.add_error(None, exc)
        return None
    return results[0]


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _name(user: Any) -> str:
    return str(user) if user is not None else _("system")


def _conflict(
    form: forms.BaseForm, current: models.Model | None, rows: list[Rows], opened: str
) -> Conflict:
    """What changed since `opened` (a composite version: the record's, then its rows')."""
    parts = opened.split(PART_SEPARATOR)
    differences: list[Difference] = []
    newer: list[Any] = []
    if current is not None:
        differences, newer = _record_changes(form, current, parts.pop(0))
    changed_rows = [
        change
        for each, since in zip(rows, parts + ["0"] * len(rows), strict=False)
        for change in _row_changes(each, since)
    ]
    names = [_name(record.history_user) for record in newer]
    names += [change.who for change in changed_rows]
    times = [record.history_date for record in newer] + [change.when for change in changed_rows]
    if not times and current is not None:
        times = [getattr(current, "updated_at", None)]
    return Conflict(
        who=", ".join(dict.fromkeys(names)) or _("Someone"),
        when=max(times, default=None),
        differences=differences,
        rows=changed_rows,
    )


def _row_changes(rows: Rows, since: str) -> list[RowChange]:
    """The rows' history records newer than `since`, oldest first, as a reader wants them."""
    after = int(since) if since.isdigit() else 0
    records = rows.history().filter(history_id__gt=after).select_related("history_user")
    changes = []
    for record in records.order_by("history_id"):
        previous = record.prev_record if record.history_type == "~" else None
        delta = changed_fields(record, previous)
        changes.append(
            RowChange(
                who=_name(record.history_user),
                when=record.history_date,
                kind=str(rows.model._meta.verbose_name),
                row=str(record.instance),
                what=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                changes=readable(rows.model, delta),
            )
        )
    return changes


def _record_changes(
    form: forms.BaseForm, current: models.Model, opened: str
) -> tuple[list[Difference], list[Any]]:
    """What changed in the record since `opened`, and the history records that changed it:
    fields the person did not touch take the stored value in the form; the others keep the
    person's value. Both are listed."""
    model = type(current)
    base = None
    newer: list[Any] = []
    # A history id is a 64-bit integer: a longer "version" is no version of ours (and Python
    # refuses to read an integer of thousands of digits).
    if _has_history(model) and opened.isdigit() and len(opened) <= 19:
        history = current.history.select_related("history_user")  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up
        base_record = history.filter(history_id=int(opened)).first()
        base = base_record.instance if base_record is not None else None
        newer = list(history.filter(history_id__gt=int(opened)).order_by("history_id"))
    cleaned = getattr(form, "cleaned_data", {})
    changes: list[tuple[str, Any, Any]] = []
    kept: list[bool] = []
    taken: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name not in form.fields or field.name not in cleaned:
            continue
        if isinstance(field, models.FileField):
            continue
        theirs = field.value_from_object(current)
        yours = _comparable(cleaned[field.name])
        before = field.value_from_object(base) if base is not None else None
        if base is not None and theirs == before:
            continue  # only the person changed it, if anyone did
        if base is not None and yours == before:
            taken[field.name] = getattr(current, field.name)  # theirs, in the form
        elif yours == theirs:
            continue  # the same change on both sides
        changes.append((field.name, theirs, yours))
        kept.append(field.name not in taken)
    _take(form, taken)
    shown = readable(model, changes)
    differences = [
        Difference(change.field, shown_value(change.old), shown_value(change.new), keep)
        for change, keep in zip(shown, kept, strict=True)
    ]
    return differences, newer


def _take(form: forms.BaseForm, values: dict[str, Any]) -> None:
    """Put stored values into a bound form's data, as a browser would send them."""
    if not values:
        return
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's data is a QueryDict
    for name, value in values.items():
        field = form.fields[name]
        key = form.add_prefix(name)
        prepared = field.prepare_value(value)
        if isinstance(field.widget, forms.CheckboxInput):
            if prepared:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif isinstance(prepared, list | tuple) and isinstance(data, QueryDict):
            data.setlist(key, [str(item) for item in prepared])
        else:
            formatted = field.widget.format_value(prepared)
            data[key] = "" if formatted is None else str(formatted)
    form.data = data


# The API


def etag_of(obj: models.Model) -> str:
    """The record's version as an ETag: a digest of the record's identity and version."""
    identity = f"{obj._meta.label}:{obj.pk}:{record_version(obj)}"
    return quote_etag(hashlib.sha256(identity.encode()).hexdigest()[:24])


def etag_send(response: HttpResponse, obj: models.Model) -> None:
    """Send the record's version as its ETag."""
    response["ETag"] = etag_of(obj)


@contextmanager
def if_match(request: HttpRequest, obj: M) -> Iterator[M]:
    """The record, locked, for an API write; refused (VersionMismatch) when the request's
    If-Match names none of its current version. Without If-Match, the write is not checked."""
    with transaction.atomic():
        current = locked(obj)
        header = request.headers.get("If-Match")
        if header:
            etag = etag_of(current)
            sent = [tag.removeprefix("W/") for tag in parse_etags(header)]
            if "*" not in sent and etag not in sent:
                raise VersionMismatch(etag)
        yield current
