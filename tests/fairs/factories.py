"""Factories of fairs, booths and exhibits that build valid records in a line."""

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

import factory
from django.utils import timezone

from ogop.accounts.models import Role
from ogop.fairs.models import COUNTRY_TIME_ZONES, Booth, BuyerLead, Exhibit, Fair
from ogop.fairs.services import sale_record
from tests.factories import ProductFactory, UserFactory


def today() -> dt.date:
    """Today at the factory's fairs, in Thailand: between midnight there and midnight in
    Thimphu, the platform's own date is still yesterday."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(COUNTRY_TIME_ZONES["TH"]))


class FairFactory(factory.django.DjangoModelFactory):
    """A THB fair running from two days ago to two days ahead, so that sales made now count."""

    class Meta:
        model = Fair

    code = factory.Sequence(lambda n: f"FAIR-{n:03d}")
    name_en = factory.Sequence(lambda n: f"Fair {n}")
    name = factory.SelfAttribute("name_en")
    venue_en = "IMPACT Muang Thong Thani"
    venue = factory.SelfAttribute("venue_en")
    city_en = "Nonthaburi"
    city = factory.SelfAttribute("city_en")
    country = "TH"
    starts_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=2))
    ends_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=2))
    currency = "THB"


# The payee of a fair in ngultrum's merchant QR (the scheme's id is the server's setting).
MERCHANT_QR = {
    "qr_merchant_id": "M1234",
    "qr_merchant_name": "Bhutan Pavilion",
    "qr_merchant_city": "Thimphu",
    "qr_merchant_category": "5999",
}


def ngultrum_fair(**fields: object) -> Fair:
    """A fair in Bhutan, in ngultrum, whose counter's QR pays the merchant above."""
    return FairFactory(currency="BTN", country="BT", **(MERCHANT_QR | fields))


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth
        skip_postgeneration_save = True

    fair = factory.SubFactory(FairFactory)
    code = factory.Sequence(lambda n: f"B-{n:02d}")
    name = factory.Sequence(lambda n: f"Booth {n}")
    pavilion_country = "BT"

    @factory.post_generation
    def cashiers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.cashiers.set(extracted)


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibit

    booth = factory.SubFactory(BoothFactory)
    product = factory.SubFactory(ProductFactory)
    fair_price = Decimal("90.00")
    min_price = Decimal("80.00")
    opening_stock = 10
    stock = factory.SelfAttribute("opening_stock")


class BuyerLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuyerLead
        skip_postgeneration_save = True

    fair = factory.SubFactory(FairFactory)
    buyer_name = factory.Faker("name")
    company = factory.Faker("company")
    country = "JP"
    contact = factory.Faker("email")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def products(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.products.set(extracted)


def sale_each_day(exhibit: Exhibit) -> int:
    """A sale of the exhibit at 90 on each day of its fair, of 1, 2, 3, 1, 2, 3… items; returns
    how many items were sold."""
    fair = exhibit.booth.fair
    cashier = UserFactory(role=Role.CASHIER)
    sold = 0
    for offset in range((fair.ends_on - fair.starts_on).days + 1):
        when = dt.datetime.combine(fair.starts_on + dt.timedelta(days=offset), dt.time(14))
        sale_record(
            exhibit=exhibit,
            quantity=1 + offset % 3,
            unit_price=Decimal("90"),
            client_uuid=uuid.uuid4(),
            cashier=cashier,
            sold_at=when.replace(tzinfo=fair.tzinfo),
        )
        sold += 1 + offset % 3
    return sold
