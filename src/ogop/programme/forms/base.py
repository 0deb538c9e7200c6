"""The base form of the pages of the programme's people and work in the field, and the
choices of activities and people these forms share."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet

from ogop.core.forms import ThaiModelForm
from ogop.core.thai import format_date
from ogop.programme.models import Activity, Person, Programme


def _activity_label(activity: Activity) -> str:
    return (
        f"{activity.title} ({activity.get_kind_display()}, {format_date(activity.start_planned)})"
    )


def activity_field(field: Any, activities: QuerySet[Activity]) -> None:
    field.queryset = activities
    field.label_from_instance = _activity_label


def programme_activities(
    programme: Programme, *, kinds: tuple[str, ...] = (), keep: int | None = None
) -> QuerySet[Activity]:
    """The programme's activities, of `kinds` if given (and the one of pk `keep` whatever
    its kind, so that a record made earlier keeps its activity)."""
    activities = Activity.objects.filter(component__programme=programme)
    if kinds:
        activities = activities.filter(Q(kind__in=kinds) | Q(pk=keep))
    return activities.order_by("component__position", "start_planned", "pk")


class FieldworkForm(ThaiModelForm):
    """A model form which shows a model's error about a field it does not hold above the form
    instead of failing."""

    def _mapped(self, errors: ValidationError) -> ValidationError:
        if not hasattr(errors, "error_dict"):
            return errors
        mapped: dict[str, list[Any]] = {}
        for name, messages in errors.error_dict.items():
            key = name if name in self.fields else NON_FIELD_ERRORS
            mapped.setdefault(key, []).extend(messages)
        return ValidationError(mapped)  # type: ignore[arg-type]  # Django accepts the dict of lists it builds

    def _update_errors(self, errors: ValidationError) -> None:
        super()._update_errors(self._mapped(errors))  # type: ignore[misc]  # a private hook of Django's forms, untyped


def person_label(person: Person) -> str:
    where = person.producer_group or person.organisation
    return f"{person.name} — {where}" if where else person.name
