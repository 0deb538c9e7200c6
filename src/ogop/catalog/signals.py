"""Keep the search index in step with every write to products and producer groups.

Signals are used here only because the index is derived data (STYLE.md): the writes are in
the same transaction as the change they follow, so the index never shows what was rolled back.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ogop.catalog import indexing
from ogop.core.signals import registry_changed
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def product_changed(sender: Any, instance: Product, **kwargs: Any) -> None:
    indexing.reindex(product_ids=[instance.pk])


@receiver(post_save, sender=ProducerGroup)
@receiver(post_delete, sender=ProducerGroup)
def group_changed(sender: Any, instance: ProducerGroup, **kwargs: Any) -> None:
    indexing.reindex(group_ids=[instance.pk])


@receiver(registry_changed)
def registry_bulk_changed(
    sender: Any, product_ids: Any = (), group_ids: Any = (), **kwargs: Any
) -> None:
    indexing.reindex(product_ids=product_ids, group_ids=group_ids)
