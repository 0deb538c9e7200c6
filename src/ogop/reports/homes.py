"""Each role's home: what starts the person's day, each item linked to where they act on it.

Every home reads a fixed number of queries, whatever the amount of data: lists are cut to
their first few items, with the number of all of them.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User
from ogop.fairs.models import Booth
from ogop.fairs.selectors import counters_of
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.products.selectors import (
    certifications_ending_before,
    product_list,
    registry_totals,
    with_photo_flag,
)
from ogop.programme.fieldwork_selectors import my_mission_list
from ogop.programme.models import Mission
from ogop.programme.selectors import late_activities
from ogop.rating.models import AssessmentRound
from ogop.rating.selectors import rounds_to_close, scores_awaited

# How many items of each list a home shows; the rest are counted.
FIRST = 10
# Certifications ending within this many days are to be renewed.
RENEW_WITHIN = dt.timedelta(days=60)


@dataclass(frozen=True)
class Gap:
    """Something a record lacks, and the link to the place where it is added."""

    action: Any
    url: str


@dataclass(frozen=True)
class Todo:
    """A record with what it lacks (nothing, once complete)."""

    record: Any
    gaps: list[Gap]


@dataclass(frozen=True)
class Part:
    """The first items of a list, and the number of all of them."""

    items: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _first(queryset: Any) -> Part:
    return Part(items=list(queryset[:FIRST]), total=queryset.count())


# Producer -----------------------------------------------------------------------------------


def _name_gaps(record: Any, edit: str) -> list[Gap]:
    gaps = []
    if not (record.name_th or "").strip():
        gaps.append(Gap(_("Add the name in Thai"), f"{edit}#id_name_th"))
    if not (record.name_dz or "").strip():
        gaps.append(Gap(_("Add the name in Dzongkha"), f"{edit}#id_name_dz"))
    return gaps


def product_gaps(product: Product) -> list[Gap]:
    """What a product lacks, annotated by products.selectors.product_list (its expired
    certifications) and with_photo_flag."""
    edit = reverse("product_edit", args=[product.code])
    gaps = []
    if not product.has_photo:  # type: ignore[attr-defined]  # an annotation of the products' selectors
        gaps.append(Gap(_("Add a photo"), f"{edit}#id_photo"))
    gaps.extend(_name_gaps(product, edit))
    if product.has_expired_certification:  # type: ignore[attr-defined]  # an annotation of the products' selectors
        url = f"{product.get_absolute_url()}#certifications"
        gaps.append(Gap(_("Renew the expired certification"), url))
    return gaps


@dataclass(frozen=True)
class ProducerHome:
    groups: list[Todo]
    products: list[Todo]

    @property
    def missing(self) -> int:
        """How many of the products lack something."""
        return sum(1 for todo in self.products if todo.gaps)


def producer_home(user: User) -> ProducerHome:
    """The groups the producer represents and all their products, with what each lacks:
    two queries (the groups, the products)."""
    groups: list[ProducerGroup] = list(
        ProducerGroup.objects.visible_to(user).order_by("name_en", "pk")
    )
    products = with_photo_flag(product_list(user=user))
    return ProducerHome(
        groups=[
            Todo(group, _name_gaps(group, reverse("producer_group_edit", args=[group.code])))
            for group in groups
        ],
        products=[Todo(product, product_gaps(product)) for product in products],
    )


# Officer ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerHome:
    late: Part  # of Activity
    certifications: Part  # of Certification: ending soon, or expired
    without_photos: Part  # of Product
    rounds: Part  # of AssessmentRound, open and dated today or earlier
    totals: dict[str, Any] = field(default_factory=dict)

    @property
    def nothing(self) -> bool:
        parts = (self.late, self.certifications, self.without_photos, self.rounds)
        return not any(part.total for part in parts)


def officer_home(user: User, today: dt.date) -> OfficerHome:
    """What needs a programme officer's attention across programmes, registry and rating."""
    late: Any = late_activities(today) if user.has_perm("programme.view_programme") else None
    rounds: Any = rounds_to_close(today) if user.has_perm("rating.manage_round") else None
    certifications = certifications_ending_before(user=user, day=today + RENEW_WITHIN)
    return OfficerHome(
        late=_first(late) if late is not None else Part([], 0),
        certifications=_first(certifications),
        without_photos=_first(product_list(user=user, has_photo=False)),
        rounds=_first(rounds) if rounds is not None else Part([], 0),
        totals=registry_totals(user=user),
    )


# Assessor, expert, cashier ------------------------------------------------------------------


def assessor_home(user: User) -> list[tuple[AssessmentRound, list[Product]]]:
    """The open rounds the assessor sits on, each with the products awaiting their scores."""
    return scores_awaited(user)


@dataclass(frozen=True)
class ExpertHome:
    reports_due: list[Mission]
    current: list[Mission]
    upcoming: list[Mission]
    total: int


def expert_home(user: User, today: dt.date) -> ExpertHome:
    """The expert's reports due (missions ended, report not submitted), and their missions
    under way and to come: one query."""
    missions = list(my_mission_list(user))
    return ExpertHome(
        reports_due=sorted(
            (m for m in missions if m.report_submitted_on is None and m.end <= today),
            key=lambda m: (m.end, m.pk),
        ),
        current=[m for m in missions if m.start <= today <= m.end],
        upcoming=sorted((m for m in missions if m.start > today), key=lambda m: (m.start, m.pk)),
        total=len(missions),
    )


@dataclass(frozen=True)
class CashierHome:
    today: list[Booth]
    later: list[Booth]


def cashier_home(user: User, today: dt.date) -> CashierHome:
    """The counters the cashier sells at today, and those of fairs still to come: one query."""
    booths = list(counters_of(user, today))
    return CashierHome(
        today=[booth for booth in booths if booth.fair.starts_on <= today],
        later=[booth for booth in booths if booth.fair.starts_on > today],
    )
