"""Reads of purchases, payments, lots and batches that pages, the API and reports share."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet, Sum
from django.http import Http404

from ogop.accounts.models import User
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.supply.models import Batch, BatchInput, Lot, Payment, Purchase
from ogop.supply.rules import group_ids_seen

ZERO = Decimal(0)


@dataclass(frozen=True)
class Balance:
    """What a group was bought from and paid, and what it is still owed, in one currency."""

    currency: str
    bought: Decimal
    paid: Decimal

    @property
    def owed(self) -> Decimal:
        return self.bought - self.paid


def group_balances(group: ProducerGroup) -> list[Balance]:
    """The group's balance in each currency it was bought from in, or paid in."""
    bought = dict(
        Purchase.objects.filter(group=group)
        .values("currency")
        .annotate(total=Sum("amount"))
        .values_list("currency", "total")
    )
    paid = dict(
        Payment.objects.filter(group=group)
        .values("currency")
        .annotate(total=Sum("amount"))
        .values_list("currency", "total")
    )
    return [
        Balance(currency=currency, bought=bought.get(currency, ZERO), paid=paid.get(currency, ZERO))
        for currency in sorted(bought.keys() | paid.keys())
    ]


def owed_to(group: ProducerGroup, currency: str) -> Decimal:
    for balance in group_balances(group):
        if balance.currency == currency:
            return balance.owed
    return ZERO


def purchase_list(
    *, user: User | AnonymousUser, group: ProducerGroup | None = None
) -> QuerySet[Purchase]:
    purchases = Purchase.objects.visible_to(user).select_related(
        "group", "group__area", "product", "lot"
    )
    return purchases.filter(group=group) if group is not None else purchases


def payment_list(
    *, user: User | AnonymousUser, group: ProducerGroup | None = None
) -> QuerySet[Payment]:
    payments = Payment.objects.visible_to(user).select_related("group")
    return payments.filter(group=group) if group is not None else payments


def payment_for_user(*, user: User | AnonymousUser, pk: int) -> Payment:
    """The payment if the user may see it (404 otherwise), with what its receipt names."""
    payment = (
        Payment.objects.visible_to(user)
        .select_related("group__area__parent__parent", "recorded_by__organisation")
        .filter(pk=pk)
        .first()
    )
    if payment is None or not user.has_perm("supply.view_payment"):
        raise Http404
    return payment


@dataclass(frozen=True)
class Settled:
    """A purchase a payment pays for: how much of its amount, and whether that finishes it."""

    purchase: Purchase
    paid: Decimal
    in_full: bool


@dataclass(frozen=True)
class PaymentReceipt:
    """What a payment's receipt says beyond the payment: what it paid for, and what the group
    was owed before it and is still owed after it, in its currency."""

    payment: Payment
    settled: list[Settled]
    owed_before: Decimal

    @property
    def owed_after(self) -> Decimal:
        return self.owed_before - self.payment.amount


