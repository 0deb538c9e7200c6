"""Who may set which field of a record: one check that forms, the API and imports share.

An app names, in its rules.py, the fields that need a right beyond changing the record and
the permission each needs; forms leave out what a user may not set, and services refuse it,
naming the field, before anything is written.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _


def fields_denied(
    *, user: Any, record: models.Model | None, names: Iterable[str], perms: Mapping[str, str]
) -> list[str]:
    """Those of the named fields the user may not set on the record (None: a new one).

    No user is the operator at the command line (`ogop import`), who may set every field.
    """
    if user is None:
        return []
    return [name for name in names if name in perms and not user.has_perm(perms[name], record)]


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a rule names a field of the record itself
    return field


def field_denied_message(model: type[models.Model], name: str) -> str:
    return _("Your role may not set the field “%(field)s” (%(name)s).") % {
        "field": _field(model, name).verbose_name,
        "name": name,
    }


def fields_check(
    *,
    user: Any,
    model: type[models.Model],
    record: models.Model | None,
    fields: Mapping[str, Any],
    perms: Mapping[str, str],
) -> None:
    """Refuse (403) a change to a field the user may not set, naming the field.

    A value the record already holds (a new record: the default) is no change, so that a
    client may send back what it read.
    """
    current = record if record is not None else model()
    for name in fields_denied(user=user, record=record, names=fields, perms=perms):
        value = fields[name]
        key = value.pk if isinstance(value, models.Model) else value
        if key != getattr(current, _field(model, name).attname):
            raise PermissionDenied(field_denied_message(model, name))
