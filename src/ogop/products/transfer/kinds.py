"""What each of the registry's files holds: its columns, its rows, and the import that reads it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
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
    records: Callable[[User], QuerySet[Any]]
    row: Callable[[Any], list[Any]]
    run_import: Callable[..., ImportSummary]

    def rows(self, user: User) -> Iterable[list[Any]]:
        """The file's rows: every record of the kind the user may see, by code."""
        return (self.row(record) for record in self.records(user).iterator(chunk_size=2000))

    def count(self, user: User) -> int:
        return self.records(user).count()


def _groups(user: User) -> QuerySet[ProducerGroup]:
    return ProducerGroup.objects.visible_to(user).select_related("area").order_by("code")


def _products(user: User) -> QuerySet[Product]:
    return (
        Product.objects.visible_to(user).select_related("area", "producer_group").order_by("code")
    )


KINDS = {
    "producers": FileKind(
        "producers",
        _("producer groups"),
        group_files.COLUMNS,
        group_files.REQUIRED,
        _groups,
        group_files.export_row,
        producer_groups_import,
    ),
    "products": FileKind(
        "products",
        _("products"),
        product_files.COLUMNS,
        product_files.REQUIRED,
        _products,
        product_files.export_row,
        products_import,
    ),
}
FORMATS = ("csv", "xlsx")
