"""Keep the search index and the cached pages in step with every write to what the public
catalog shows: products, producer groups, product photos and certifications, areas (whose
names are in the entries of what lies in them), and the fairs products were shown at.

Signals are used here only because the index and the cache are derived data (STYLE.md): the
writes are in the same transaction as the change they follow, so neither shows what was
rolled back.
"""

from typing import Any

from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from ogop.catalog import indexing
from ogop.catalog.backends import FTS_TABLE, backend
from ogop.catalog.cache import catalog_changed
from ogop.catalog.models import SearchEntry
from ogop.core.signals import registry_changed
from ogop.fairs.models import Booth, Exhibit, Fair
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.products.models import Certification, Product, ProductPhoto


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def product_changed(sender: Any, instance: Product, **kwargs: Any) -> None:
    indexing.reindex(product_ids=[instance.pk])
    catalog_changed()


@receiver(post_save, sender=ProducerGroup)
@receiver(post_delete, sender=ProducerGroup)
def group_changed(sender: Any, instance: ProducerGroup, **kwargs: Any) -> None:
    indexing.reindex(group_ids=[instance.pk])
    catalog_changed()


@receiver(post_save, sender=Area)
def area_changed(sender: Any, instance: Area, **kwargs: Any) -> None:
    """An area's names are in the entries of everything in it and under it."""
    indexing.reindex(area_ids=[instance.pk])
    catalog_changed()


@receiver(post_save, sender=ProductPhoto)
@receiver(post_delete, sender=ProductPhoto)
@receiver(post_delete, sender=Area)
@receiver(post_save, sender=Certification)
@receiver(post_delete, sender=Certification)
@receiver(post_save, sender=Fair)
@receiver(post_delete, sender=Fair)
@receiver(post_save, sender=Booth)
@receiver(post_delete, sender=Booth)
@receiver(post_save, sender=Exhibit)
@receiver(post_delete, sender=Exhibit)
def shown_on_pages_changed(sender: Any, **kwargs: Any) -> None:
    """Photos show on the cards of the cached pages, areas in their lists, certifications and
    fairs on the products' pages, and the products a fair showed on its page; none is in the
    index (an area that could be deleted had nothing in it)."""
    catalog_changed()


@receiver(registry_changed)
def registry_bulk_changed(
    sender: Any, product_ids: Any = (), group_ids: Any = (), area_ids: Any = (), **kwargs: Any
) -> None:
    indexing.reindex(product_ids=product_ids, group_ids=group_ids, area_ids=area_ids)
    catalog_changed()


@receiver(post_migrate)
def database_migrated(sender: AppConfig, **kwargs: Any) -> None:
    """A migrated or flushed database may hold anything (sent once for each app: acted on once).
    A flushed one has no entries left: the full-text index, which a flush leaves, goes too."""
    if sender.name == "ogop.catalog":
        tables = connection.introspection.table_names()
        indexed = connection.vendor != "sqlite" or FTS_TABLE in tables
        if indexed and SearchEntry._meta.db_table in tables and not SearchEntry.objects.exists():
            backend().clear()
        catalog_changed()
