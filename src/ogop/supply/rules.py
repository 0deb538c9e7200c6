"""Who may do what with purchases, payments, lots and batches.

Buying staff (administrators, programme and partner officers: the officers who buy from the
groups and pack for OGOP's shops) record and read everything. A producer reads what was
bought from, and paid to, the groups they represent, and the batches made of their products;
nobody else sees them. A batch's public page is everyone's (the catalog's trace).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role, User
from ogop.accounts.roles import has_role, is_producer
from ogop.producers.models import represented_group_ids

is_buyer = has_role(Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER)


def group_ids_seen(user: User | AnonymousUser) -> frozenset[int] | None:
    """The groups whose purchases, payments and batches the user sees: None for all."""
    if is_buyer(user):
        return None
    if is_producer(user):
        return represented_group_ids(user)
    return frozenset()


rules.add_perm("supply.view_purchase", is_buyer | is_producer)
rules.add_perm("supply.add_purchase", is_buyer)
rules.add_perm("supply.add_payment", is_buyer)
rules.add_perm("supply.view_payment", is_buyer | is_producer)
rules.add_perm("supply.view_batch", is_buyer | is_producer)
rules.add_perm("supply.add_batch", is_buyer)
rules.add_perm("supply.recall_batch", is_buyer)
