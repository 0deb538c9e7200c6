"""Keep the search index in step with every write to what it holds: products and their
certifications, producer groups, and areas (whose names are in the entries of what lies in
them). The cached pages follow the same writes through core.freshness.

Signals are used here only because the index is derived data (STYLE.md): the writes are in
the same transaction as the change they follow, so that it never shows what was rolled back.
"""

from typing import Any

from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from ogop.catalog import indexing
from ogop.catalog.backends import FTS_TABLE, backend
from ogop.catalog.models import SearchEntry
from ogop.core.signals import registry_changed
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.products.models import Certification, Product


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def product_changed(sender: Any, instance: Product, **kwargs: Any) -> None:
    indexing.reindex(product_ids=[instance.pk])


@receiver(post_save, sender=Certification)
@receiver(post_delete, sender=Certification)
def certification_changed(sender: Any, instance: Certification, **kwargs: Any) -> None:
    """A product's certifications are words of its entry ("organic")."""
    indexing.reindex(product_ids=[instance.product_id])


@receiver(post_save, sender=ProducerGroup)
@receiver(post_delete, sender=ProducerGroup)
def group_changed(sender: Any, instance: ProducerGroup, **kwargs: Any) -> None:
    indexing.reindex(group_ids=[instance.pk])


@receiver(post_save, sender=Area)
def area_changed(sender: Any, instance: Area, **kwargs: Any) -> None:
    """An area's names are in the entries of everything in it and under it (an area that
    could be deleted had nothing in it)."""
    indexing.reindex(area_ids=[instance.pk])


@receiver(registry_changed)
def registry_bulk_changed(
    sender: Any, product_ids: Any = (), group_ids: Any = (), area_ids: Any = (), **kwargs: Any
) -> None:
    indexing.reindex(product_ids=product_ids, group_ids=group_ids, area_ids=area_ids)


@receiver(post_migrate)
def database_migrated(sender: AppConfig, **kwargs: Any) -> None:
    """A flushed database has no entries left: the full-text index, which a flush leaves,
    goes too (sent once for each app: acted on once)."""
    if sender.name == "ogop.catalog":
        tables = connection.introspection.table_names()
        indexed = connection.vendor != "sqlite" or FTS_TABLE in tables
        if indexed and SearchEntry._meta.db_table in tables and not SearchEntry.objects.exists():
            backend().clear()
