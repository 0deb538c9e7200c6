"""The farmers' income on the programme's dashboard: the money paid to the producer groups it
serves within its period, by dzongkhag (or province), with the groups paid and their members,
and Bhutan's schematic map of it (places.maps).

The figures are the computed indicators' (results.computations: money paid, groups paid,
members paid), kept until a payment, or anything else they read, changes (core.freshness); the
areas' names are read in one more query. A dzongkhag's circle grows in area with what its groups
were paid; the largest amounts are labelled first, and where labels would crowd, the smaller
ones are left to the table beside the map.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from ogop.core.charts import text_width
from ogop.core.metrics import AREA, NOT_RECORDED, SEX
from ogop.core.money import format_money
from ogop.places.maps import (
    LABEL_SIZE,
    MAP_SIZE,
    MapLabel,
    MapPoint,
    bhutan_points,
    labels_apart,
)
from ogop.places.models import Area, Country
from ogop.programme.models import Programme
from ogop.results.computations import compute
from ogop.results.models import Computation

ZERO = Decimal(0)
# The income map's circles: the largest amount's radius (SVG units), and the least radius of
# any amount, so that a small one still shows; a dzongkhag paid nothing is a dot.
LARGEST_RADIUS, LEAST_RADIUS, NOTHING_RADIUS = 30.0, 5.0, 2.5
# The legend's circles stand in the map's top-left corner, north of Haa, where no dzongkhag is.
LEGEND_X, LEGEND_GROUND = 40.0, 80.0


@dataclass(frozen=True)
class AreaIncome:
    """What the groups of one dzongkhag (or province) were paid, as the reader writes it."""

    code: str
    name: str
    amount: Decimal
    text: str


@dataclass(frozen=True)
class IncomePoint:
    """A dzongkhag on the income map, with what its groups were paid ("" for nothing), and
    its name and amount beside it where they fit (else in its tooltip and the table only)."""

    point: MapPoint
    text: str
    label: MapLabel | None = None


@dataclass(frozen=True)
class LegendCircle:
    """A circle of the map's legend, standing on the same ground as the others, with the
    amount it stands for written level with its top."""

    r: float
    text: str

    @property
    def cx(self) -> float:
        return LEGEND_X

    @property
    def cy(self) -> float:
        return round(LEGEND_GROUND - self.r, 1)

    @property
    def top(self) -> float:
        return round(LEGEND_GROUND - 2 * self.r, 1)

    @property
    def text_x(self) -> float:
        return LEGEND_X + LARGEST_RADIUS + 6


@dataclass(frozen=True)
class Income:
    """Money paid to the groups served within the programme's period, by dzongkhag, with the
    groups paid and their members by sex; no total, with the reason, when a payment in another
    currency has no exchange rate."""

    start: dt.date
    end: dt.date
    currency: str
    total: Decimal | None
    error: str
    groups: int
    women: int
    men: int
    by_area: list[AreaIncome]
    points: list[IncomePoint]
    legend: list[LegendCircle]

    @property
    def total_text(self) -> str:
        return format_money(self.total, self.currency)

    @property
    def members(self) -> int:
        return self.women + self.men

    @property
    def map_size(self) -> tuple[int, int]:
        return MAP_SIZE


def _radius(amount: Decimal, largest: Decimal) -> float:
    """A circle whose area grows with the amount, the largest amount's the largest."""
    if amount <= 0 or largest <= 0:
        return NOTHING_RADIUS
    return max(LEAST_RADIUS, LARGEST_RADIUS * float(amount / largest) ** 0.5)


def _legend_box(legend: list[LegendCircle]) -> tuple[float, float, float, float]:
    """Where the legend stands, which no label may cover."""
    widest = max((text_width(circle.text, LABEL_SIZE) for circle in legend), default=0.0)
    return (0.0, 0.0, LEGEND_X + LARGEST_RADIUS + 9 + widest, LEGEND_GROUND + 2)


def _income_map(
    dzongkhags: list[Area], by_area: list[AreaIncome], currency: str
) -> tuple[list[IncomePoint], list[LegendCircle]]:
    """Every dzongkhag on Bhutan's map, sized by what its groups were paid (`by_area`, the
    largest first), the paid ones labelled where their labels fit; and the legend."""
    paid = {row.code: row for row in by_area}
    largest = by_area[0].amount if by_area else ZERO
    legend = [
        LegendCircle(round(_radius(amount, largest), 1), format_money(amount, currency))
        for amount in (largest, largest / 4)
        if amount > 0
    ]
    placed = bhutan_points(
        dzongkhags,
        lambda area: _radius(paid[area.code].amount if area.code in paid else ZERO, largest),
    )
    # The largest amounts are labelled first: where labels crowd, the smaller ones give way.
    order = {row.code: index for index, row in enumerate(by_area)}
    labelled = sorted((p for p in placed if p.area.code in paid), key=lambda p: order[p.area.code])
    labels = labels_apart(
        labelled,
        [(point.area.name, paid[point.area.code].text) for point in labelled],
        keep_clear=(_legend_box(legend),),
        others=tuple(point for point in placed if point.area.code not in paid),
    )
    found = {point.area.code: label for point, label in zip(labelled, labels, strict=True)}
    points = [
        IncomePoint(
            point,
            paid[point.area.code].text if point.area.code in paid else "",
            found.get(point.area.code),
        )
        for point in placed
    ]
    return points, legend


def programme_income(programme: Programme) -> Income:
    """The money paid to the groups served within the programme's period, by area, with the
    dzongkhags on Bhutan's map: the computed figures (kept), and one query for the areas."""
    start, end = programme.period
    paid, groups, members = (
        compute(programme, computation, [(start, end)])[0]
        for computation in (
            Computation.PAID_TO_GROUPS,
            Computation.GROUPS_PAID,
            Computation.MEMBERS_PAID,
        )
    )
    currency = programme.currency
    amounts = {code: amount for (dimension, code), amount in paid.by.items() if dimension == AREA}
    bhutan = programme.recipient_country == Country.BHUTAN
    places = Q(code__in=list(amounts))
    if bhutan:
        places |= Q(country=Country.BHUTAN, level=1)
    areas = list(Area.objects.filter(places).order_by("name_en"))
    names = {area.code: area.name for area in areas}
    by_area = sorted(
        (
            AreaIncome(
                code,
                _("Not recorded") if code == NOT_RECORDED else names.get(code, code),
                amount,
                format_money(amount, currency),
            )
            for code, amount in amounts.items()
        ),
        key=lambda row: (-row.amount, row.name),
    )
    points, legend = (
        _income_map(
            [area for area in areas if area.country == Country.BHUTAN and area.level == 1],
            by_area,
            currency,
        )
        if bhutan
        else ([], [])
    )
    return Income(
        start=start,
        end=end,
        currency=currency,
        total=paid.total,
        error=paid.error,
        groups=int(groups.total or 0),
        women=int(members.by.get((SEX, "female"), 0)),
        men=int(members.by.get((SEX, "male"), 0)),
        by_area=by_area,
        points=points,
        legend=legend,
    )
