"""What would break publishing in IATI, said on the form as a person types: the checks of
`ogop.core.iati_rules` that the export runs over the file, applied to the values being saved.

Only rules with the severity "error" refuse a form (they would stop the export); an
organisation identifier without an approved agency prefix is refused too, since every file
naming the organisation would carry the warning.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from ogop.accounts.models import Organisation
from ogop.core.iati_rules import (
    RULES,
    activity_bounds,
    status_breaks,
    transaction_breaks,
    validate_organisation_identifier,
    with_id,
)
from ogop.core.thai import format_date
from ogop.programme.models import Activity, ActivityStatus


def dates_and_status_errors(data: dict[str, Any]) -> dict[str, str]:
    """An activity's or a programme's actual dates in the future, or a status its dates
    contradict, by field."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    for name, rule_id in (("start_actual", "11.1.4"), ("end_actual", "11.1.5")):
        day = data.get(name)
        if day and day > today:
            errors[name] = with_id(rule_id, date=format_date(day))
    status = str(data.get("status") or "")
    for rule_id, params in status_breaks(
        status=status,
        start_actual=data.get("start_actual"),
        end_actual=data.get("end_actual"),
        end_planned=data.get("end_planned"),
        today=today,
    ):
        if RULES[rule_id].is_error:
            label = dict(ActivityStatus.choices).get(status, status)
            errors["status"] = with_id(rule_id, status=label, **params)
    return errors


def organisation_errors(organisation: Organisation | None) -> list[str]:
    """What is wrong with the IATI identifier of an organisation being named."""
    if organisation is None:
        return []
    try:
        validate_organisation_identifier(organisation.iati_identifier)
    except ValidationError as error:
        return [f"{organisation}: {message}" for message in error.messages]
    return []


def transaction_date_errors(day: dt.date | None, activity: Activity | None) -> list[str]:
    """A transaction dated in the future, or before its activity starts."""
    if day is None:
        return []
    start = end = None
    if activity is not None:
        start, end = activity_bounds(
            start_planned=activity.start_planned,
            start_actual=activity.start_actual,
            end_actual=activity.end_actual,
        )
    return [
        with_id(rule_id, **{key: _shown(value) for key, value in params.items()})
        for rule_id, params in transaction_breaks(
            date=day, start=start, end=end, today=timezone.localdate()
        )
        if RULES[rule_id].is_error
    ]


def _shown(value: Any) -> Any:
    return format_date(value) if isinstance(value, dt.date) else value
