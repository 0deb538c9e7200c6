"""What each result the server keeps reads, and the receivers that retire it when that changes.

A kept result (a page of the public catalog, a computed indicator's figures, a figure of the
dashboard) is kept under the version of a name (core.versions). `READS` declares, for each
name, every model whose rows the results kept under it read, by label: this module imports no
app. `connect` makes every save and delete of those models, and every change to those
many-to-many relations, renew the versions of the names that read them once the transaction
commits. A write that sends no such signal (an import, a bulk load, an update with F())
calls `renew` with the models it wrote, or `renew_all` when it may have written anything (a
restore, the demo); the registry's bulk writes send `registry_changed`, which renews the
names that read what it names. tests/core/test_freshness.py fails when a kept result reads
a model its name does not declare.

Signals are used here only because the kept results are derived data (STYLE.md).
"""

from typing import Any

from django.apps import AppConfig, apps
from django.db.models import Model
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)

from ogop.core import versions
from ogop.core.signals import registry_changed
from ogop.core.versions import changed

# The pages of the public catalog (catalog.cache).
CATALOG = "catalog"
# The computed indicators' figures over the registry, for the groups a programme serves
# (results.computations, the dashboard's products by stage). Which groups those are is not
# among their versions: it is in their key, as the digest kept under SERVED. So an activity
# saved without changing whom the programme serves (its dates, its budget, its title: most
# writes to an activity) leaves these figures kept.
FIGURES = "figures"
# The groups a programme's activities serve, as a digest (programme.metrics.served_digest).
SERVED = "served"
# The figures of people trained: apart from FIGURES, so that recording a trainee, the
# commonest write in the field, leaves every figure over the registry kept.
PEOPLE = "people"
# The figures of sales at fairs, read from the sales' daily tallies.
SALES = "sales"
# The figures of money paid to producer groups for what was bought from them.
PAYMENTS = "payments"
# The figures of what was bought from producer groups: apart from PAYMENTS, so that recording
# a purchase, a buying officer's commonest write, leaves the money paid kept.
PURCHASES = "purchases"

READS: dict[str, frozenset[str]] = {
    CATALOG: frozenset(
        {
            "places.Area",
            "producers.ProducerGroup",
            "products.Product",
            "products.Stage",
            "products.ProductPhoto",
            "products.Certification",
            "fairs.Fair",
            "fairs.Booth",
            "fairs.Exhibit",
            "catalog.SearchEntry",
        }
    ),
    FIGURES: frozenset(
        {
            "places.Area",
            "producers.ProducerGroup",
            # The members of a group on a day (producers.selectors.members_on).
            "producers.HistoricalProducerGroup",
            "products.Product",
            "products.Stage",
            "products.StageChange",
            "rating.ProductRating",
            "fairs.Exhibit",
            "programme.ExchangeRate",
        }
    ),
    SERVED: frozenset(
        {
            "products.Product",
            "programme.Component",
            "programme.Activity",
            "programme.Activity_producer_groups",
            "programme.Activity_products",
        }
    ),
    PEOPLE: frozenset(
        {
            "places.Area",
            "producers.ProducerGroup",
            "programme.Component",
            "programme.Activity",
            "programme.Person",
            "programme.Participant",
        }
    ),
    SALES: frozenset({"fairs.SaleTally"}),
    PAYMENTS: frozenset({"supply.Payment"}),
    PURCHASES: frozenset({"supply.Purchase"}),
}

# Models read by kept results that only services write, and never through save(): with F()
# or in bulk, each followed by `renew`. A receiver would tell nothing more, and would cost
# their deletes their speed (Django fetches the rows of a model that has delete receivers).
WRITTEN_ONLY_WITH_RENEW = frozenset({"fairs.SaleTally", "catalog.SearchEntry"})

# Rows that some kept results read in parts (core.versions.kept_parts), so that recording a
# trainee recounts a few thousand rows, not every trainee place. A part of a family holds
# the rows whose field (below) has a value in [n * PART_SIZE, (n + 1) * PART_SIZE): for the
# people trained, each person with their trainee places, so that a person is counted within
# one part. Part n is kept under a version of its own ("trained/n"), which a write to one of
# its rows renews, and under its family's ("trained/*"), which a write that names no row
# (`renew`) renews, as does a write to any model of FAMILY_READS (a group's area, an area's
# path). What the parts read is declared by the name they are kept under in READS.
PART_SIZE = 4096
TRAINED = "trained"
PARTED: dict[str, tuple[str, str]] = {
    "programme.Person": (TRAINED, "id"),
    "programme.Participant": (TRAINED, "person_id"),
}
FAMILY_READS: dict[str, frozenset[str]] = {
    TRAINED: frozenset({"producers.ProducerGroup", "places.Area"}),
}

