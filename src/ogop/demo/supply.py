"""The demo's purchases, lots and batches: what OGOP bought from the demo's groups and packed
for OTOP CITY 2017, what it paid them, a second round of buying in 2018, and raw materials
bought by the kilogram and the litre after the 2018 harvest.

All illustrative, and marked so. Consistent with the fair: each product shown there was bought
from its group in November 2017 and packed in a batch in early December, before the fair
opened on 17 December, and each batch holds at least what the booth received (its opening
stock and restocks). A few groups are still owed part of the 2017 money, so that the
purchases page shows balances. Made from a seeded random generator, and idempotent: the
purchases' numbers are derived from a fixed namespace, so a second run finds them.
"""

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum

from ogop.demo.fairs import FAIR_CODE
from ogop.fairs.models import Exhibit
from ogop.producers.models import ProducerGroup
from ogop.products.models import Category, Product
from ogop.supply.models import Batch, Payment, Purchase
from ogop.supply.selectors import owed_to
from ogop.supply.services import batch_pack, payment_record, purchase_record

if TYPE_CHECKING:
    from ogop.accounts.models import User

SEED = 20171120
PURCHASE_NAMESPACE = uuid.UUID("0c9b3f5e-2d1a-4e8b-9f6c-3b7a5d1e2017")
# What OGOP pays a group for a unit, as a share of the product's shop price (illustrative).
FARM_GATE_SHARE = Decimal("0.6")
# Groups left owed part of their 2017 money: the share of it paid.
PARTLY_PAID = {"PG-URA-CHILLI": Decimal("0.5"), "PG-TANG-HONEY": Decimal("0.7")}
# Products that keep: a best-before date a year after packing.
PERISHABLE = {Category.FOOD, Category.BEVERAGE, Category.HERBAL}
# Products bought again in 2018, with the quantity bought.
ROUND_2018 = [("BT-P001", 300), ("BT-P003", 120), ("BT-P010", 80), ("BT-P024", 60)]
# Raw materials bought by weight and by volume after the 2018 harvest, for processing: the
# group, what, how much, in which unit, and the price of a unit in ngultrum.
RAW_2018 = [
    ("PG-DOPSHARI-RICE", "Red rice paddy", 1200, "kg", Decimal(32)),
    ("PG-GELEPHU-SPICE", "Fresh turmeric rhizomes", 450, "kg", Decimal(28)),
    ("PG-BARSHONG-OIL", "Mustard seed", 300, "kg", Decimal(45)),
    ("PG-BJI-DAIRY", "Fresh yak and cow milk", 800, "l", Decimal(40)),
    ("PG-CHASKHAR-LEMONGRASS", "Lemongrass oil, in bulk", 25, "l", Decimal(1800)),
]
RAW_BOUGHT_ON, RAW_PAID_ON = dt.date(2018, 10, 8), dt.date(2018, 11, 5)


def _number(*parts: object) -> uuid.UUID:
    return uuid.uuid5(PURCHASE_NAMESPACE, "/".join(str(part) for part in parts))


def _buy(product: Product, quantity: int, day: dt.date, buyer: "User") -> Purchase:
    unit_price = ((product.price or Decimal(100)) * FARM_GATE_SHARE).quantize(Decimal(1))
    return _bought(
        product.producer_group,
        _number(product.code, day.isoformat()),
        day=day,
        quantity=quantity,
        unit="piece",
        unit_price=unit_price,
        currency=product.currency,
        buyer=buyer,
        product=product,
    )


def _bought(
    group: ProducerGroup,
    number: uuid.UUID,
    *,
    day: dt.date,
    quantity: int,
    unit: str,
    unit_price: Decimal,
    currency: str,
    buyer: "User",
    product: Product | None = None,
    material: str = "",
) -> Purchase:
    """The demo's purchase of this number: recorded once, found on every later run."""
    found = Purchase.objects.filter(client_uuid=number).first()
    if found is not None:  # bought on an earlier run (its product may have changed since)
        return found
    purchase, _made = purchase_record(
        group=group,
        bought_on=day,
        product=product,
        material=material,
        quantity=Decimal(quantity),
        unit=unit,
        unit_price=unit_price,
        currency=currency,
        user=buyer,
        client_uuid=number,
        is_illustrative=True,
    )
    return purchase


