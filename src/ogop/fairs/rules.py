"""Who may do what at fairs.

Supervisors (administrators, programme and partner officers) set fairs up, read every sale
and report, and void sales. A cashier sees and sells only at the booths assigned to them.
A producer reads its own groups' exhibits, sales and leads.
"""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role, User
from ogop.accounts.roles import has_role, is_producer
from ogop.producers.selectors import represented_group_ids

is_fair_supervisor = has_role(Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER)
is_cashier = has_role(Role.CASHIER) & ~has_role(Role.ADMIN)


def fair_role(user: User | AnonymousUser) -> str:
    """'supervisor', 'cashier', 'producer' or '' for the fairs' purposes."""
    if is_fair_supervisor(user):
        return "supervisor"
    if is_cashier(user):
        return "cashier"
    if is_producer(user):
        return "producer"
    return ""


def assigned_booth_ids(user: User | AnonymousUser) -> frozenset[int]:
    """The booths the user sells at, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_assigned_booth_ids"):
        ids = frozenset(user.fair_booths.values_list("pk", flat=True))  # type: ignore[attr-defined]  # Booth.cashiers' reverse accessor, not in the stubs
        user._assigned_booth_ids = ids  # type: ignore[attr-defined]  # a per-request cache
    return user._assigned_booth_ids  # type: ignore[attr-defined]  # the per-request cache


@rules.predicate
def sells_at_booth(user: User | AnonymousUser, booth: Any) -> bool:
    """The booth is assigned to the user; with none given, whether any booth is."""
    ids = assigned_booth_ids(user)
    return bool(ids) if booth is None else booth.pk in ids


@rules.predicate
def exhibits_at_booth(user: User | AnonymousUser, booth: Any) -> bool:
    """One of the user's groups has a product at the booth; with none given, any group."""
    ids = represented_group_ids(user)
    if booth is None or not ids:
        return bool(ids)
    return booth.exhibits.filter(product__producer_group_id__in=ids).exists()


@rules.predicate
def sale_at_own_booth(user: User | AnonymousUser, sale: Any) -> bool:
    return sale is not None and sale.exhibit.booth_id in assigned_booth_ids(user)


@rules.predicate
def sale_of_own_product(user: User | AnonymousUser, sale: Any) -> bool:
    if sale is None:
        return bool(represented_group_ids(user))
    return sale.exhibit.product.producer_group_id in represented_group_ids(user)


@rules.predicate
def lead_of_own_product(user: User | AnonymousUser, lead: Any) -> bool:
    ids = represented_group_ids(user)
    if lead is None or not ids:
        return bool(ids)
    return lead.products.filter(producer_group_id__in=ids).exists()


# Fairs: the list and a fair's page (which shows only what the user may see in it).
rules.add_perm("fairs.view_fair", is_fair_supervisor | is_cashier | is_producer)
rules.add_perm("fairs.add_fair", is_fair_supervisor)
rules.add_perm("fairs.change_fair", is_fair_supervisor)
# Booths, exhibits and restocks.
rules.add_perm(
    "fairs.view_booth",
    is_fair_supervisor | (is_cashier & sells_at_booth) | (is_producer & exhibits_at_booth),
)
rules.add_perm("fairs.add_booth", is_fair_supervisor)
rules.add_perm("fairs.change_booth", is_fair_supervisor)
rules.add_perm("fairs.add_exhibit", is_fair_supervisor)
rules.add_perm("fairs.change_exhibit", is_fair_supervisor)
rules.add_perm("fairs.add_restock", is_fair_supervisor)
# Sales: sold at the counter of an assigned booth; voided by a supervisor only.
rules.add_perm("fairs.add_sale", is_fair_supervisor | (is_cashier & sells_at_booth))
rules.add_perm(
    "fairs.view_sale",
    is_fair_supervisor | (is_cashier & sale_at_own_booth) | (is_producer & sale_of_own_product),
)
rules.add_perm("fairs.void_sale", is_fair_supervisor)
# Buyer leads: recorded by supervisors, read by the producers whose products they asked about.
rules.add_perm("fairs.view_buyerlead", is_fair_supervisor | (is_producer & lead_of_own_product))
rules.add_perm("fairs.add_buyerlead", is_fair_supervisor)
rules.add_perm("fairs.change_buyerlead", is_fair_supervisor)
# The fair report, its spreadsheet and PDF.
rules.add_perm("fairs.view_report", is_fair_supervisor)
