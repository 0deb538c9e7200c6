"""Synthetic data at the scale of a district or a nation, for the benchmarks.

Producer groups and products in Thai tambons, assessment rounds with the products' stars, a
cooperation programme with its activities, participants and computed indicators, and trade
fairs with their sales: one big fair holding most of them, the others small.

Deterministic (a seed gives the same data), written through bulk paths, with Thai and
English product names built from real Thai product words, so that segmentation and search
are exercised for real. Every record is marked illustrative (or named so, where a table has
no such mark).

Sales are never deleted by the platform, so the generator expects a database without
synthetic data; `replace=True` removes the earlier synthetic data first, with plain SQL.
"""

import datetime as dt
import itertools
import random
import uuid
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.db import connection, transaction

from ogop.accounts.models import Role, User
from ogop.catalog.indexing import rebuild
from ogop.core.freshness import renew_all
from ogop.demo.programme_synthetic import (
    AGENCY_ID,
    PERSON_NAME,
    delete_programme,
    generate_programme,
)
from ogop.fairs.models import (
    Booth,
    BuyerLead,
    Exhibit,
    Fair,
    FairTally,
    PaymentMethod,
    Sale,
    SaleTally,
)
from ogop.fairs.services import sale_tallies_rebuild
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.products.models import Category, Certification, Product, ProductPhoto, StageChange
from ogop.programme.models import Activity, Participant, Person, Programme
from ogop.rating.models import AssessmentRound, ProductRating, RoundStatus, Rubric

# (Thai, English, category): product words as OTOP catalogues write them.
PRODUCTS = [
    ("น้ำผึ้ง", "honey", Category.FOOD),
    ("ข้าวแดง", "red rice", Category.FOOD),
    ("ข้าวหอมมะลิ", "jasmine rice", Category.FOOD),
    ("ข้าวกล้อง", "brown rice", Category.FOOD),
    ("พริกแห้ง", "dried chilli", Category.FOOD),
    ("น้ำพริกเผา", "roasted chilli paste", Category.FOOD),
    ("ถั่วลิสงคั่ว", "roasted peanuts", Category.FOOD),
    ("กล้วยตาก", "sun-dried banana", Category.FOOD),
    ("มะม่วงอบแห้ง", "dried mango", Category.FOOD),
    ("แยมสับปะรด", "pineapple jam", Category.FOOD),
    ("ชาใบหม่อน", "mulberry leaf tea", Category.BEVERAGE),
    ("กาแฟคั่ว", "roasted coffee", Category.BEVERAGE),
    ("น้ำกระเจี๊ยบ", "roselle juice", Category.BEVERAGE),
    ("ไวน์ผลไม้", "fruit wine", Category.BEVERAGE),
    ("ผ้าไหมมัดหมี่", "mudmee silk", Category.TEXTILE),
    ("ผ้าฝ้ายทอมือ", "handwoven cotton", Category.TEXTILE),
    ("ผ้าคราม", "indigo cloth", Category.TEXTILE),
    ("ผ้าพันคอ", "scarf", Category.TEXTILE),
    ("กระเป๋าผ้า", "cloth bag", Category.TEXTILE),
    ("ตะกร้าหวาย", "rattan basket", Category.HOUSEHOLD),
    ("เครื่องจักสานไม้ไผ่", "bamboo wickerwork", Category.HOUSEHOLD),
    ("เครื่องปั้นดินเผา", "pottery", Category.HOUSEHOLD),
    ("ไม้แกะสลัก", "wood carving", Category.HOUSEHOLD),
    ("เทียนหอม", "scented candle", Category.HOUSEHOLD),
    ("สบู่สมุนไพร", "herbal soap", Category.HERBAL),
    ("ยาหม่องสมุนไพร", "herbal balm", Category.HERBAL),
    ("น้ำมันหอมระเหย", "essential oil", Category.HERBAL),
    ("ลูกประคบ", "herbal compress", Category.HERBAL),
]
QUALITIES = [
    ("อินทรีย์", "organic"),
    ("ป่า", "wild"),
    ("พรีเมียม", "premium"),
    ("ทำมือ", "handmade"),
    ("โบราณ", "traditional"),
    ("สด", "fresh"),
    ("หอม", "fragrant"),
    ("ชุมชน", "community"),
]


@dataclass(frozen=True)
class Scale:
    groups: int
    products: int
    activities: int  # of the synthetic programme
    participants: int  # places on its learning activities
    fairs: int
    sales: int  # at the big fair; each other fair has a small share of this
    rounds: int = 5  # closed assessment rounds, one a year
    rated_share: float = 0.4  # of the products, rated in each round