def payment_receipt(payment: Payment) -> PaymentReceipt:
    """The payment's receipt as it stood when the payment was recorded: later purchases and
    payments change nothing of it.

    Payments settle a group's purchases in one currency oldest first, in the order they were
    recorded: this payment pays for what the payments recorded before it had not.
    """
    purchases = Purchase.objects.filter(
        group_id=payment.group_id,
        currency=payment.currency,
        created_at__lte=payment.created_at,
    ).order_by("pk")
    paid_before = (
        Payment.objects.filter(
            group_id=payment.group_id, currency=payment.currency, pk__lt=payment.pk
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    start, end = paid_before, paid_before + payment.amount
    covered: dict[int, tuple[Decimal, bool]] = {}
    bought = ZERO
    for pk, amount in purchases.values_list("pk", "amount"):
        before, bought = bought, bought + amount
        paid = min(bought, end) - max(before, start)
        if paid > 0:
            covered[pk] = (paid, bought <= end)
    rows = purchases.filter(pk__in=covered).select_related("product", "lot")
    settled = [Settled(row, *covered[row.pk]) for row in rows]
    return PaymentReceipt(payment=payment, settled=settled, owed_before=bought - paid_before)


def lots_with_stock() -> QuerySet[Lot]:
    """The lots a batch may still take from, oldest first."""
    return (
        Lot.objects.filter(used__lt=F("quantity"))
        .select_related("purchase", "purchase__group", "purchase__product")
        .order_by("purchase__bought_on", "pk")
    )


def batch_list(*, user: User | AnonymousUser) -> QuerySet[Batch]:
    return Batch.objects.visible_to(user).select_related("product", "product__producer_group")


def _batch_with_inputs(batches: QuerySet[Batch] | None = None) -> QuerySet[Batch]:
    inputs = BatchInput.objects.select_related(
        "lot",
        "lot__purchase",
        "lot__purchase__group",
        "lot__purchase__group__area",
        "lot__purchase__group__area__parent",
        "lot__purchase__product",
    )
    batches = Batch.objects.all() if batches is None else batches
    return batches.select_related(
        "product", "product__producer_group", "product__area", "product__area__parent"
    ).prefetch_related(Prefetch("inputs", queryset=inputs))


def batch_for_user(*, user: User | AnonymousUser, pk: int, perm: str) -> Batch:
    """The batch if the user may `perm` it: 404 when they may not see it, 403 when only seeing."""
    batch = _batch_with_inputs(Batch.objects.visible_to(user)).filter(pk=pk).first()
    if batch is None:
        raise Http404
    if not user.has_perm("supply.view_batch") or not user.has_perm(perm):
        raise PermissionDenied
    return batch


def purchase_for_user(*, user: User | AnonymousUser, pk: int) -> Purchase:
    """The purchase if the user may see it (404 otherwise)."""
    purchase = purchase_list(user=user).filter(pk=pk).first()
    if purchase is None or not user.has_perm("supply.view_purchase"):
        raise Http404
    return purchase


def batch_traced(*, key: str, code: str) -> Batch:
    """The batch a label names, by its product's GTIN (14 digits) or, for a product without
    one, its code; the product must be in the public catalog. 404 otherwise."""
    products = Product.objects.public()
    product = products.filter(gtin=key).first() if key.isdigit() and len(key) == 14 else None
    if product is None:
        product = products.filter(code=key, gtin="").first()
    batch = _batch_with_inputs().filter(product=product, code=code).first() if product else None
    if batch is None:
        raise Http404
    return batch


@dataclass(frozen=True)
class Origin:
    """Where part of a batch came from: a group, its gewog, and the lots bought from it."""

    group: ProducerGroup
    lots: list[Lot]


def batch_origins(batch: Batch) -> list[Origin]:
    """The groups a batch came from, each with its lots, in the order of the batch's inputs."""
    by_group: dict[int, Origin] = {}
    for batch_input in batch.inputs.all():
        group = batch_input.lot.purchase.group
        origin = by_group.setdefault(group.pk, Origin(group=group, lots=[]))
        origin.lots.append(batch_input.lot)
    return list(by_group.values())


@dataclass(frozen=True)
class Owed:
    group: ProducerGroup
    currency: str
    owed: Decimal


def owed_by_group(*, user: User | AnonymousUser) -> list[Owed]:
    """The groups the user sees that are still owed money, most owed first."""
    bought = (
        Purchase.objects.visible_to(user).values("group", "currency").annotate(total=Sum("amount"))
    )
    paid = {
        (row["group"], row["currency"]): row["total"]
        for row in Payment.objects.visible_to(user)
        .values("group", "currency")
        .annotate(total=Sum("amount"))
    }
    owed = {
        (row["group"], row["currency"]): row["total"]
        - paid.get((row["group"], row["currency"]), ZERO)
        for row in bought
    }
    groups = ProducerGroup.objects.in_bulk([group for group, _currency in owed])
    rows = [
        Owed(group=groups[group], currency=currency, owed=amount)
        for (group, currency), amount in owed.items()
        if amount > 0
    ]
    return sorted(rows, key=lambda row: (-row.owed, row.group.code))


def group_for_user(*, user: User | AnonymousUser, code: str) -> ProducerGroup:
    """A group whose purchases the user may see, by its code (404 otherwise)."""
    seen = group_ids_seen(user)
    groups = ProducerGroup.objects.select_related("area", "area__parent").filter(code=code)
    group = groups.first()
    if group is None or (seen is not None and group.pk not in seen):
        raise Http404
    return group


def is_traceable(batch: Batch) -> bool:
    """Whether the batch's label leads anywhere: its product is in the public catalog."""
    return Product.objects.public().filter(pk=batch.product_id).exists()
