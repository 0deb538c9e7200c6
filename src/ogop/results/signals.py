"""Retire the computed indicators' figures kept in the cache (results.computations, the
dashboard) when the registry or the programme's reach changes: products, groups and areas,
ratings, stage moves and stages, the products at fairs, the groups and products activities
serve, and exchange rates. People and places at activities retire them through the people's
version (programme.signals), sales through the sales' version (fairs.services).

Signals are used here only because the kept figures are derived data (STYLE.md); writes that
bypass save() send `registry_changed` (imports, rating rounds) or call `figures_changed`
(bulk loads of synthetic data).
"""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from ogop.core.signals import registry_changed
from ogop.core.versions import changed
from ogop.fairs.models import Exhibit
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product, Stage, StageChange
from ogop.programme.models import Activity, ExchangeRate
from ogop.rating.models import ProductRating

FIGURES = "figures"


def figures_changed() -> None:
    """Retire the kept figures once the current transaction commits."""
    changed(FIGURES)


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
@receiver(post_save, sender=ProducerGroup)
@receiver(post_delete, sender=ProducerGroup)
@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
@receiver(post_save, sender=ProductRating)
@receiver(post_delete, sender=ProductRating)
@receiver(post_save, sender=StageChange)
@receiver(post_delete, sender=StageChange)
@receiver(post_save, sender=Stage)
@receiver(post_delete, sender=Stage)
@receiver(post_save, sender=Exhibit)
@receiver(post_delete, sender=Exhibit)
@receiver(post_save, sender=ExchangeRate)
@receiver(post_delete, sender=ExchangeRate)
@receiver(m2m_changed, sender=Activity.producer_groups.through)
@receiver(m2m_changed, sender=Activity.products.through)
@receiver(registry_changed)
def counted_changed(sender: Any, **kwargs: Any) -> None:
    figures_changed()


@receiver(post_migrate)
def database_migrated(sender: AppConfig, **kwargs: Any) -> None:
    """A migrated or flushed database may hold anything (sent once for each app: acted on once)."""
    if sender.name == "ogop.results":
        figures_changed()