# What the ids that `registry_changed` carries are the ids of.
REGISTRY_IDS = {
    "product_ids": "products.Product",
    "group_ids": "producers.ProducerGroup",
    "area_ids": "places.Area",
}


def _label(model: type[Model] | str) -> str:
    """The label of the model whose table holds the rows: a proxy's is its concrete model's.
    An unknown label raises LookupError rather than renewing nothing."""
    found = apps.get_model(model) if isinstance(model, str) else model
    return found._meta.concrete_model._meta.label  # type: ignore[union-attr]  # a model class, whose _meta the checker cannot see


def readers(*models: type[Model] | str) -> list[str]:
    """The names whose kept results read any of these models."""
    labels = {_label(model) for model in models}
    return sorted(name for name, read in READS.items() if labels & read)


def part_versions(family: str, numbers: list[int]) -> dict[int, tuple[str, str]]:
    """The versions that each part of a family is kept under (PARTED)."""
    return {number: (f"{family}/*", f"{family}/{number}") for number in numbers}


def part_of(value: int) -> int:
    """The number of the part that a row whose field has this value is in."""
    return value // PART_SIZE


def _renew_parts(labels: set[str]) -> None:
    """Renew every part of the families whose rows these models hold, or that read them (the
    parts' own versions: not names in READS)."""
    families = {PARTED[label][0] for label in labels & set(PARTED)}
    families |= {family for family, read in FAMILY_READS.items() if labels & read}
    for family in sorted(families):
        versions.changed(f"{family}/*")
        versions.changed(f"{family}/+")


def _renew_part(label: str, value: int | None) -> None:
    """Renew the part of a row, and with it its family's latest version ("family/+", which a
    result made of every part is kept under, see core.versions)."""
    if value is not None:
        family = PARTED[label][0]
        versions.changed(f"{family}/{part_of(value)}")
        versions.changed(f"{family}/+")


def renew(*models: type[Model] | str) -> None:
    """These models were written where no signal follows (bulk, F(), raw SQL): retire every
    result kept from them, once the current transaction commits (at once outside one)."""
    for name in readers(*models):
        changed(name)
    _renew_parts({_label(model) for model in models})


def renew_all() -> None:
    """Anything may have been written (a restore, a load of data): retire every kept result,
    once the current transaction commits (at once outside one)."""
    for name in sorted(READS):
        changed(name)
    _renew_parts(set(PARTED))


def _written(sender: type[Model], **kwargs: Any) -> None:
    """A row was saved or deleted (`instance`), or a relation changed: of a parted model, only
    the part of the row is renewed, with every name that reads the model."""
    label = _label(sender)
    instance = kwargs.get("instance")
    if label in PARTED and isinstance(instance, sender):
        for name in readers(label):
            changed(name)
        _renew_part(label, getattr(instance, PARTED[label][1]))
    else:
        renew(sender)


def _moving(sender: type[Model], **kwargs: Any) -> None:
    """A row about to be saved may leave its part (a trainee place given to another person):
    the part it leaves is renewed too."""
    instance = kwargs["instance"]
    label = _label(sender)
    field = PARTED[label][1]
    if instance.pk is None or instance._state.adding:
        return
    before = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    if before is not None and before != getattr(instance, field):
        _renew_part(label, before)


def _registry_written(sender: Any, **kwargs: Any) -> None:
    written: list[type[Model] | str] = [
        label for key, label in REGISTRY_IDS.items() if kwargs.get(key)
    ]
    if isinstance(sender, type) and issubclass(sender, Model):
        written.append(sender)
    renew(*written)


def _migrated(sender: AppConfig, **kwargs: Any) -> None:
    """A migrated or flushed database may hold anything (sent once for each app: acted on
    once, for the first)."""
    if sender.name == "ogop.core":
        renew_all()


def connect() -> None:
    """Connect the receivers (CoreConfig.ready, once every app's models are loaded)."""
    for label in sorted(set().union(*READS.values()) - WRITTEN_ONLY_WITH_RENEW):
        model = apps.get_model(label)
        uid = f"ogop.core.freshness:{label}"
        post_save.connect(_written, sender=model, dispatch_uid=uid)
        post_delete.connect(_written, sender=model, dispatch_uid=uid)
        # Sent by a relation's manager (add, remove, clear, set) with its through model.
        m2m_changed.connect(_written, sender=model, dispatch_uid=uid)
        if label in PARTED and PARTED[label][1] != model._meta.pk.attname:
            pre_save.connect(_moving, sender=model, dispatch_uid=uid)
    registry_changed.connect(_registry_written, dispatch_uid="ogop.core.freshness:registry")
    post_migrate.connect(_migrated, dispatch_uid="ogop.core.freshness:migrated")