SCALES = {
    # the test suite's run of the harness
    "smoke": Scale(groups=20, products=60, activities=20, participants=200, fairs=3, sales=600),
    "demo": Scale(
        groups=400, products=1_000, activities=100, participants=2_000, fairs=10, sales=20_000
    ),
    "district": Scale(
        groups=4_000,
        products=10_000,
        activities=200,
        participants=20_000,
        fairs=20,
        sales=200_000,
    ),
    "national": Scale(
        groups=40_000,
        products=100_000,
        activities=2_000,
        participants=200_000,
        fairs=50,
        sales=2_000_000,
    ),
}
BATCH = 2_000
SALE_BATCH = 10_000
PREFIX = "SYN-"
BIG_FAIR = "SYN-F01"
# The big fair: nine days in Bangkok, within the synthetic programme's years (2016-2018).
BIG_FAIR_DAYS = (dt.date(2017, 12, 16), dt.date(2017, 12, 24))
PROGRAMME_SEED_OFFSET = 1_000  # the bench programme's seed, apart from the tests' small ones
CASHIER = "synthetic-cashier"
EXHIBITS_PER_BOOTH = 5
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
PAYMENTS = [PaymentMethod.CASH] * 6 + [PaymentMethod.QR] * 3 + [PaymentMethod.CARD]
T = TypeVar("T")


class Progress(Protocol):
    """Wraps the batches of a step (a progress bar, say); `desc` names the step."""

    def __call__(self, items: Iterable[T], desc: str | None = None) -> Iterable[T]: ...


class SyntheticDataExists(Exception):
    """The database already holds synthetic data, and it was not asked to replace it."""


def _no_progress(items: Iterable[T], desc: str | None = None) -> Iterable[T]:
    return items


def _batches(count: int, size: int = BATCH) -> range:
    return range(0, count, size)


def programme_identifier(seed: int) -> str:
    return f"{AGENCY_ID}-OGOP-{seed + PROGRAMME_SEED_OFFSET}"


def has_synthetic_data() -> bool:
    return (
        ProducerGroup.objects.filter(code__startswith=PREFIX).exists()
        or Fair.objects.filter(code__startswith=PREFIX).exists()
    )