def _pack(purchase: Purchase, code: str, quantity: int, day: dt.date, buyer: "User") -> Batch:
    product = purchase.product
    assert product is not None  # the demo buys products
    found = Batch.objects.filter(product=product, code=code).first()
    if found is not None:
        return found
    lost = Decimal(purchase.quantity - quantity)
    return batch_pack(
        product=product,
        code=code,
        produced_on=day,
        best_before=day.replace(year=day.year + 1) if product.category in PERISHABLE else None,
        quantity=quantity,
        inputs=[(purchase.lot, purchase.quantity, lost)],
        user=buyer,
        is_illustrative=True,
    )


def _pay(group_code: str, share: Decimal, day: dt.date, buyer: "User", reference: str) -> None:
    purchases = Purchase.objects.filter(group__code=group_code, bought_on__year=day.year)
    first = purchases.select_related("group").first()
    group = first.group if first is not None else None
    if group is None or Payment.objects.filter(group=group, reference=reference).exists():
        return
    for row in purchases.values("currency").annotate(total=Sum("amount")):
        amount = min((row["total"] * share).quantize(Decimal(1)), owed_to(group, row["currency"]))
        if amount > 0:
            payment_record(
                group=group,
                paid_on=day,
                amount=amount,
                currency=row["currency"],
                method="transfer",
                paid_to=f"{group.name} (treasurer)",
                reference=reference,
                user=buyer,
                is_illustrative=True,
            )


def _buy_raw_materials(buyer: "User") -> None:
    """The 2018 raw materials, paid in full a month later (after the year's other payments,
    which they are no part of)."""
    groups = {
        group.code: group
        for group in ProducerGroup.objects.filter(code__in=[r[0] for r in RAW_2018])
    }
    for code, material, quantity, unit, unit_price in RAW_2018:
        _bought(
            groups[code],
            _number(code, material, RAW_BOUGHT_ON.isoformat()),
            day=RAW_BOUGHT_ON,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            currency="BTN",
            buyer=buyer,
            material=material,
        )
    for code in sorted(groups):
        _pay(code, Decimal(1), RAW_PAID_ON, buyer, "OGOP-2018-RAW")


def load(users: dict[str, "User"]) -> dict[str, int]:
    """Create what is missing of the demo's purchases, batches and payments."""
    buyer = users["partner"]
    rng = random.Random(SEED)
    exhibits = (
        Exhibit.objects.filter(booth__fair__code=FAIR_CODE)
        .select_related("product", "product__producer_group")
        .annotate(restocked=Sum("restocks__quantity"))
        .order_by("product__code")
    )
    for exhibit in exhibits:
        delivered = exhibit.opening_stock + (exhibit.restocked or 0)
        spare = rng.randint(2, 6)  # drawn on every run: the sequence stays the same
        bought_on = dt.date(2017, 11, rng.randint(1, 25))
        packed_on = dt.date(2017, 12, rng.randint(4, 12))
        purchase = _buy(exhibit.product, delivered + spare, bought_on, buyer)
        _pack(purchase, f"{exhibit.product.code}-1712", delivered + spare - 1, packed_on, buyer)
    groups = sorted({exhibit.product.producer_group.code for exhibit in exhibits})
    for code in groups:
        _pay(code, PARTLY_PAID.get(code, Decimal(1)), dt.date(2017, 12, 14), buyer, "OGOP-2017")
    for code, quantity in ROUND_2018:
        product = Product.objects.select_related("producer_group").get(code=code)
        purchase = _buy(product, quantity, dt.date(2018, 4, 10), buyer)
        _pack(purchase, f"{code}-1804", quantity - 2, dt.date(2018, 4, 20), buyer)
    for code in sorted({code for code, _quantity in ROUND_2018}):
        group = Product.objects.get(code=code).producer_group.code
        _pay(group, Decimal(1), dt.date(2018, 5, 15), buyer, "OGOP-2018")
    _buy_raw_materials(buyer)
    return {
        "purchases": Purchase.objects.filter(is_illustrative=True).count(),
        "batches": Batch.objects.filter(is_illustrative=True).count(),
    }
