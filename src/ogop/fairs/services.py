"""Every write to fairs that has a rule: one function a use case, a transaction inside.

Stock changes with F() under a row lock (select_for_update; on SQLite the write lock that
IMMEDIATE transactions take), so two cashiers selling the last item never both succeed. The
same lock guards the exhibit's sale tallies, which every sale and void changes in its own
transaction, so that the reports' sums never miss or count twice a sale that was recorded.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.freshness import renew
from ogop.core.money import quantize
from ogop.fairs.models import (
    Booth,
    BuyerLead,
    Exhibit,
    Fair,
    FairTally,
    PaymentMethod,
    Restock,
    Sale,
    SaleConflict,
    SaleTally,
)
from ogop.producers.models import ProducerGroup

logger = logging.getLogger(__name__)

# A device clock may run a little ahead of the server's; beyond this a sale is "in the future".
CLOCK_SKEW = dt.timedelta(minutes=10)
# Two timestamps of one sale sent twice differ by less than this (rounding on the way).
SAME_MOMENT = dt.timedelta(seconds=1)
# The most items one sale or one restock may hold: beyond it a number is a slip of the finger,
# and the stock and tallies' counters (whole numbers of the database) stay far from overflow.
MAX_ITEMS = 100_000
# Prices and totals as the database keeps them: 12 and 14 digits with 2 decimal places.
PRICE_LIMIT = Decimal(10) ** 10
TOTAL_LIMIT = Decimal(10) ** 12


class SaleError(Exception):
    """A sale that cannot be recorded; `code` tells the counter what kind of refusal it is,
    and `stock` (told by sale_record) the exhibit's stock as the server holds it, so that the
    counter shows it and not its own guess."""

    code = "invalid"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.stock: int | None = None


class OutOfStock(SaleError):
    code = "out_of_stock"


class SaleConflictError(SaleError):
    """The sale number was used before for a different sale: the first one stands."""

    code = "conflict"

    def __init__(self, message: str, *, sale: Sale) -> None:
        super().__init__(message)
        self.sale = sale


class VoidError(Exception):
    pass


# Fairs ------------------------------------------------------------------------------------


def fair_save(*, fair: Fair, user: User) -> Fair:
    """Create or change a fair, checked as the model checks it. A fair moved to another time
    zone has its sales' days counted again there."""
    with transaction.atomic():
        fair.full_clean()
        before = Fair.objects.filter(pk=fair.pk).first() if fair.pk else None
        fair._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        fair.save()
        if before is not None and str(before.tzinfo) != str(fair.tzinfo):
            sale_tallies_rebuild(fairs=[fair])
    return fair


def booth_save(
    *,
    booth: Booth,
    producer_groups: Iterable[ProducerGroup] | None = None,
    cashiers: Iterable[User] | None = None,
) -> Booth:
    with transaction.atomic():
        booth.full_clean()
        booth.save()
        if producer_groups is not None:
            booth.producer_groups.set(producer_groups)
        if cashiers is not None:
            booth.cashiers.set(cashiers)
    return booth


def exhibit_create(
    *,
    booth: Booth,
    product: Any,
    fair_price: Decimal,
    min_price: Decimal | None = None,
    opening_stock: int = 0,
    is_illustrative: bool = False,
) -> Exhibit:
    exhibit = Exhibit(
        booth=booth,
        product=product,
        fair_price=fair_price,
        min_price=min_price,
        opening_stock=opening_stock,
        stock=opening_stock,
        is_illustrative=is_illustrative,
    )
    with transaction.atomic():
        exhibit.full_clean()
        exhibit.save()
    return exhibit


def exhibit_update(
    *,
    exhibit: Exhibit,
    fair_price: Decimal,
    min_price: Decimal | None,
    opening_stock: int,
) -> Exhibit:
    """Change the prices or correct the opening stock; the stock left moves by the correction."""
    with transaction.atomic():
        locked = Exhibit.objects.select_for_update().get(pk=exhibit.pk)
        delta = opening_stock - locked.opening_stock
        locked.fair_price = fair_price
        locked.min_price = min_price
        locked.opening_stock = opening_stock
        locked.full_clean(exclude=["booth", "product"])
        locked.save(update_fields=["fair_price", "min_price", "opening_stock", "updated_at"])
        if delta:
            Exhibit.objects.filter(pk=locked.pk).update(stock=F("stock") + delta)
        locked.refresh_from_db(fields=["stock"])
    return locked


