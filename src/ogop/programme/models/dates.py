"""Date checks shared by the programme's records: an end after its start, a date within the
programme's period."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ogop.core.thai import format_date

if TYPE_CHECKING:
    from ogop.programme.models.plan import Programme


PLANNED_AND_ACTUAL = (("start_planned", "end_planned"), ("start_actual", "end_actual"))


def dated_errors(obj: Any, pairs: Iterable[tuple[str, str]] = PLANNED_AND_ACTUAL) -> dict[str, Any]:
    """Ends before their starts, by field: `pairs` names each (start, end) of `obj`."""
    errors: dict[str, Any] = {}
    for start, end in pairs:
        begin, finish = getattr(obj, start, None), getattr(obj, end, None)
        if begin and finish and finish < begin:
            errors[end] = _("The end cannot come before the start.")
    return errors


def end_not_before_start(name: str) -> models.CheckConstraint:
    """The database's guard for a record whose `end` may not come before its `start`."""
    return models.CheckConstraint(
        condition=Q(end__gte=F("start")),
        name=name,
        violation_error_message=_("The end cannot come before the start."),
    )


def within_programme(programme: "Programme", obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The dates of `obj` that fall outside the programme's period, by field."""
    first, last = programme.period
    errors: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name, None)
        if value and not first <= value <= last:
            errors[name] = _(
                "The date is outside the programme's period (%(first)s – %(last)s)."
            ) % {
                "first": format_date(first),
                "last": format_date(last),
            }
    return errors
