"""The demo's trade fair: the Bhutan pavilion at OTOP CITY 2017 with the 35 demo products.

Facts: the fair (OTOP CITY 2017, 17–25 December 2017, IMPACT Muang Thong Thani) and that 35
Bhutanese products went there. Illustrative, and marked so: the booths, fair prices, stock,
every sale and every buyer lead. Made from a seeded random generator, so the demo is the
same on every run, and running it again changes nothing.

OTOP CITY 2017 is long over, so its counter refuses every sale: the demo also has an
illustrative market open around the day the demo is loaded, where anyone can try the counter.
"""

import datetime as dt
import random
import uuid
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ogop.fairs.models import Booth, BuyerLead, Exhibit, Fair, LeadStatus, Restock, Sale
from ogop.fairs.services import (
    exhibit_create,
    fair_save,
    restock_record,
    sale_record,
    sale_void,
)
from ogop.products.models import Category, Product

if TYPE_CHECKING:
    from ogop.accounts.models import User

FAIR_CODE = "OTOP-CITY-2017"
SEED = 20171217
# Sale numbers of the demo are derived from this namespace, so a second run replays them.
SALE_NAMESPACE = uuid.UUID("6f1d2c1e-6a0b-4f53-9a57-0f2a1c7e2017")
# An illustrative rate for the demo's fair prices (ngultrum to baht, late 2017).
THB_PER_BTN = Decimal("0.5")

BOOTHS = [
    ("BT-01", "Bhutan pavilion: food", Category.FOOD),
    ("BT-02", "Bhutan pavilion: beverages", Category.BEVERAGE),
    ("BT-03", "Bhutan pavilion: textiles", Category.TEXTILE),
    ("BT-04", "Bhutan pavilion: crafts and souvenirs", Category.HOUSEHOLD),
    ("BT-05", "Bhutan pavilion: herbal products", Category.HERBAL),
]

# The market open today: (product code, opening stock). Peanut butter is sold out, so the
# counter shows what a sold-out product looks like.
MARKET_CODE = "OGOP-MARKET-DEMO"
MARKET_BOOTH = "M-01"
MARKET_STOCK = [
    ("BT-P001", 40),
    ("BT-P003", 25),
    ("BT-P007", 12),
    ("BT-P010", 30),
    ("BT-P011", 0),
    ("BT-P015", 18),
    ("BT-P024", 35),
    ("BT-P029", 20),
]
# The market runs from the day before the demo is loaded to a week after it.
MARKET_BEFORE = dt.timedelta(days=1)
MARKET_AFTER = dt.timedelta(days=7)

LEADS = [
    ("Aiko Tanaka", "Kyoto Fine Foods (illustrative)", "JP", LeadStatus.NEGOTIATING, 3),
    ("Somchai Wongsakul", "Bangkok Craft Retail (illustrative)", "TH", LeadStatus.CONTACTED, 2),
    ("Lena Fischer", "Himalaya Naturkost (illustrative)", "DE", LeadStatus.NEW, 2),
    ("Nguyen Thi Mai", "Saigon Gift House (illustrative)", "VN", LeadStatus.ORDERED, 1),
    ("David Chen", "Singapore Tea Traders (illustrative)", "SG", LeadStatus.CLOSED_LOST, 1),
]


def _fair_price(product: Product) -> Decimal:
    """The product's price in baht, rounded up to 5 baht; 30 baht at least."""
    price = (product.price or Decimal(60)) * THB_PER_BTN
    rounded = (price / 5).to_integral_value(rounding=ROUND_CEILING) * 5
    return max(rounded, Decimal(30))


def _opening_stock(price: Decimal, rng: random.Random) -> int:
    if price > 3000:
        return rng.randint(3, 6)
    if price > 500:
        return rng.randint(10, 25)
    return rng.randint(40, 120)


def _sales_per_day(price: Decimal, rng: random.Random) -> int:
    if price > 3000:
        return 1 if rng.random() < 0.15 else 0
    if price > 500:
        return rng.randint(0, 2)
    return rng.randint(0, 6)


def _booths(fair: Fair, users: dict[str, "User"]) -> list[tuple[Booth, list[Product]]]:
    products = list(Product.objects.filter(code__startswith="BT-P").order_by("code"))
    booths = []
    for code, name, category in BOOTHS:
        chosen = [product for product in products if product.category == category]
        if not chosen:
            continue
        booth, _created = Booth.objects.update_or_create(
            fair=fair,
            code=code,
            defaults={"name": name, "pavilion_country": "BT", "is_illustrative": True},
        )
        booth.producer_groups.add(*{product.producer_group_id for product in chosen})
        booths.append((booth, chosen))
    if booths and "cashier" in users:
        booths[0][0].cashiers.add(users["cashier"])
    return booths


def _exhibits(booths: list[tuple[Booth, list[Product]]], rng: random.Random) -> list[Exhibit]:
    exhibits = []
    for booth, products in booths:
        for product in products:
            price = _fair_price(product)
            stock = _opening_stock(price, rng)  # drawn on every run: the sequence stays the same
            exhibit = Exhibit.objects.filter(booth=booth, product=product).first()
            if exhibit is None:
                exhibit = exhibit_create(
                    booth=booth,
                    product=product,
                    fair_price=price,
                    min_price=(price * Decimal("0.9")).quantize(Decimal(1)),
                    opening_stock=stock,
                    is_illustrative=True,
                )
            exhibits.append(exhibit)
    return exhibits


