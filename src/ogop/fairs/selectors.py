"""Reads of fairs shared by pages, the report, its files and the programme's indicators.

Each `*_visible_to` is what a user may see; each `*_for_user` fetches one object for a user
and raises 404 when they may not see it, 403 when they may see it but not do `perm`.
"""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.imports import few_collections
from ogop.core.languages import field_names, in_reader_language, reader_languages
from ogop.fairs.models import (
    Booth,
    BuyerLead,
    Exhibit,
    Fair,
    FairTally,
    LeadStatus,
    PaymentMethod,
    Sale,
    SaleConflict,
    SaleTally,
)
from ogop.fairs.rules import assigned_booth_ids, fair_role
from ogop.producers.models import ProducerGroup
from ogop.producers.selectors import represented_group_ids
from ogop.products.models import Product, ProductQuerySet
from ogop.products.selectors import code_or_name_holds

ZERO = Decimal("0")
# What the report reads of each exhibit, its product and booth: plain values, no instances.
STOCK_FIELDS = (
    "pk",
    "booth_id",
    "product_id",
    "opening_stock",
    "stock",
    "booth__code",
    "booth__name",
    "product__code",
    "product__producer_group_id",
    *field_names("name", "product__"),
    *field_names("name", "product__producer_group__"),
)


def fair_list() -> QuerySet[Fair]:
    return Fair.objects.order_by("-starts_on")


# What a user may see ----------------------------------------------------------------------


def fair_list_for_user(user: User | AnonymousUser) -> QuerySet[Fair]:
    return (
        Fair.objects.visible_to(user)
        .annotate(booth_count=Count("booths"))
        .order_by("-starts_on", "pk")
    )


def fair_for_user(*, user: User | AnonymousUser, code: str, perm: str = "fairs.view_fair") -> Fair:
    fair = Fair.objects.visible_to(user).filter(code=code).first()
    if fair is None:
        raise Http404
    if not user.has_perm(perm, fair):
        raise PermissionDenied
    return fair


def booths_visible_to(user: User | AnonymousUser, fair: Fair) -> QuerySet[Booth]:
    role = fair_role(user)
    booths = Booth.objects.filter(fair=fair)
    if role == "supervisor":
        return booths
    if role == "cashier":
        return booths.filter(pk__in=assigned_booth_ids(user))
    if role == "producer":
        own = Exhibit.objects.filter(product__producer_group_id__in=represented_group_ids(user))
        return booths.filter(pk__in=own.values("booth"))
    return booths.none()


def booth_list(*, user: User | AnonymousUser, fair: Fair) -> QuerySet[Booth]:
    return (
        booths_visible_to(user, fair)
        .select_related("fair")
        .annotate(exhibit_count=Count("exhibits", distinct=True))
        .prefetch_related("producer_groups", "cashiers")
        .order_by("code")
    )


def counters_of(user: User | AnonymousUser, today: dt.date) -> QuerySet[Booth]:
    """The booths the user sells at, at fairs not over by `today`, the soonest first."""
    return (
        Booth.objects.filter(pk__in=assigned_booth_ids(user), fair__ends_on__gte=today)
        .select_related("fair")
        .order_by("fair__starts_on", "fair__code", "code")
    )


def booth_for_user(
    *, user: User | AnonymousUser, fair: Fair, code: str, perm: str = "fairs.view_booth"
) -> Booth:
    booth = booths_visible_to(user, fair).filter(code=code).select_related("fair").first()
    if booth is None:
        raise Http404
    if not user.has_perm(perm, booth):
        raise PermissionDenied
    return booth


def exhibits_visible_to(user: User | AnonymousUser, fair: Fair) -> QuerySet[Exhibit]:
    role = fair_role(user)
    exhibits = Exhibit.objects.filter(booth__fair=fair)
    if role == "supervisor":
        return exhibits
    if role == "cashier":
        return exhibits.filter(booth_id__in=assigned_booth_ids(user))
    if role == "producer":
        return exhibits.filter(product__producer_group_id__in=represented_group_ids(user))
    return exhibits.none()