def restock_record(
    *, exhibit: Exhibit, quantity: int, by: User, note: str = "", at: dt.datetime | None = None
) -> Restock:
    """Goods brought to the booth: the stock grows by their number."""
    if quantity < 1:
        raise ValidationError({"quantity": _("A restock adds at least one item.")})
    if quantity > MAX_ITEMS:
        raise ValidationError(
            {"quantity": _("A restock adds at most %(limit)s items.") % {"limit": f"{MAX_ITEMS:,}"}}
        )
    with transaction.atomic():
        Exhibit.objects.select_for_update().filter(pk=exhibit.pk).update(
            stock=F("stock") + quantity
        )
        restock = Restock.objects.create(
            exhibit=exhibit, quantity=quantity, by=by, note=note, at=at or timezone.now()
        )
    exhibit.refresh_from_db(fields=["stock"])
    return restock


# Sales ------------------------------------------------------------------------------------


def _check_amounts(*, quantity: int, unit_price: Decimal) -> None:
    """The bounds of a sale's numbers, checked before any of them is rounded or written."""
    if quantity < 1:
        raise SaleError(_("The quantity must be at least 1."), field="quantity")
    if quantity > MAX_ITEMS:
        raise SaleError(
            _("The quantity %(quantity)s is too large: a sale holds at most %(limit)s items.")
            % {"quantity": quantity, "limit": f"{MAX_ITEMS:,}"},
            field="quantity",
        )
    if not unit_price.is_finite():
        raise SaleError(_("The price is not a number."), field="unit_price")
    if unit_price < 0:
        raise SaleError(_("The price cannot be negative."), field="unit_price")
    if unit_price >= PRICE_LIMIT:
        raise SaleError(
            _("The price is too large: it must be below %(limit)s.")
            % {"limit": f"{PRICE_LIMIT:,}"},
            field="unit_price",
        )
    if unit_price * quantity >= TOTAL_LIMIT:
        raise SaleError(
            _("The quantity is too large for this price: the total must be below %(limit)s.")
            % {"limit": f"{TOTAL_LIMIT:,}"},
            field="quantity",
        )


def _check_price(exhibit: Exhibit, unit_price: Decimal, currency: str) -> Decimal:
    unit_price = quantize(unit_price, currency)
    if unit_price > exhibit.fair_price:
        raise SaleError(
            _("The price %(price)s is above the fair price %(fair_price)s.")
            % {"price": unit_price, "fair_price": exhibit.fair_price},
            field="unit_price",
        )
    if unit_price < exhibit.lowest_price:
        raise SaleError(
            _("The price %(price)s is below the lowest price allowed, %(lowest)s.")
            % {"price": unit_price, "lowest": exhibit.lowest_price},
            field="unit_price",
        )
    return unit_price


def _check_moment(sold_at: dt.datetime | None) -> None:
    """A time of sale that compares with others: it has its time zone, and UTC holds it."""
    if sold_at is None:
        return
    if timezone.is_naive(sold_at):
        raise SaleError(_("The time of the sale has no time zone."), field="sold_at")
    try:
        sold_at.astimezone(dt.UTC)
    except OverflowError:
        raise SaleError(
            _("The time of the sale is out of the range of dates."), field="sold_at"
        ) from None


def _check_sold_at(fair: Fair, sold_at: dt.datetime) -> None:
    if sold_at > timezone.now() + CLOCK_SKEW:
        raise SaleError(_("The time of the sale is in the future."), field="sold_at")
    day = sold_at.astimezone(fair.tzinfo).date()
    if not fair.is_open_on(day):
        raise SaleError(
            _("The sale is dated %(day)s, outside the fair (%(first)s to %(last)s).")
            % {"day": day.isoformat(), "first": fair.starts_on, "last": fair.ends_on},
            field="sold_at",
        )


def _differences(
    existing: Sale,
    *,
    exhibit: Exhibit,
    quantity: int,
    unit_price: Decimal,
    payment_method: str,
    sold_at: dt.datetime | None,
) -> list[str]:
    """What a sale sent again under a known number changes; nothing for a faithful replay."""
    differences = []
    if existing.exhibit_id != exhibit.pk:
        differences.append("exhibit")
    if existing.quantity != quantity:
        differences.append("quantity")
    if existing.unit_price != quantize(unit_price, existing.currency):
        differences.append("unit_price")
    if existing.payment_method != payment_method:
        differences.append("payment_method")
    if sold_at is not None and abs(existing.sold_at - sold_at) >= SAME_MOMENT:
        differences.append("sold_at")
    return differences