def generate(
    *, scale: str, seed: int = 1, replace: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Every part of the synthetic data at a scale, then the search index; returns counts.

    Refuses (SyntheticDataExists) when synthetic data is there already, unless `replace`:
    then it is removed first, so that a run gives the same data whatever came before.
    """
    size = SCALES[scale]
    wrap = progress or _no_progress
    if has_synthetic_data():
        if not replace:
            raise SyntheticDataExists(
                "The database already holds synthetic data: replace it, or start from a "
                "fresh database."
            )
        remove()
    with transaction.atomic():
        groups = _groups(size, random.Random(seed), wrap)
        products = _products(size, random.Random(f"{seed}-products"), groups, wrap)
        ratings = _ratings(size, random.Random(f"{seed}-ratings"), products, wrap)
        programme = generate_programme(
            activities=size.activities,
            seed=seed + PROGRAMME_SEED_OFFSET,
            participants=size.participants,
            producer_groups=[pk for pk, _area in groups],
            computed=True,
        )
        sales = _fairs(size, random.Random(f"{seed}-fairs"), products, wrap)
        renew_all()  # written in bulk: no signal told the kept results
    entries = rebuild(progress=lambda items: wrap(items, "search index"))
    if connection.vendor == "postgresql":
        # The planner's statistics of the tables just filled: without them (autovacuum may be
        # off, or not have come by yet) it misjudges the computed indicators' joins.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "groups": size.groups,
        "products": size.products,
        "rounds": size.rounds,
        "ratings": ratings,
        "activities": size.activities,
        "participants": Participant.objects.filter(
            activity__component__programme=programme
        ).count(),
        "fairs": size.fairs,
        "sales": sales,
        "index_entries": entries,
    }


# Producer groups and products -------------------------------------------------------------


def _groups(size: Scale, rng: random.Random, wrap: Progress) -> list[tuple[int, int]]:
    """(id, area id) of each group made."""
    tambons = list(
        Area.objects.filter(country="TH", level=3).order_by("pk").values_list("pk", flat=True)
    )
    kinds = list(GroupKind.values)
    made: list[tuple[int, int]] = []
    for start in wrap(_batches(size.groups), "producer groups"):
        batch: list[ProducerGroup] = []
        for number in range(start, min(start + BATCH, size.groups)):
            word_th, word_en, _category = rng.choice(PRODUCTS)
            batch.append(
                ProducerGroup(
                    code=f"SYN-G{number:06d}",
                    name=f"{word_en.title()} group {number}",
                    name_en=f"{word_en.title()} group {number}",
                    name_th=f"กลุ่ม{word_th}ที่ {number}",
                    kind=rng.choice(kinds),
                    area_id=rng.choice(tambons),
                    members_female=rng.randint(3, 60),
                    members_male=rng.randint(0, 40),
                    is_illustrative=True,
                )
            )
        made += [(group.pk, group.area_id) for group in ProducerGroup.objects.bulk_create(batch)]
    return made


@dataclass(frozen=True)
class MadeProduct:
    pk: int
    price: Decimal
    stars: list[tuple[int, int]]  # (round number, stars) of each rating, oldest first


def _products(
    size: Scale, rng: random.Random, groups: list[tuple[int, int]], wrap: Progress
) -> list[MadeProduct]:
    """Products of the groups; a share of them rated in each round, their stars those of the
    last round that rated them."""
    made: list[MadeProduct] = []
    for start in wrap(_batches(size.products), "products"):
        products, histories = [], []
        for number in range(start, min(start + BATCH, size.products)):
            word_th, word_en, category = rng.choice(PRODUCTS)
            quality_th, quality_en = rng.choice(QUALITIES)
            group_id, area_id = rng.choice(groups)
            name_en = f"{quality_en.capitalize()} {word_en} {number}"
            history = _star_history(rng, size)
            histories.append(history)
            products.append(
                Product(
                    code=f"SYN-P{number:06d}",
                    name=name_en,
                    name_en=name_en,
                    name_th=f"{word_th}{quality_th}",
                    description_en=f"{word_en.capitalize()} made by a community group.",
                    description_th=f"{word_th}คุณภาพดีจากกลุ่มชุมชน",
                    category=category,
                    producer_group_id=group_id,
                    area_id=area_id,
                    price=Decimal(rng.randint(20, 2_000)),
                    currency="THB",
                    stars=history[-1][1] if history else None,
                    is_public=rng.random() < 0.9,
                    is_illustrative=True,
                )
            )
        created = Product.objects.bulk_create(products)
        made += [
            MadeProduct(product.pk, product.price or Decimal(0), history)
            for product, history in zip(created, histories, strict=True)
        ]
    return made


def _star_history(rng: random.Random, size: Scale) -> list[tuple[int, int]]:
    """The rounds that rated a product and its stars in each: they rise now and then."""
    history: list[tuple[int, int]] = []
    stars = rng.choice([1, 2, 2, 3, 3, 3, 4])
    for number in range(size.rounds):
        if rng.random() < size.rated_share:
            if history and rng.random() < 0.3:
                stars = min(5, stars + 1)
            history.append((number, stars))
    return history


# Assessment rounds -----------------------------------------------------------------------------


def _ratings(size: Scale, rng: random.Random, products: list[MadeProduct], wrap: Progress) -> int:
    """Closed rounds, one a year up to 2018, with the ratings the products' histories give."""
    rubric = Rubric.objects.filter(is_active=True).order_by("code", "-version").first()
    if rubric is None:
        raise ValueError("No rubric: the migrations ship them; migrate first.")
    first_year = 2018 - size.rounds + 1
    rounds = AssessmentRound.objects.bulk_create(
        AssessmentRound(
            name=f"Synthetic product rating {first_year + number} (illustrative)",
            date=dt.date(first_year + number, 11, 20),
            rubric=rubric,
            status=RoundStatus.CLOSED,
            closed_at=dt.datetime(first_year + number, 11, 30, 12, tzinfo=dt.UTC),
            is_illustrative=True,
        )
        for number in range(size.rounds)
    )
    rated = [(product.pk, number, stars) for product in products for number, stars in product.stars]
    through = AssessmentRound.products.through
    for start in wrap(_batches(len(rated), BATCH * 5), "ratings"):
        chunk = rated[start : start + BATCH * 5]
        through.objects.bulk_create(
            through(assessmentround_id=rounds[number].pk, product_id=product)
            for product, number, _stars in chunk
        )
        ProductRating.objects.bulk_create(
            ProductRating(
                product_id=product,
                round=rounds[number],
                score=Decimal(20 * stars - rng.randint(0, 15)),
                stars=stars,
                assessors=3,
                rated_on=rounds[number].date,
            )
            for product, number, stars in chunk
        )
    return len(rated)


# Fairs and sales ---------------------------------------------------------------------------------


def _cashier() -> User:
    user, created = User.objects.get_or_create(
        username=CASHIER, defaults={"role": Role.CASHIER, "first_name": "Synthetic cashier"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _fair(number: int, rng: random.Random) -> Fair:
    if number == 1:
        first, last = BIG_FAIR_DAYS
        name = "OTOP CITY national (synthetic)"
    else:
        first = dt.date(2016, 1, 10) + dt.timedelta(days=rng.randrange(4 * 365))
        last = first + dt.timedelta(days=rng.randint(2, 6))
        name = f"Synthetic regional fair {number}"
    return Fair(
        code=f"SYN-F{number:02d}",
        name=name,
        name_en=name,
        venue="Synthetic exhibition hall",
        city="Bangkok" if number == 1 else "Chiang Mai",
        country="TH",
        starts_on=first,
        ends_on=last,
        currency="THB",
    )


def _fairs(size: Scale, rng: random.Random, products: list[MadeProduct], wrap: Progress) -> int:
    """The fairs, their booths and exhibits, and their sales; returns the number of sales."""
    cashier = _cashier()
    fairs = Fair.objects.bulk_create(_fair(number, rng) for number in range(1, size.fairs + 1))
    small_sales = max(10, size.sales // 2_000)
    total = 0
    for fair in wrap(fairs, "fairs and sales"):
        big = fair.code == BIG_FAIR
        sales = size.sales if big else small_sales
        booths = max(4, sales // 2_000) if big else 4
        exhibits = _exhibits(fair, booths, rng, products)
        total += _sales(fair, exhibits, sales, cashier, rng, wrap if big else _no_progress)
    return total


def _exhibits(
    fair: Fair, booths: int, rng: random.Random, products: list[MadeProduct]
) -> list[Exhibit]:
    made = Booth.objects.bulk_create(
        Booth(fair=fair, code=f"B{number:04d}", name=f"Booth {number}", is_illustrative=True)
        for number in range(1, booths + 1)
    )
    exhibits = []
    for booth in made:
        for product in rng.sample(products, min(EXHIBITS_PER_BOOTH, len(products))):
            exhibits.append(
                Exhibit(
                    booth=booth,
                    product_id=product.pk,
                    fair_price=product.price,
                    is_illustrative=True,
                )
            )
    return Exhibit.objects.bulk_create(exhibits, batch_size=BATCH)


def _sales(
    fair: Fair,
    exhibits: list[Exhibit],
    count: int,
    cashier: User,
    rng: random.Random,
    wrap: Progress,
) -> int:
    """`count` sales at the fair, some exhibits selling far more than others, a few voided;
    then each exhibit's opening stock and stock left to match, and the sales' tallies."""
    # Some products sell far more than others (a long tail).
    weights = list(itertools.accumulate(rng.paretovariate(1.2) for _exhibit in exhibits))
    opens = [
        dt.datetime.combine(day, dt.time(10), tzinfo=BANGKOK).astimezone(dt.UTC)
        for day in fair.days()
    ]
    sold: Counter[int] = Counter()
    for start in wrap(_batches(count, SALE_BATCH), "sales"):
        number = min(SALE_BATCH, count - start)
        batch = []
        for exhibit in rng.choices(exhibits, cum_weights=weights, k=number):
            draw = rng.random()
            quantity = 1 if draw < 0.75 else 2 if draw < 0.95 else 3
            sold_at = rng.choice(opens) + dt.timedelta(seconds=rng.randrange(11 * 3600))
            void = draw < 0.005
            if not void:
                sold[exhibit.pk] += quantity
            batch.append(
                Sale(
                    client_uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    exhibit=exhibit,
                    quantity=quantity,
                    unit_price=exhibit.fair_price,
                    total=exhibit.fair_price * quantity,
                    currency=fair.currency,
                    payment_method=rng.choice(PAYMENTS),
                    sold_at=sold_at,
                    cashier=cashier,
                    voided_at=sold_at + dt.timedelta(minutes=5) if void else None,
                    voided_by=cashier if void else None,
                    void_reason="Keyed twice (illustrative)" if void else "",
                    is_illustrative=True,
                )
            )
        Sale.objects.bulk_create(batch)
    for exhibit in exhibits:
        exhibit.stock = rng.randint(0, 40)
        exhibit.opening_stock = sold[exhibit.pk] + exhibit.stock
    Exhibit.objects.bulk_update(exhibits, ["opening_stock", "stock"], batch_size=BATCH)
    sale_tallies_rebuild(fairs=[fair])
    return count


# Removing the synthetic data ---------------------------------------------------------------------

# What is removed, children first: (model, SQL condition on its rows). Sales are never deleted
# by the platform (their manager refuses), hence plain SQL for all of it.
_FAIRS = f"SELECT id FROM {Fair._meta.db_table} WHERE code LIKE 'SYN-%'"
_BOOTHS = f"SELECT id FROM {Booth._meta.db_table} WHERE fair_id IN ({_FAIRS})"
_EXHIBITS = f"SELECT id FROM {Exhibit._meta.db_table} WHERE booth_id IN ({_BOOTHS})"
_PRODUCTS = f"SELECT id FROM {Product._meta.db_table} WHERE code LIKE 'SYN-%'"
_GROUPS = f"SELECT id FROM {ProducerGroup._meta.db_table} WHERE code LIKE 'SYN-%'"
_ROUNDS = (
    f"SELECT id FROM {AssessmentRound._meta.db_table} "
    "WHERE name LIKE 'Synthetic product rating %' AND is_illustrative"
)
_PEOPLE = f"SELECT id FROM {Person._meta.db_table} WHERE name LIKE '{PERSON_NAME} %'"


def _removals() -> list[tuple[str, str]]:
    def table(model: Any) -> str:
        return str(model._meta.db_table)

    return [
        (table(SaleTally), f"exhibit_id IN ({_EXHIBITS})"),
        (table(FairTally), f"fair_id IN ({_FAIRS})"),
        (table(Sale), f"exhibit_id IN ({_EXHIBITS})"),
        (table(Exhibit), f"booth_id IN ({_BOOTHS})"),
        (table(Booth.producer_groups.through), f"booth_id IN ({_BOOTHS})"),
        (table(Booth.cashiers.through), f"booth_id IN ({_BOOTHS})"),
        (table(Booth), f"fair_id IN ({_FAIRS})"),
        (table(Fair), "code LIKE 'SYN-%'"),
        (table(AssessmentRound.products.through), f"assessmentround_id IN ({_ROUNDS})"),
        (table(ProductRating), f"round_id IN ({_ROUNDS})"),
        (table(AssessmentRound), f"id IN ({_ROUNDS})"),
        (table(Participant), f"person_id IN ({_PEOPLE})"),
        (table(Person), f"id IN ({_PEOPLE})"),
    ]


def _product_removals() -> list[tuple[str, str]]:
    """After the programme: what refers to the synthetic products and groups, then them."""

    def table(model: Any) -> str:
        return str(model._meta.db_table)

    products = f"product_id IN ({_PRODUCTS})"
    groups = f"producergroup_id IN ({_GROUPS})"
    return [
        (table(StageChange), products),
        (table(ProductPhoto), products),
        (table(Certification), products),
        (table(AssessmentRound.products.through), products),
        (table(Activity.products.through), products),
        (table(BuyerLead.products.through), products),
        (table(Product), "code LIKE 'SYN-%'"),
        (table(Activity.producer_groups.through), groups),
        (table(Booth.producer_groups.through), groups),
        (table(ProducerGroup), "code LIKE 'SYN-%'"),
    ]


def remove(progress: Progress | None = None) -> None:
    """Remove every synthetic record this module makes, whatever the seed and scale."""
    wrap = progress or _no_progress
    with transaction.atomic(), connection.cursor() as cursor:
        for table, condition in wrap(_removals(), "removing synthetic fairs and people"):
            cursor.execute(f"DELETE FROM {table} WHERE {condition}")
        for identifier in Programme.objects.filter(
            identifier__startswith=f"{AGENCY_ID}-OGOP-"
        ).values_list("identifier", flat=True):
            delete_programme(identifier)
        for table, condition in _product_removals():
            cursor.execute(f"DELETE FROM {table} WHERE {condition}")
        renew_all()  # removed in SQL: no signal told the kept results


def search_queries(count: int = 50, seed: int = 2) -> list[str]:
    """Queries as readers type them: Thai and English product words, some with a quality."""
    rng = random.Random(seed)
    queries = []
    for number in range(count):
        word_th, word_en, _category = rng.choice(PRODUCTS)
        quality_th, quality_en = rng.choice(QUALITIES)
        queries.append(
            [word_th, word_en, f"{word_th}{quality_th}", f"{quality_en} {word_en}"][number % 4]
        )
    return queries
