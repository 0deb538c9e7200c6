"""What each of the registry's files holds: its columns, its rows, and the import that reads it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User
from ogop.core.imports import ImportSummary
from ogop.producers import imports as group_files
from ogop.producers.models import ProducerGroup
from ogop.producers.services import producer_groups_import
from ogop.products import imports as product_files
from ogop.products.models import Product
from ogop.products.services import products_import


@dataclass(frozen=True)
class FileKind:
    name: str
    label: Promise
    columns: list[str]
    required: list[str]
    rows: Callable[[Any], Iterable[list[Any]]]
    run_import: Callable[..., ImportSummary]


def _group_rows(user: User) -> Iterable[list[Any]]:
    groups = ProducerGroup.objects.visible_to(user).select_related("area").order_by("code")
    return (group_files.export_row(group) for group in groups.iterator(chunk_size=2000))


def _product_rows(user: User) -> Iterable[list[Any]]:
    products = (
        Product.objects.visible_to(user).select_related("area", "producer_group").order_by("code")
    )
    return (product_files.export_row(p) for p in products.iterator(chunk_size=2000))


KINDS = {
    "producers": FileKind(
        "producers",
        _("producer groups"),
        group_files.COLUMNS,
        group_files.REQUIRED,
        _group_rows,
        producer_groups_import,
    ),
    "products": FileKind(
        "products",
        _("products"),
        product_files.COLUMNS,
        product_files.REQUIRED,
        _product_rows,
        products_import,
    ),
}
FORMATS = ("csv", "xlsx")