def _sales(
    fair: Fair, exhibits: list[Exhibit], users: dict[str, "User"], rng: random.Random
) -> int:
    """Nine days of sales within stock, by the booth's cashier (the officer where none)."""
    cashier_booths = set(
        Booth.objects.filter(cashiers=users["cashier"]).values_list("pk", flat=True)
    )
    left = {exhibit.pk: exhibit.opening_stock for exhibit in exhibits}
    number = 0
    for day in fair.days():
        for exhibit in exhibits:
            for _ in range(_sales_per_day(exhibit.fair_price, rng)):
                quantity = rng.choice([1, 1, 1, 2, 2, 3])
                hour, minute = rng.randint(10, 20), rng.randint(0, 59)
                discount = rng.random() < 0.1
                method = rng.choice(["cash", "cash", "cash", "qr", "qr", "card", "transfer"])
                number += 1
                if left[exhibit.pk] < quantity:
                    continue
                left[exhibit.pk] -= quantity
                sale_record(
                    exhibit=exhibit,
                    quantity=quantity,
                    unit_price=exhibit.lowest_price if discount else exhibit.fair_price,
                    client_uuid=uuid.uuid5(SALE_NAMESPACE, f"{FAIR_CODE}/{number}"),
                    cashier=users["cashier"]
                    if exhibit.booth_id in cashier_booths
                    else users["officer"],
                    payment_method=method,
                    sold_at=dt.datetime.combine(day, dt.time(hour, minute), tzinfo=fair.tzinfo),
                    is_illustrative=True,
                )
    return number


def _voids(fair: Fair, users: dict[str, "User"]) -> None:
    for number, reason in [
        (3, "Keyed twice (illustrative)"),
        (40, "Customer returned it (illustrative)"),
    ]:
        sale = Sale.objects.filter(
            client_uuid=uuid.uuid5(SALE_NAMESPACE, f"{FAIR_CODE}/{number}")
        ).first()
        if sale is not None and sale.voided_at is None:
            sale_void(sale=sale, by=users["officer"], reason=reason)


def _restock(exhibits: list[Exhibit], users: dict[str, "User"]) -> None:
    """One restock, before the fair opened, of the first booth's first exhibit."""
    exhibit = exhibits[0]
    if not Restock.objects.filter(exhibit=exhibit).exists():
        restock_record(
            exhibit=exhibit,
            quantity=24,
            by=users["officer"],
            note="Second delivery (illustrative)",
            at=dt.datetime(2017, 12, 16, 18, 0, tzinfo=exhibit.booth.fair.tzinfo),
        )


def _leads(
    fair: Fair, exhibits: list[Exhibit], users: dict[str, "User"], rng: random.Random
) -> int:
    products = [exhibit.product for exhibit in exhibits]
    for name, company, country, status, wanted in LEADS:
        chosen = rng.sample(products, wanted)
        lead, created = BuyerLead.objects.get_or_create(
            fair=fair,
            buyer_name=name,
            defaults={
                "company": company,
                "country": country,
                "contact": f"{name.split()[0].lower()}@example.com",
                "status": status,
                "notes": "Illustrative lead met at the Bhutan pavilion.",
                "created_by": users["officer"],
                "is_illustrative": True,
            },
        )
        if created:
            lead.products.set(chosen)
    return len(LEADS)


def _market_fair(admin: "User") -> Fair:
    """The illustrative market, moved to run around today when today is outside it."""
    fair = Fair.objects.filter(code=MARKET_CODE).first() or Fair(
        code=MARKET_CODE,
        name_en="OGOP weekend market (illustrative)",
        name_th="ตลาดนัด OGOP (ตัวอย่างสาธิต)",
        venue_en="Centenary Farmers' Market",
        venue_th="ตลาดเกษตรกรครบรอบร้อยปี",
        city_en="Thimphu",
        city_th="ทิมพู",
        country="BT",
        currency="BTN",
        is_illustrative=True,
    )
    today = timezone.localdate(timezone=fair.tzinfo)
    if fair.pk is None or not fair.is_open_on(today):
        fair.starts_on, fair.ends_on = today - MARKET_BEFORE, today + MARKET_AFTER
        fair_save(fair=fair, user=admin)
    return fair


def load_market(users: dict[str, "User"]) -> Fair:
    """The illustrative market open today, with the demo cashier at its one stall."""
    fair = _market_fair(users["admin"])
    booth, _created = Booth.objects.update_or_create(
        fair=fair,
        code=MARKET_BOOTH,
        defaults={"name": "OGOP stall", "is_illustrative": True},
    )
    products = Product.objects.in_bulk([code for code, _stock in MARKET_STOCK], field_name="code")
    booth.producer_groups.add(*{product.producer_group_id for product in products.values()})
    if "cashier" in users:
        booth.cashiers.add(users["cashier"])
    for code, stock in MARKET_STOCK:
        if (
            code in products
            and not Exhibit.objects.filter(booth=booth, product__code=code).exists()
        ):
            price = products[code].price or Decimal(100)
            exhibit_create(
                booth=booth,
                product=products[code],
                fair_price=price,
                min_price=(price * Decimal("0.9")).quantize(Decimal(1)),
                opening_stock=stock,
                is_illustrative=True,
            )
    return fair


@transaction.atomic
def load(users: dict[str, "User"]) -> dict[str, int]:
    """Create or bring up to date the demo fair's booths, exhibits, sales and leads."""
    fair = Fair.objects.get(code=FAIR_CODE)
    rng = random.Random(SEED)
    booths = _booths(fair, users)
    exhibits = _exhibits(booths, rng)
    _restock(exhibits, users)
    _sales(fair, exhibits, users, rng)
    _voids(fair, users)
    leads = _leads(fair, exhibits, users, rng)
    load_market(users)
    return {
        "booths": len(booths),
        "exhibits": len(exhibits),
        "sales": Sale.objects.filter(exhibit__booth__fair=fair).count(),
        "leads": leads,
    }
