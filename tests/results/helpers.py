"""Helpers that build the data the computed indicators count, each in a line."""

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from ogop.accounts.models import Role
from ogop.fairs.models import Sale
from ogop.fairs.services import sale_tallies_rebuild
from ogop.products.models import Product, StageChange
from ogop.rating.models import AssessmentRound, ProductRating, RoundStatus, Rubric
from tests.factories import UserFactory
from tests.fairs.factories import ExhibitFactory, FairFactory

LOCAL = ZoneInfo(settings.TIME_ZONE)


def rate(product: Product, day: dt.date, stars: int) -> ProductRating:
    """A closed round on `day` that gave the product `stars`."""
    closed = AssessmentRound.objects.create(
        name=f"Panel {day} {product.code}",
        date=day,
        rubric=Rubric.objects.filter(is_active=True).first(),
        status=RoundStatus.CLOSED,
        closed_at=timezone.now(),
    )
    return ProductRating.objects.create(
        product=product,
        round=closed,
        score=Decimal(stars * 18),
        stars=stars,
        assessors=1,
        rated_on=day,
    )


def move(product: Product, day: dt.date, from_stage: str | None, to_stage: str) -> StageChange:
    return StageChange.objects.create(
        product=product, from_stage_id=from_stage, to_stage_id=to_stage, moved_on=day
    )


def registered_on(product: Product, day: dt.date) -> None:
    """Date the product's entry in the registry (noon, local time)."""
    moment = dt.datetime(day.year, day.month, day.day, 12, tzinfo=LOCAL)
    Product.objects.filter(pk=product.pk).update(created_at=moment)


class Counter:
    """Sales at a fair in Bhutan (the programme's time zone) in one currency, made at given
    local times, written directly (the dates are long past) and then tallied."""

    def __init__(self, currency: str = "THB", country: str = "BT") -> None:
        self.fair = FairFactory(currency=currency, country=country)
        self.currency = currency
        self.cashier = UserFactory(role=Role.CASHIER)
        self.exhibits: dict[int, Any] = {}

    def sell(self, product: Product, when: dt.datetime, total: str, *, void: bool = False) -> Sale:
        if product.pk not in self.exhibits:
            self.exhibits[product.pk] = ExhibitFactory(booth__fair=self.fair, product=product)
        amount = Decimal(total)
        sale = Sale.objects.create(
            exhibit=self.exhibits[product.pk],
            quantity=1,
            unit_price=amount,
            total=amount,
            currency=self.currency,
            sold_at=when.replace(tzinfo=LOCAL) if when.tzinfo is None else when,
            cashier=self.cashier,
            voided_at=timezone.now() if void else None,
            void_reason="typed twice" if void else "",
        )
        sale_tallies_rebuild(fairs=[self.fair])
        return sale