def _refuse_replay(
    existing: Sale, *, differences: list[str], payload: dict[str, Any], cashier: User
) -> None:
    """Log the refused replay (it outlives the refusal) and tell the counter the first stands."""
    reason = "different " + ", ".join(differences)
    logger.warning(
        "Refused replay of sale %s by %s: %s (%s)", existing.client_uuid, cashier, reason, payload
    )
    SaleConflict.objects.create(
        client_uuid=existing.client_uuid,
        sale=existing,
        payload=payload,
        reason=reason,
        sent_by=cashier,
    )
    raise SaleConflictError(
        _(
            "Sale number %(uuid)s was already recorded with different content; "
            "the first sale stands and this one was not recorded."
        )
        % {"uuid": existing.client_uuid},
        sale=existing,
    )


def sale_record(
    *,
    exhibit: Exhibit,
    quantity: int,
    unit_price: Decimal,
    client_uuid: uuid.UUID,
    cashier: User,
    payment_method: str = PaymentMethod.CASH,
    sold_at: dt.datetime | None = None,
    is_illustrative: bool = False,
) -> tuple[Sale, bool]:
    """Record a sale once: a replay of the same client_uuid returns the first sale.

    Returns the sale and whether it was made now. Raises SaleError (bad input) or OutOfStock,
    both telling the exhibit's stock, or SaleConflictError (the number was used for a
    different sale; the refusal is logged).
    """
    content: dict[str, Any] = {
        "exhibit": exhibit,
        "quantity": quantity,
        "unit_price": unit_price,
        "payment_method": payment_method,
        "sold_at": sold_at,
    }
    fair = exhibit.booth.fair
    existing: Sale | None = None
    with _stock_told(exhibit):
        _check_amounts(quantity=quantity, unit_price=unit_price)
        if payment_method not in PaymentMethod.values:
            raise SaleError(_("Unknown payment method."), field="payment_method")
        _check_moment(sold_at)
        try:
            with transaction.atomic():
                existing = Sale.objects.filter(client_uuid=client_uuid).first()
                if existing is None:
                    sale = _sale_create(
                        fair=fair,
                        client_uuid=client_uuid,
                        cashier=cashier,
                        is_illustrative=is_illustrative,
                        **content,
                    )
                    return sale, True
        except IntegrityError:
            # Another request recorded this number between our look-up and our insert.
            existing = Sale.objects.filter(client_uuid=client_uuid).first()
            if existing is None:
                raise
    differences = _differences(existing, **content)
    if not differences:
        return existing, False
    payload = {
        "exhibit": exhibit.pk,
        "quantity": quantity,
        "unit_price": str(unit_price),
        "payment_method": payment_method,
        "sold_at": sold_at.isoformat() if sold_at else None,
    }
    _refuse_replay(existing, differences=differences, payload=payload, cashier=cashier)
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def _stock_told(exhibit: Exhibit) -> Iterator[None]:
    """A sale refused inside tells the exhibit's stock as it stands once nothing was written."""
    try:
        yield
    except SaleError as refusal:
        held = Exhibit.objects.filter(pk=exhibit.pk).values_list("stock", flat=True)
        refusal.stock = held.first()
        raise


def _sale_create(
    *,
    fair: Fair,
    exhibit: Exhibit,
    quantity: int,
    unit_price: Decimal,
    payment_method: str,
    sold_at: dt.datetime | None,
    client_uuid: uuid.UUID,
    cashier: User,
    is_illustrative: bool,
) -> Sale:
    """The new sale, inside the caller's transaction: checks, then stock under a row lock."""
    sold_at = sold_at or timezone.now()
    _check_sold_at(fair, sold_at)
    locked = Exhibit.objects.select_for_update().get(pk=exhibit.pk)
    unit_price = _check_price(locked, unit_price, fair.currency)
    oversold = locked.stock < quantity
    if oversold and not fair.allow_negative_stock:
        raise OutOfStock(
            _("Out of stock: %(product)s has %(stock)s left, %(quantity)s asked.")
            % {
                "product": exhibit.product.code,
                "stock": max(locked.stock, 0),
                "quantity": quantity,
            },
            field="quantity",
        )
    Exhibit.objects.filter(pk=locked.pk).update(stock=F("stock") - quantity)
    exhibit.stock = locked.stock - quantity
    sale = Sale.objects.create(
        client_uuid=client_uuid,
        exhibit=locked,
        quantity=quantity,
        unit_price=unit_price,
        total=quantize(unit_price * quantity, fair.currency),
        currency=fair.currency,
        payment_method=payment_method,
        sold_at=sold_at,
        cashier=cashier,
        oversold=oversold,
        is_illustrative=is_illustrative,
    )
    _tally(sale, fair=fair, voided=False, sign=1)
    return sale


