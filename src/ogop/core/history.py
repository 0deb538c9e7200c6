"""Who changed what and when: written with each save by a service, read from the models'
history tables for an object's page."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Reasons the platform itself records, shown in the reader's language.
REASONS = {"import": _("import")}


class HistoryOfTrackedFields(HistoricalRecords):
    """History that keeps no record of a save that wrote only fields it does not track: a
    log-in writes the user's last_login alone, and that is no change of the account."""

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        written = kwargs.get("update_fields")
        if not created and written is not None and set(written) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


def recorded_save(
    obj: models.Model, *, user: AbstractBaseUser | None, exclude: Iterable[str] = ()
) -> None:
    """Check the record as its model does (ValidationError, by field) and save it, `user`
    the author of its history record, whoever the request's user is (or if there is none)."""
    obj.full_clean(exclude=list(exclude))
    obj._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
    obj.save()


def recorded_delete(obj: models.Model, *, user: AbstractBaseUser | None) -> None:
    """Delete the record (if it was ever saved), `user` the author of its history record."""
    if obj.pk is not None:
        obj._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        obj.delete()


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: Any
    what: str
    reason: str
    changes: list[FieldChange]


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field only the history table has
        return None


def is_empty(value: Any) -> bool:
    """No value: no text and an empty text are the same to a reader (an import leaves a
    language's story NULL where a form saves it empty), and so are no rows of a list."""
    return value is None or value == "" or value == []


def changed_fields(record: Any, previous: Any) -> list[tuple[str, Any, Any]]:
    """The fields a history record changed from the record before it, as (name, old, new):
    none for a creation or a deletion, none that went from no value to no value, and not the
    time of save nor a translated field's original (its languages are listed)."""
    if previous is None or record.history_type != "~":
        return []
    hidden = {"updated_at"} | _untranslated_originals(record.instance_type)
    delta = record.diff_against(previous, foreign_keys_are_objs=False)  # all languages
    return [
        (change.field, change.old, change.new)
        for change in delta.changes
        if change.field not in hidden and not (is_empty(change.old) and is_empty(change.new))
    ]


def _many(field: Any, rows: Any) -> list[Any]:
    """The related objects' keys of a many-to-many field's history rows (the through table's)."""
    from simple_history.utils import get_m2m_reverse_field_name

    target = get_m2m_reverse_field_name(field)
    return [row[target] for row in rows or []]


def readable(model: type[models.Model], changes: list[tuple[str, Any, Any]]) -> list[FieldChange]:
    """Changes as a reader wants them: field labels, choice labels, related objects by name
    (one query per related model, whatever the number of changes)."""
    related_pks: dict[type[models.Model], set[Any]] = {}
    for name, old, new in changes:
        field = _field(model, name)
        if isinstance(field, models.ManyToManyField):
            related_pks.setdefault(field.related_model, set()).update(
                _many(field, old) + _many(field, new)
            )
        elif isinstance(field, models.ForeignKey):
            related_pks.setdefault(field.related_model, set()).update({old, new} - {None})
    related = {
        related_model: related_model._default_manager.in_bulk(list(pks))
        for related_model, pks in related_pks.items()
    }

    def show(field: Any, value: Any) -> Any:
        if field is None or value is None:
            return value
        if isinstance(field, models.ManyToManyField):
            names = related[field.related_model]
            return ", ".join(str(names.get(pk, pk)) for pk in _many(field, value))
        if isinstance(field, models.ForeignKey):
            return related[field.related_model].get(value, value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    shown = []
    for name, old, new in changes:
        field = _field(model, name)
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        shown.append(FieldChange(label, show(field, old), show(field, new)))
    return shown


def shown_value(value: Any) -> Any:
    """A field's value as a reader wants it: yes or no, not True or False."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _untranslated_originals(model: type[models.Model]) -> set[str]:
    """Fields whose text lives in their per-language columns (name_en, name_th …)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The object's changes, newest first, each with the fields it changed: one query, and
    one more per kind of related object whose change is shown."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up
    )
    raw: list[list[tuple[str, Any, Any]]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        raw.append(changed_fields(record, previous))
    shown = iter(readable(type(obj), [change for changes in raw for change in changes]))
    entries = []
    for record, changes in zip(records[:limit], raw, strict=False):
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                what=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                reason=str(
                    REASONS.get(record.history_change_reason, record.history_change_reason or "")
                ),
                changes=[next(shown) for _change in changes],
            )
        )
    return entries


def register_translated_with_history(model: type[models.Model], options: type) -> None:
    """Register a model's translated fields, and keep every language's text in its history.

    The history table is made before the translated columns exist, so they are registered on
    it too, and its list of tracked fields (used by bulk writes and diffs) is brought up to date.
    """
    from modeltranslation.translator import translator

    historical = model.history.model  # type: ignore[attr-defined]  # simple_history's manager, added to the model at start-up
    tracked = {field.name for field in historical.tracked_fields}
    excluded = {field.name for field in model._meta.fields} - tracked
    translator.register(model, options)
    translator.register(historical, options)
    historical.tracked_fields = [
        field for field in model._meta.fields if field.name not in excluded
    ]
