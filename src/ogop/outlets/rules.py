"""Who may do what with outlets and their stock.

Managers (administrators, programme and partner officers: those who run OGOP's buying and
shops) set outlets up, send goods anywhere and read everything. An outlet's staff (users named
on it) read their outlets, receive what is sent to them, count their shelves and send goods
on from them. Nobody else sees an outlet's stock.
"""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role, User
from ogop.accounts.roles import has_role

is_outlet_manager = has_role(Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER)


def outlet_ids_kept(user: User | AnonymousUser) -> frozenset[int] | None:
    """The outlets whose stock the user sees: None for all; read once per request."""
    if is_outlet_manager(user):
        return None
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if not hasattr(user, "_outlet_ids_kept"):
        ids = frozenset(user.outlets.values_list("pk", flat=True))
        user._outlet_ids_kept = ids  # type: ignore[attr-defined]  # a per-request cache
    return user._outlet_ids_kept  # type: ignore[attr-defined]  # the per-request cache


@rules.predicate
def keeps_outlet(user: User | AnonymousUser, outlet: Any) -> bool:
    """The user is on the outlet's staff; with no outlet given, on any outlet's."""
    kept = outlet_ids_kept(user)
    if kept is None:
        return True
    return bool(kept) if outlet is None else outlet.pk in kept


@rules.predicate
def receives_dispatch(user: User | AnonymousUser, dispatch: Any) -> bool:
    kept = outlet_ids_kept(user)
    return kept is None or (dispatch is not None and dispatch.destination_id in kept)


rules.add_perm("outlets.view_outlet", is_outlet_manager | keeps_outlet)
rules.add_perm("outlets.add_outlet", is_outlet_manager)
rules.add_perm("outlets.change_outlet", is_outlet_manager)
# Sending: a manager from anywhere (the packing house too); staff from their own outlets.
rules.add_perm("outlets.add_dispatch", is_outlet_manager | keeps_outlet)
rules.add_perm("outlets.receive_dispatch", is_outlet_manager | receives_dispatch)
rules.add_perm("outlets.count_stock", is_outlet_manager | keeps_outlet)
