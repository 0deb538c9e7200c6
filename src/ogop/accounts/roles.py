"""Predicates on a user's role, combined into object permissions by each app's rules.py."""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role, User


def has_role(*roles: str) -> Any:
    """A predicate that holds for an active user with one of the roles (administrators: always)."""

    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user: User | AnonymousUser) -> bool:
        if not (user and user.is_authenticated and user.is_active):
            return False
        return bool(user.is_superuser or user.role == Role.ADMIN or user.role in roles)

    return predicate


is_administrator = has_role(Role.ADMIN)
# May create and change any producer group and product, and import and export them.
is_registry_editor = has_role(Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER)
# May read the whole registry.
is_registry_reader = has_role(
    Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER, Role.EXPERT, Role.ASSESSOR
)
is_producer = has_role(Role.PRODUCER) & ~is_administrator
is_signed_in = rules.is_authenticated & rules.is_active
