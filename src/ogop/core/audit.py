"""The audit trail across the platform: every recorded change of a day, whatever its kind.

The history tables are written by the models' own saves (and by the bulk paths of imports);
the platform offers no way to edit them: they are not in the administration, and this page
only reads.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from simple_history.models import registered_models

from ogop.core.history import CHANGE_TYPES, REASONS

# Fields that name a record well enough in a list, in order of preference.
NAMING_FIELDS = ("code", "identifier", "username", "name", "title", "uuid")


@dataclass(frozen=True)
class Change:
    when: dt.datetime
    who: Any
    what: str
    kind: str
    label: str
    record: str
    reason: str


@dataclass(frozen=True)
class DayOfChanges:
    day: dt.date
    counts: list[tuple[str, str, int]]  # (model label, verbose name plural, changes)
    changes: list[Change]
    total: int
    shown_model: str


def audited_models() -> list[type[models.Model]]:
    """The models whose changes are kept, by their name in the reader's language."""
    return sorted(
        (model for model in registered_models.values() if hasattr(model, "history")),
        key=lambda model: str(model._meta.verbose_name_plural),
    )


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


def changes_on(day: dt.date, *, model_label: str = "", limit: int = 300) -> DayOfChanges:
    """The changes recorded on `day` (in the programme's time zone), newest first: a count
    query per kept model, and the latest `limit` changes of the chosen model (or of all)."""
    start, end = _bounds(day)
    counts = []
    changes: list[Change] = []
    for model in audited_models():
        label = model._meta.label
        if model_label and label != model_label:
            continue
        records = model.history.filter(  # type: ignore[attr-defined]
            history_date__gte=start, history_date__lt=end
        )
        count = records.count()
        if not count:
            continue
        counts.append((label, str(model._meta.verbose_name_plural), count))
        for record in records.select_related("history_user").order_by("-history_date")[:limit]:
            changes.append(
                Change(
                    when=record.history_date,
                    who=record.history_user,
                    what=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                    kind=str(model._meta.verbose_name),
                    label=label,
                    record=_name(record),
                    reason=str(
                        REASONS.get(
                            record.history_change_reason, record.history_change_reason or ""
                        )
                    ),
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return DayOfChanges(
        day=day,
        counts=counts,
        changes=changes[:limit],
        total=sum(count for _label, _name, count in counts),
        shown_model=model_label,
    )
