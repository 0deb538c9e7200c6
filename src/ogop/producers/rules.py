"""Who may do what with producer groups."""

from typing import Any

import rules

from ogop.accounts.roles import is_producer, is_registry_editor, is_registry_reader
from ogop.producers.selectors import represented_group_ids


@rules.predicate
def represents_group(user: Any, group: Any) -> bool:
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