def exhibit_list(
    *, user: User | AnonymousUser, fair: Fair, booth: Booth | None = None
) -> QuerySet[Exhibit]:
    exhibits = exhibits_visible_to(user, fair).select_related(
        "product", "product__producer_group", "booth"
    )
    if booth is not None:
        exhibits = exhibits.filter(booth=booth)
    return exhibits.order_by("booth__code", "product__code")


def exhibit_for_user(*, user: User | AnonymousUser, fair: Fair, pk: int, perm: str) -> Exhibit:
    exhibit = (
        exhibits_visible_to(user, fair)
        .select_related("product", "booth", "booth__fair")
        .filter(pk=pk)
        .first()
    )
    if exhibit is None:
        raise Http404
    if not user.has_perm(perm, exhibit.booth):
        raise PermissionDenied
    return exhibit


def counter_exhibits(booth: Booth) -> QuerySet[Exhibit]:
    """What the booth's counter offers, in the order of the products' codes."""
    return booth.exhibits.select_related("product").order_by("product__code")


def sales_visible_to(user: User | AnonymousUser, fair: Fair) -> QuerySet[Sale]:
    role = fair_role(user)
    sales = Sale.objects.filter(exhibit__booth__fair=fair)
    if role == "supervisor":
        return sales
    if role == "cashier":
        return sales.filter(exhibit__booth_id__in=assigned_booth_ids(user))
    if role == "producer":
        return sales.filter(exhibit__product__producer_group_id__in=represented_group_ids(user))
    return sales.none()


def sale_list(
    *,
    user: User | AnonymousUser,
    fair: Fair,
    booth: Booth | None = None,
    day: dt.date | None = None,
    void: bool | None = None,
    q: str = "",
) -> QuerySet[Sale]:
    sales = sales_visible_to(user, fair).select_related(
        "exhibit", "exhibit__product", "exhibit__booth", "exhibit__booth__fair", "cashier"
    )
    if booth is not None:
        sales = sales.filter(exhibit__booth=booth)
    if day is not None:
        sales = sales.annotate(day=TruncDate("sold_at", tzinfo=fair.tzinfo)).filter(day=day)
    if void is not None:
        sales = sales.filter(voided_at__isnull=not void)
    if q:
        sales = sales.filter(
            Q(exhibit__product__code__icontains=q)
            | Q(exhibit__product__name_en__icontains=q)
            | Q(exhibit__product__name_th__icontains=q)
        )
    return sales.order_by("-sold_at", "-pk")


def sale_for_user(
    *, user: User | AnonymousUser, fair: Fair, client_uuid: uuid.UUID, perm: str
) -> Sale:
    sale = (
        sales_visible_to(user, fair)
        .select_related(
            "exhibit",
            "exhibit__product",
            "exhibit__booth",
            "exhibit__booth__fair",
            "cashier",
            "voided_by",
        )
        .filter(client_uuid=client_uuid)
        .first()
    )
    if sale is None:
        raise Http404
    if not user.has_perm(perm, sale):
        raise PermissionDenied
    return sale


def sale_conflicts(fair: Fair) -> QuerySet[SaleConflict]:
    return (
        SaleConflict.objects.filter(sale__exhibit__booth__fair=fair)
        .select_related("sale", "sale__exhibit", "sale__exhibit__product", "sent_by")
        .order_by("-received_at", "-pk")
    )


def leads_visible_to(user: User | AnonymousUser, fair: Fair) -> QuerySet[BuyerLead]:
    role = fair_role(user)
    leads = BuyerLead.objects.filter(fair=fair)
    if role == "supervisor":
        return leads
    if role == "producer":
        asked = BuyerLead.products.through.objects.filter(
            product__producer_group_id__in=represented_group_ids(user)
        )
        return leads.filter(pk__in=asked.values("buyerlead_id"))
    return leads.none()