def sale_void(*, sale: Sale, by: User, reason: str) -> Sale:
    """Void a sale with a reason: it stays on record, its goods go back to stock."""
    reason = reason.strip()
    if not reason:
        raise VoidError(_("Say why the sale is voided."))
    with transaction.atomic():
        # The exhibit's lock first, as a sale takes it: it guards the stock and the tallies.
        exhibit = (
            Exhibit.objects.select_for_update(of=("self",))
            .select_related("booth__fair")
            .get(pk=sale.exhibit_id)
        )
        locked = Sale.objects.select_for_update().get(pk=sale.pk)
        if locked.voided_at is not None:
            raise VoidError(_("This sale was already voided."))
        locked.voided_at = timezone.now()
        locked.voided_by = by
        locked.void_reason = reason[:300]
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history reads it on save
        locked.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
        Exhibit.objects.filter(pk=locked.exhibit_id).update(stock=F("stock") + locked.quantity)
        fair = exhibit.booth.fair
        _tally(locked, fair=fair, voided=False, sign=-1)
        _tally(locked, fair=fair, voided=True, sign=1)
    return locked


# Sale tallies -------------------------------------------------------------------------------

# The tallies are written with F() and in bulk, which send no signal: each sale, void and
# rebuild renews what is kept from them (the programme's sales at fairs; core.freshness).


def _tally(sale: Sale, *, fair: Fair, voided: bool, sign: int) -> None:
    """Add a sale to its tallies (sign 1) or take it away (-1), with F() so that no other
    sale's change is lost. The exhibit's tally is changed under the exhibit's row lock, which
    the caller holds; the fair's, shared by its exhibits, is made (empty) when missing by
    whichever sale comes first, then changed under its own row lock."""
    common: dict[str, Any] = {
        "day": timezone.localtime(sale.sold_at, fair.tzinfo).date(),
        "currency": sale.currency,
        "voided": voided,
    }
    change = {
        "count": F("count") + sign,
        "quantity": F("quantity") + sign * sale.quantity,
        "total": F("total") + sign * sale.total,
    }
    keyed: list[tuple[Any, dict[str, Any]]] = [
        (SaleTally, {"exhibit_id": sale.exhibit_id, **common}),
        (FairTally, {"fair_id": fair.pk, "payment_method": sale.payment_method, **common}),
    ]
    renew(SaleTally, FairTally)
    for model, key in keyed:
        tallies = model.objects.filter(**key)
        if sign > 0:
            model.objects.get_or_create(**key)
        if not tallies.update(**change):
            raise AssertionError(f"No tally holds sale {sale.client_uuid}.")
        if sign < 0:
            tallies.filter(count=0).delete()


def sale_tallies_rebuild(*, fairs: Any) -> int:
    """Make the fairs' tallies again from their sales (after sales were loaded in bulk, or
    a fair moved to another time zone); returns the number of tallies made."""
    made = 0
    with transaction.atomic():
        renew(SaleTally, FairTally)
        for fair in fairs:
            sales = Sale.objects.filter(exhibit__booth__fair=fair).annotate(
                day=TruncDate("sold_at", tzinfo=fair.tzinfo),
                voided=ExpressionWrapper(Q(voided_at__isnull=False), output_field=BooleanField()),
            )
            sums = {"count": Count("pk"), "quantity": Sum("quantity"), "total": Sum("total")}
            SaleTally.objects.filter(exhibit__booth__fair=fair).delete()
            FairTally.objects.filter(fair=fair).delete()
            by_exhibit = sales.order_by().values("exhibit_id", "day", "currency", "voided")
            made += len(
                SaleTally.objects.bulk_create(
                    (SaleTally(**row) for row in by_exhibit.annotate(**sums)), batch_size=5_000
                )
            )
            by_payment = sales.order_by().values("day", "payment_method", "currency", "voided")
            made += len(
                FairTally.objects.bulk_create(
                    FairTally(fair=fair, **row) for row in by_payment.annotate(**sums)
                )
            )
    return made


# Buyer leads ------------------------------------------------------------------------------


def lead_save(*, lead: BuyerLead, products: Any, user: User) -> BuyerLead:
    with transaction.atomic():
        if lead.pk is None:
            lead.created_by = user
        lead.full_clean(exclude=["created_by"])
        lead._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        lead.save()
        lead.products.set(products)
    return lead
