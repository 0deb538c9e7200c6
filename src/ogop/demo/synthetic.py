"""Synthetic registries at the scale of a district or a nation, for the benchmarks.

Deterministic (a seed gives the same data), written through bulk paths, with Thai and
English product names built from real Thai product words, so that segmentation and search
are exercised for real. Every record is marked illustrative.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.products.models import Category, Product

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


SCALES = {
    "smoke": Scale(groups=20, products=60),  # the test suite's run of the harness
    "demo": Scale(groups=400, products=1_000),
    "district": Scale(groups=4_000, products=10_000),
    "national": Scale(groups=40_000, products=100_000),
}
BATCH = 2_000
Progress = Callable[[Iterable[Any]], Iterable[Any]]


def _batches(count: int) -> range:
    return range(0, count, BATCH)


@transaction.atomic
def generate(*, scale: str, seed: int = 1, progress: Progress | None = None) -> dict[str, int]:
    """Producer groups and products in Thai tambons, then the search index; returns counts.

    Earlier synthetic records are replaced, so a run gives the same data whatever came before.
    """
    size = SCALES[scale]
    rng = random.Random(seed)
    Product.objects.filter(code__startswith="SYN-").delete()
    ProducerGroup.objects.filter(code__startswith="SYN-").delete()
    tambons = list(Area.objects.filter(country="TH", level=3).values_list("pk", flat=True))
    kinds = list(GroupKind.values)
    wrap = progress or (lambda items: items)
    group_ids: list[tuple[int, int]] = []
    for start in wrap(_batches(size.groups)):
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
        created = ProducerGroup.objects.bulk_create(batch)
        group_ids += [(group.pk, group.area_id) for group in created]
    for start in wrap(_batches(size.products)):
        products = []
        for number in range(start, min(start + BATCH, size.products)):
            word_th, word_en, category = rng.choice(PRODUCTS)
            quality_th, quality_en = rng.choice(QUALITIES)
            group_id, area_id = rng.choice(group_ids)
            name_en = f"{quality_en.capitalize()} {word_en} {number}"
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
                    is_public=rng.random() < 0.9,
                    is_illustrative=True,
                )
            )
        Product.objects.bulk_create(products)
    entries = rebuild(progress=progress)
    return {"groups": size.groups, "products": size.products, "index_entries": entries}


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