def lead_list(
    *, user: User | AnonymousUser, fair: Fair, status: str = "", q: str = ""
) -> QuerySet[BuyerLead]:
    leads = leads_visible_to(user, fair).prefetch_related("products")
    if status:
        leads = leads.filter(status=status)
    if q:
        leads = leads.filter(
            Q(buyer_name__icontains=q) | Q(company__icontains=q) | Q(notes__icontains=q)
        )
    return leads.order_by("-created_at", "-pk")


def lead_for_user(*, user: User | AnonymousUser, fair: Fair, pk: int, perm: str) -> BuyerLead:
    lead = leads_visible_to(user, fair).filter(pk=pk).select_related("fair").first()
    if lead is None:
        raise Http404
    if not user.has_perm(perm, lead):
        raise PermissionDenied
    return lead


def fair_prices(fair: Fair) -> Subquery:
    """A product's price at the fair, for annotating products (the lowest where its booths
    differ; none where it is not exhibited there)."""
    return Subquery(
        Exhibit.objects.filter(booth__fair=fair, product=OuterRef("pk"))
        .order_by("fair_price")
        .values("fair_price")[:1]
    )


# How many products a search for the exhibit form names: enough to pick from, few to send.
EXHIBIT_CHOICES = 20


def exhibit_product_search(q: str) -> QuerySet[Product]:
    """Products a booth may exhibit whose code or name (in any language) holds `q`, by code."""
    q = q.strip()
    if not q:
        return Product.objects.none()
    return (
        Product.objects.filter(code_or_name_holds(q))
        .select_related("producer_group")
        .order_by("code")
    )


def products_for_fair(fair: Fair) -> ProductQuerySet:
    """The products exhibited at the fair (for a lead's products of interest)."""
    return Product.objects.filter(
        pk__in=Exhibit.objects.filter(booth__fair=fair).values("product")
    ).order_by("code")


# The fair report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a breakdown: what it is about, and its sales."""

    key: Any
    label: str
    count: int = 0
    quantity: int = 0
    total: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class StockRow:
    """An exhibit's stock: what it opened with and what is left."""

    booth_code: str
    product_code: str
    product_name: str
    opening_stock: int
    stock: int

    @property
    def is_oversold(self) -> bool:
        return self.stock < 0


@dataclass
class FairReport:
    fair: Fair
    count: int
    quantity: int
    total: Decimal
    void_count: int
    void_total: Decimal
    by_day: list[Row]
    by_product: list[Row]
    by_booth: list[Row]
    by_group: list[Row]
    by_payment: list[Row]
    top_sellers: list[Row]
    stock: list[StockRow]
    leads_by_status: list[Row]
    lead_count: int
    oversold_count: int
    # Sales in other currencies than the fair's, by currency: not in any total above.
    other_currencies: list[Row]
    # The sales not voided that are made up (the demo's), counted in the figures above:
    # count, quantity and total in the fair's currency.
    illustrative: Row


def illustrative_sales(fair: Fair) -> Row:
    """The fair's sales not voided that are marked illustrative, added up: a report that
    counts them must say so. Read through the partial index of such sales, empty outside
    a demo, so a real fair's report pays nothing for the question."""
    figures = (
        Sale.objects.not_void()
        .filter(is_illustrative=True, exhibit__booth__fair=fair, currency=fair.currency)
        .aggregate(count=Count("pk"), quantity=Sum("quantity"), total=Sum("total"))
    )
    return Row(
        key="illustrative",
        label=_("Made-up sales (illustrative), counted above"),
        count=figures["count"],
        quantity=figures["quantity"] or 0,
        total=figures["total"] or ZERO,
    )


def fair_tallies(fair: Fair) -> QuerySet[SaleTally]:
    """The tallies of the fair's sales that count (not voided), in the fair's currency: a
    report never adds amounts of different currencies."""
    return SaleTally.objects.filter(
        exhibit__booth__fair=fair, voided=False, count__gt=0, currency=fair.currency
    )


