"""All-or-nothing imports: every row is checked before anything is written.

A domain app describes its file with a row form (one form field a column) and a
function that writes the checked rows; this module reads the file, checks every
row and reports every bad one by its spreadsheet row number and column.
"""

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.fields import TranslationFieldDescriptor
from simple_history.utils import get_change_reason_from_object, get_history_model_for_model

from ogop.core.bulk import insert
from ogop.core.tabular import Table, TableError, read_table

Progress = Callable[[Iterable[Any]], Iterable[Any]]
# Told how many more rows are written (0: none, only "still going"); it may stop the import by
# raising, which rolls back everything written.
Written = Callable[[int], None]
# Rows written between two reports of the rows written.
WRITE_CHUNK = 5000


@dataclass(frozen=True)
class RowError:
    """One problem: the row as a spreadsheet numbers it (the header is row 1) and the column."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """The file was not imported; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)  # the rows' records, in the file's order

    @property
    def total(self) -> int:
        return self.created + self.updated


class _Collector:
    """Python's cycle collector, run less often while imports run (see `few_collections`)."""

    THRESHOLD = 20_000  # new objects between two collections of the youngest; Python's is 700

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._imports = 0
        self._thresholds = gc.get_threshold()

    def enter(self) -> None:
        with self._lock:
            if self._imports == 0:
                self._thresholds = gc.get_threshold()
                first, *older = self._thresholds
                if 0 < first < self.THRESHOLD:  # 0: the collector is off, and stays off
                    gc.set_threshold(self.THRESHOLD, *older)
            self._imports += 1

    def leave(self) -> None:
        with self._lock:
            self._imports -= 1
            if self._imports == 0:
                gc.set_threshold(*self._thresholds)


_collector = _Collector()


@contextmanager
def few_collections() -> Iterator[None]:
    """Run the cycle collector less often while an import, or another bulk job that makes no
    cycles (the fair report), runs.

    It runs every 700 new objects, and now and then walks every object alive. An import makes
    millions of short-lived objects (most of them inside the ORM) and holds every row until it
    is written: at 100,000 rows a fifth of its time went to collections that found nothing to
    free. The collector still runs, and as before once no such job is running.
    """
    _collector.enter()
    try:
        yield
    finally:
        _collector.leave()


class RowForm(Protocol):
    """A row form. check_rows binds one form to each row in turn: it keeps no state between
    rows and reads its data only when it cleans it."""

    def __init__(self, data: dict[str, str], *, lookups: Any) -> None: ...
    def is_valid(self) -> bool: ...
    @property
    def errors(self) -> Any: ...

    cleaned_data: dict[str, Any]


def errors_of(row: int, form_errors: Any) -> list[RowError]:
    return [
        RowError(row=row, column="" if name == NON_FIELD_ERRORS else name, message=str(message))
        for name, messages in form_errors.items()
        for message in messages
    ]


def read_import_file(data: bytes, *, columns: list[str], required: list[str]) -> Table:
    try:
        return read_table(data, columns=columns, required=required)
    except TableError as exc:
        raise ImportRejected([RowError(row=None, column="", message=str(exc))]) from exc


