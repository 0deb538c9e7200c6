"""Who may do what with products and the registry's files."""

from collections.abc import Iterable
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role, User
from ogop.accounts.roles import is_producer, is_registry_editor, is_registry_reader, is_signed_in
from ogop.core.field_rules import fields_denied
from ogop.producers.selectors import represented_group_ids


@rules.predicate
def owns_product(user: User | AnonymousUser, product: Any) -> bool:
    """The product is of a group the user represents; with none given, whether they have any."""
    ids = represented_group_ids(user)
    return bool(ids) if product is None else product.producer_group_id in ids


@rules.predicate
def is_not_cashier(user: User | AnonymousUser) -> bool:
    return getattr(user, "role", None) != Role.CASHIER or user.is_superuser


rules.add_perm("products.view_product", is_registry_reader | (is_producer & owns_product))
rules.add_perm("products.add_product", is_registry_editor | (is_producer & owns_product))
rules.add_perm("products.change_product", is_registry_editor | (is_producer & owns_product))
# Import and export files of the whole registry.
rules.add_perm("products.transfer_registry", is_registry_editor)
# Browse areas with their numbers of groups and products.
rules.add_perm("places.view_area", is_signed_in & is_not_cashier)
# Move a product from one development stage to another, and see the board of stages.
rules.add_perm("products.move_stage", is_registry_editor)
rules.add_perm("products.view_stage_board", is_registry_reader)
# Print a product's labels.
rules.add_perm("products.print_label", is_registry_reader | (is_producer & owns_product))
# Add, change and remove a product's certifications.
rules.add_perm("products.change_certification", is_registry_editor | (is_producer & owns_product))

# A product's fields that need a right beyond changing the product, and the right each needs
# (core.field_rules): the pages, the API and imports refuse them alike.
FIELD_PERMS = {
    # A stage changes by a move, dated and explained (products.services.product_stage_move).
    "stage": "products.move_stage",
}


def product_fields_denied(
    user: User | AnonymousUser | None, product: Any, names: Iterable[str]
) -> list[str]:
    """Those of the named fields the user may not set on the product (None: a new product)."""
    return fields_denied(user=user, record=product, names=names, perms=FIELD_PERMS)