# Sales added up by what they are about: count, quantity, total (tuples, replaced as they add up).
Figures = tuple[int, int, Decimal]
NO_SALES: Figures = (0, 0, ZERO)
# Exhibits read at a time by the report, which keeps none of the rows as read.
CHUNK = 2000


def _add(sums: dict[Any, Figures], key: Any, figures: Figures) -> None:
    count, quantity, total = sums.get(key, NO_SALES)
    sums[key] = (count + figures[0], quantity + figures[1], total + figures[2])


def _rows(sums: dict[Any, Figures], labels: Mapping[Any, str]) -> list[Row]:
    return [Row(key, labels.get(key, str(key)), *figures) for key, figures in sums.items()]


def _fair_totals(fair: Fair) -> tuple[list[Row], list[Row], dict[str, Any], list[Row]]:
    """The fair's sales by day (every day of the fair, days without sales too) and by payment
    method, its voided sales, and apart its sales in other currencies than its own (made
    before its currency was changed, when nothing stopped it): from the fair's tallies, a few
    rows a day."""
    methods = {key: str(label) for key, label in PaymentMethod.choices}
    by_day = dict.fromkeys(fair.days(), NO_SALES)
    by_payment: dict[Any, Figures] = {}
    voids: dict[str, Any] = {"count": 0, "total": ZERO}
    other_currencies: dict[Any, Figures] = {}
    for tally in FairTally.objects.filter(fair=fair, count__gt=0).order_by():
        figures = (tally.count, tally.quantity, tally.total)
        if tally.currency != fair.currency:  # never added to the fair's own: shown apart
            if not tally.voided:
                _add(other_currencies, tally.currency, figures)
            continue
        if tally.voided:
            voids["count"] += tally.count
            voids["total"] += tally.total
            continue
        if tally.day in by_day:
            _add(by_day, tally.day, figures)
        _add(by_payment, tally.payment_method, figures)
    return (
        _rows(by_day, {day: day.isoformat() for day in by_day}),
        sorted(_rows(by_payment, methods), key=lambda row: str(row.key)),
        voids,
        sorted(_rows(other_currencies, {}), key=lambda row: str(row.key)),
    )


def fair_report(fair: Fair, *, top: int = 10) -> FairReport:
    """Everything the report shows, in a fixed number of queries whatever the fair's size.

    The sales are read from their tallies (see `SaleTally`), twice: once grouped by exhibit
    (the breakdowns by product, booth and group are added up from these, with the exhibits
    read for the stock), and the fair's own tallies by day and payment (`_fair_totals`).

    At a national fair the report makes a row for each of thousands of exhibits, products and
    groups, and frees them all by reference counting: it makes no cycles for the collector to
    find. Run as often as usual, the collector walked the whole heap every third report
    (100-130 ms on a 2-CPU server); run less often (`few_collections`), not once in 60."""
    with few_collections():
        return _fair_report(fair, top)


