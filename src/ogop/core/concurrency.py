"""Versions of edited records, so that a save made from a stale copy is refused, never lost.

A record's version is the id of its latest history record: django-simple-history writes one
for every save of every model that keeps history, whoever saves it (a form, the API, an import,
the administration), so no column has to be added and kept in step. The few edited models
without history (booths, certifications) fall back to the time of their last save.

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

import hashlib
from collections.abc import Callable, Iterator
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

from ogop.core.history import _readable

M = TypeVar("M", bound=models.Model)
VERSION_INPUT = "edit_version"  # the hidden input's name, with the form's prefix


@dataclass(frozen=True)
class Difference:
    """A field someone else changed since the form was opened: their value, and the person's."""

    field: str
    theirs: Any
    yours: Any
    yours_kept: bool  # the person changed it too; False: they did not, and theirs is kept


@dataclass(frozen=True)
class Conflict:
    who: str
    when: Any
    differences: list[Difference]


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
        latest = obj.history.order_by("-history_id").values_list("history_id", flat=True)  # type: ignore[attr-defined]
        return str(latest.first() or 0)
    updated_at = getattr(obj, "updated_at", None)
    if updated_at is None:
        raise TypeError(f"{type(obj).__name__} keeps neither history nor updated_at")
    return updated_at.isoformat()


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


def versioned(form: forms.BaseForm) -> Any:
    """The form, carrying the version of its record: the one it was opened at when bound."""
    instance = getattr(form, "instance", None)
    version = None
    if form.is_bound:
        version = form.data.get(form.add_prefix(VERSION_INPUT)) or None
    elif instance is not None and instance.pk is not None:
        version = record_version(instance)
    form.edit_version = version  # type: ignore[attr-defined]
    form.edit_version_input = form.add_prefix(VERSION_INPUT)  # type: ignore[attr-defined]
    form.edit_conflict = None  # type: ignore[attr-defined]
    return form


def opened_stale(form: forms.BaseForm) -> bool:
    """Whether the record has changed since this versioned form was opened."""
    instance = getattr(form, "instance", None)
    opened = getattr(form, "edit_version", None)
    if opened is None or instance is None or instance.pk is None:
        return False
    return opened != record_version(instance)


@contextmanager
def unchanged_since_opened(form: forms.BaseForm) -> Iterator[None]:
    """Run the form's save in a transaction on the locked row, or refuse it (EditConflict)
    when the record has changed since the form was opened. A form sent without a version
    (not opened from one of our pages) is saved on the locked row unchecked."""
    instance = getattr(form, "instance", None)
    with transaction.atomic():
        if instance is not None and instance.pk is not None:
            current = locked(instance)
            opened = getattr(form, "edit_version", None)
            now = record_version(current)
            if opened is not None and opened != now:
                conflict = _conflict(form, current, opened)
                form.edit_version = now  # type: ignore[attr-defined]
                form.edit_conflict = conflict  # type: ignore[attr-defined]
                raise EditConflict(conflict)
        yield


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


def _who(records: list[Any]) -> str:
    names: list[str] = []
    for record in records:
        user = record.history_user
        name = str(user) if user is not None else _("system")
        if name not in names:
            names.append(name)
    return ", ".join(names) or _("Someone")


def _conflict(form: forms.BaseForm, current: models.Model, opened: str) -> Conflict:
    """What changed since `opened`: fields the person did not touch take the stored value
    in the form; the others keep the person's value. Both are listed."""
    model = type(current)
    base = None
    newer: list[Any] = []
    if _has_history(model) and opened.isdigit():
        history = current.history.select_related("history_user")  # type: ignore[attr-defined]
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
    readable = _readable(model, changes)
    differences = [
        Difference(change.field, _shown(change.old), _shown(change.new), keep)
        for change, keep in zip(readable, kept, strict=True)
    ]
    when = newer[-1].history_date if newer else getattr(current, "updated_at", None)
    return Conflict(who=_who(newer), when=when, differences=differences)


def _shown(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _take(form: forms.BaseForm, values: dict[str, Any]) -> None:
    """Put stored values into a bound form's data, as a browser would send them."""
    if not values:
        return
    data = form.data.copy()  # type: ignore[attr-defined]
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
