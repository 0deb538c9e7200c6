"""Who may do what with producer groups."""

from collections.abc import Iterable
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import User
from ogop.accounts.roles import is_producer, is_registry_editor, is_registry_reader
from ogop.core.field_rules import fields_denied
from ogop.producers.selectors import represented_group_ids


@rules.predicate
def represents_group(user: User | AnonymousUser, group: Any) -> bool:
    """The user represents the group; with no group given, whether they represent any."""
    ids = represented_group_ids(user)
    return bool(ids) if group is None else group.pk in ids


rules.add_perm(
    "producers.view_producergroup", is_registry_reader | (is_producer & represents_group)
)
rules.add_perm("producers.add_producergroup", is_registry_editor)
rules.add_perm(
    "producers.change_producergroup", is_registry_editor | (is_producer & represents_group)
)

# A group's fields that need a right beyond changing the group, and the right each needs
# (core.field_rules): the pages, the API and imports refuse them alike.
FIELD_PERMS = {
    # Import files, addresses and products name a group by its code.
    "code": "producers.add_producergroup",
}


def group_fields_denied(
    user: User | AnonymousUser | None, group: Any, names: Iterable[str]
) -> list[str]:
    """Those of the named fields the user may not set on the group (None: a new group)."""
    return fields_denied(user=user, record=group, names=names, perms=FIELD_PERMS)