def _fair_report(fair: Fair, top: int) -> FairReport:
    languages = reader_languages()
    stock: list[StockRow] = []
    exhibits: dict[int, tuple[int, int, int]] = {}  # exhibit: product, booth, group
    products: dict[int, str] = {}
    booths: dict[int, str] = {}
    groups: dict[int, str] = {}
    for row in (
        Exhibit.objects.filter(booth__fair=fair)
        .order_by("booth__code", "product__code")
        .values(*STOCK_FIELDS)
        .iterator(chunk_size=CHUNK)
    ):
        name = in_reader_language(row, "name", "product__", languages)
        booth_code, product_code = row["booth__code"], row["product__code"]
        stock.append(StockRow(booth_code, product_code, name, row["opening_stock"], row["stock"]))
        product_id, booth_id = row["product_id"], row["booth_id"]
        group_id = row["product__producer_group_id"]
        exhibits[row["pk"]] = (product_id, booth_id, group_id)
        products[product_id] = f"{product_code} {name}"
        booths[booth_id] = f"{booth_code} {row['booth__name']}"
        if group_id not in groups:
            groups[group_id] = in_reader_language(
                row, "name", "product__producer_group__", languages
            )
    by_exhibit = (
        fair_tallies(fair)
        .order_by()
        .values_list("exhibit_id")
        .annotate(count=Sum("count"), quantity=Sum("quantity"), total=Sum("total"))
    )
    by_day, by_payment, voids, other_currencies = _fair_totals(fair)
    by_product: dict[int, Figures] = {}
    by_booth: dict[int, Figures] = {}
    by_group: dict[int, Figures] = {}
    for exhibit_id, count, quantity, total in by_exhibit:
        product_id, booth_id, group_id = exhibits[exhibit_id]
        figures = (count, quantity, total)
        _add(by_product, product_id, figures)
        _add(by_booth, booth_id, figures)
        _add(by_group, group_id, figures)
    product_rows = sorted(_rows(by_product, products), key=lambda row: row.label)
    top_sellers = sorted(product_rows, key=lambda row: (-row.total, -row.quantity, row.label))[:top]
    lead_counts = Counter(
        dict(
            BuyerLead.objects.filter(fair=fair)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
    )
    leads_by_status = [
        Row(key=status, label=str(label), count=lead_counts.get(status, 0))
        for status, label in LeadStatus.choices
    ]
    return FairReport(
        fair=fair,
        count=sum(row.count for row in product_rows),
        quantity=sum(row.quantity for row in product_rows),
        total=sum((row.total for row in product_rows), ZERO),
        void_count=voids["count"],
        void_total=voids["total"] or ZERO,
        by_day=by_day,
        by_product=product_rows,
        by_booth=sorted(_rows(by_booth, booths), key=lambda row: row.label),
        by_group=sorted(_rows(by_group, groups), key=lambda row: -row.total),
        by_payment=by_payment,
        top_sellers=top_sellers,
        stock=stock,
        leads_by_status=leads_by_status,
        lead_count=sum(lead_counts.values()),
        oversold_count=sum(1 for row in stock if row.is_oversold),
        other_currencies=other_currencies,
        illustrative=illustrative_sales(fair),
    )


# For the programme's computed indicator "sales at fairs" ------------------------------------


def _sales_at_fairs(
    *,
    start: dt.date | None,
    end: dt.date | None,
    fairs: Iterable[Fair] | None,
    producer_groups: Iterable[ProducerGroup] | QuerySet[Any] | None,
) -> QuerySet[Sale]:
    """Non-void sales, optionally made from `start` to `end` (inclusive, days in the
    programme's time zone), at some fairs only, of products of some producer groups only."""
    sales = Sale.objects.not_void()
    if fairs is not None:
        sales = sales.filter(exhibit__booth__fair__in=fairs)
    if producer_groups is not None:
        sales = sales.filter(exhibit__product__producer_group__in=producer_groups)
    if start is not None or end is not None:
        sales = sales.annotate(day=TruncDate("sold_at"))
        if start is not None:
            sales = sales.filter(day__gte=start)
        if end is not None:
            sales = sales.filter(day__lte=end)
    return sales


def sales_at_fairs_total(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    fairs: Iterable[Fair] | None = None,
    producer_groups: Iterable[ProducerGroup] | QuerySet[Any] | None = None,
) -> dict[str, Decimal]:
    """Total non-void sales at fairs by currency, optionally for sales made from `start` to
    `end` (inclusive, days in the programme's time zone), for some fairs only and for the
    products of some producer groups only."""
    sales = _sales_at_fairs(start=start, end=end, fairs=fairs, producer_groups=producer_groups)
    return {
        currency: total or ZERO
        for currency, total in sales.order_by()
        .values_list("currency")
        .annotate(total=Sum("total"))
        .order_by("currency")
    }


def fairs_of_product(product: Product) -> QuerySet[Fair]:
    """The fairs a product was exhibited at, latest first."""
    return (
        Fair.objects.public()
        .filter(booths__exhibits__product=product)
        .distinct()
        .order_by("-starts_on")
    )