def check_rows(
    table: Table,
    *,
    form_class: type[forms.Form],
    lookups: Any,
    key: str = "code",
    progress: Progress | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """Check every row; return (row number, cleaned data) for each, or raise ImportRejected.

    One form checks every row, bound to each in turn: making a form copies all its fields,
    which costs more than checking a row. Its bound fields read the data bound at the time,
    and each check starts with new errors and new cleaned data.
    """
    errors: list[RowError] = []
    cleaned: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[str, int] = {}
    rows: Iterable[tuple[int, dict[str, str]]] = table.rows
    if progress is not None:
        rows = progress(rows)
    form = form_class({}, lookups=lookups)  # type: ignore[call-arg]  # the row forms take lookups; the stubs' Form does not
    for number, record in rows:
        form.data = record
        form.full_clean()
        row_errors = errors_of(number, form.errors)
        # A row's code counts as used once it is valid, whatever else is wrong in the row, so
        # that a code given twice is reported even when its first row has another problem.
        if key in form.cleaned_data:
            code = form.cleaned_data[key]
            if code in first_row_of:
                row_errors.append(
                    RowError(
                        row=number,
                        column=key,
                        message=_("The code %(code)s is already used in row %(first)s.")
                        % {"code": code, "first": first_row_of[code]},
                    )
                )
            else:
                first_row_of[code] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        cleaned.append((number, form.cleaned_data))
    if errors:
        raise ImportRejected(errors)
    return cleaned


YES = {"yes", "y", "true", "1", "ใช่", "จริง", "ཨིན", "x"}
NO = {"no", "n", "false", "0", "ไม่ใช่", "ไม่", "เท็จ", "མེན", ""}


class YesNoField(forms.Field):
    """yes/no, true/false, 1/0 and ใช่/ไม่ใช่; empty means no."""

    default_error_messages = {
        "invalid": gettext_lazy("Write yes or no (also true/false, 1/0, ใช่/ไม่ใช่), not “%(value)s”.")
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool:
        text = str(value or "").strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(
            self.error_messages["invalid"], code="invalid", params={"value": value}
        )


def yes_no(value: bool) -> str:
    """A flag as the registry's files write it."""
    return "yes" if value else "no"


def given_flags(
    cleaned: dict[str, Any], *, header: Sequence[str], flags: dict[str, str]
) -> dict[str, bool]:
    """The record's flags from those flag columns (column → field) that the file has. A column
    the file lacks sets nothing: a stored record keeps its flag and a new one takes the
    default, so that a file written before the column existed reads as it always did."""
    return {name: cleaned[column] for column, name in flags.items() if column in header}


def _same(stored: Any, new: Any) -> bool:
    """Equal values; an empty text and a missing one (NULL) count as the same."""
    return stored == new or (stored in (None, "") and new in (None, ""))


def _default_is_computed(field: Any) -> bool:
    """Whether the field's default is made anew for each instance (a function's, a database's)."""
    return (field.has_default() and callable(field.default)) or field.has_db_default()


def _row_maker(model: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A maker of a row's every column value, by attribute name, the columns not given at
    their default. A default that is a value, not a function, is the same for every row: it
    is asked for once (a translated field's default switches the language to answer)."""
    fields = model._meta.concrete_fields
    known = {field.attname for field in fields}
    computed = [field for field in fields if _default_is_computed(field)]
    fixed = {f.attname: f.get_default() for f in fields if not _default_is_computed(f)}

    def row(values: dict[str, Any]) -> dict[str, Any]:
        if unknown := values.keys() - known:
            raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
        given = {f.attname: f.get_default() for f in computed if f.attname not in values}
        given.update(fixed)
        given.update(values)
        return given

    return row


def _instance_maker(model: Any) -> Callable[[dict[str, Any]], Any]:
    """A maker of unsaved instances, built as Django builds those it reads: from every field's
    value in field order, the fields not given at their default. Given by name, each value
    would also go through the translated fields' constructor hook, at several times the cost."""
    names = [field.attname for field in model._meta.concrete_fields]
    row = _row_maker(model)

    def make(values: dict[str, Any]) -> Any:
        return model(*map(row(values).__getitem__, names))

    return make


def _history_create(
    objs: list[Any], *, model: Any, history_type: str, user: Any, reason: str, batch_size: int
) -> None:
    """The history rows of objects just created ("+") or changed ("~"), written in bulk with the
    values simple-history's own bulk writes give them. Each row is its values only (made as
    `_row_maker` makes them): an instance of the history model would cost more to make than
    its row costs to write.

    A row's copy of the object's values is read from the object's own attributes: read through
    a translated field, each would go through the current language and its fallbacks, for a
    value the history table never takes (its plain column is written from its per-language
    columns, as the object's own table is).
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = get_history_model_for_model(model)
    make = _row_maker(historical)
    # A translated field's plain column takes what its descriptor reads from the row's
    # per-language columns (the current language, then its fallbacks), as it would from an
    # instance.
    translated = [
        (name, descriptor)
        for name in (field.attname for field in historical._meta.concrete_fields)
        if isinstance(descriptor := getattr(historical, name, None), TranslationFieldDescriptor)
    ]
    copied = [field.attname for field in historical.tracked_fields]
    relation = hasattr(historical, "history_relation")
    written = timezone.now()  # the time of every row written at once
    rows = []
    for obj in objs:
        stored = vars(obj)
        values = {name: stored[name] if name in stored else getattr(obj, name) for name in copied}
        values["history_date"] = getattr(obj, "_history_date", written)
        values["history_change_reason"] = get_change_reason_from_object(obj) or reason
        values["history_type"] = history_type
        if relation:
            values["history_relation_id"] = obj.pk
        author = getattr(obj, "_history_user", user or historical.get_default_history_user(obj))
        values["history_user_id"] = author.pk if author else None
        row = SimpleNamespace(**make(values))
        for name, descriptor in translated:
            setattr(row, name, descriptor.__get__(row, historical))
        rows.append(row)
    insert(historical, rows, batch_size=batch_size)


def upsert_by_code(
    model: Any,
    rows: list[tuple[int, dict[str, Any]]],
    *,
    user: Any,
    reason: str,
    batch_size: int = 500,
    written: Written | None = None,
) -> ImportSummary:
    """Create the rows whose code is new, update the others; history records who and why.

    Row values are plain column values (foreign keys as `<name>_id`). A row that changes
    nothing writes nothing, so that re-importing a file leaves no trace. `written` is told
    as rows are written (a row that changes nothing counts as written).
    """

    # Rows name translated fields by language (name_en, name_th); the plain field (name)
    # must then mean the default language, whatever language the request runs in.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return _upsert(
            model, rows, user=user, reason=reason, batch_size=batch_size, written=written
        )


def _upsert(
    model: Any,
    rows: list[tuple[int, dict[str, Any]]],
    *,
    user: Any,
    reason: str,
    batch_size: int,
    written: Written | None,
) -> ImportSummary:
    codes = [values["code"] for _, values in rows]
    existing: dict[str, Any] = {}
    for start in range(0, len(codes), batch_size):
        chunk = codes[start : start + batch_size]
        existing.update((obj.code, obj) for obj in model.objects.filter(code__in=chunk))
    make = _instance_maker(model)
    new, changed, fields = [], [], set()
    for _number, values in rows:
        obj = existing.get(values["code"])
        if obj is None:
            new.append(make(values))
            continue
        different = {name for name, value in values.items() if not _same(getattr(obj, name), value)}
        if different:
            for name in different:
                setattr(obj, name, values[name])
            fields |= different
            changed.append(obj)
    manager = model._default_manager
    tell = written or (lambda count: None)

    def history(objs: list[Any], history_type: str) -> None:
        _history_create(
            objs,
            model=model,
            history_type=history_type,
            user=user,
            reason=reason,
            batch_size=batch_size,
        )
        tell(len(objs))

    with transaction.atomic(savepoint=False):
        tell(len(rows) - len(new) - len(changed))
        if changed:
            manager.bulk_update(changed, sorted(fields), batch_size=batch_size)
            history(changed, "~")
        # Created after the updates, so that a row taking over a unique role (a flagship, say)
        # from a row the file changes finds it already given up.
        for start in range(0, len(new), WRITE_CHUNK):
            chunk = new[start : start + WRITE_CHUNK]
            insert(model, chunk, batch_size=batch_size, keys_by="code")
            history(chunk, "+")
    pks = {obj.code: obj.pk for objs in (existing.values(), new) for obj in objs}
    return ImportSummary(
        created=len(new), updated=len(changed), codes=codes, ids=[pks[code] for code in codes]
    )
