"""Retire the figures of people trained kept in the cache (results.computations, the
dashboard) when anything they count changes: people, their places at activities, the
activities and components, and the groups and areas that give a person's area.

Signals are used here only because the kept figures are derived data (STYLE.md); writes that
bypass save() send `registry_changed` (imports of groups, loads of areas) or call
`people_changed` (bulk loads of synthetic data).
"""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from ogop.core.signals import registry_changed
from ogop.core.versions import changed
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.programme.models import Activity, Component, Participant, Person

PEOPLE = "people"


def people_changed() -> None:
    """Retire the kept figures of people once the current transaction commits."""
    changed(PEOPLE)


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
@receiver(post_save, sender=Participant)
@receiver(post_delete, sender=Participant)
@receiver(post_save, sender=Activity)
@receiver(post_delete, sender=Activity)
@receiver(post_save, sender=Component)
@receiver(post_delete, sender=Component)
@receiver(post_save, sender=ProducerGroup)
@receiver(post_delete, sender=ProducerGroup)
@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def counted_changed(sender: Any, **kwargs: Any) -> None:
    people_changed()


@receiver(registry_changed)
def groups_bulk_changed(
    sender: Any, group_ids: Any = (), area_ids: Any = (), **kwargs: Any
) -> None:
    if group_ids or area_ids:
        people_changed()


@receiver(post_migrate)
def database_migrated(sender: AppConfig, **kwargs: Any) -> None:
    """A migrated or flushed database may hold anything (sent once for each app: acted on once)."""
    if sender.name == "ogop.programme":
        people_changed()
