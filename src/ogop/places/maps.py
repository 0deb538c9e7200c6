"""Bhutan's schematic map: each dzongkhag drawn at its centre on an equirectangular frame, as
a circle whose size a page chooses. No tiles, no outline: the centres ship with the areas
(places/data/bhutan_dzongkhag_points.csv), and a template draws the points as inline SVG."""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ogop.core.charts import text_width
from ogop.places.models import Area

# Bhutan's extent: longitude and latitude of its corners; and the frame's size in SVG units.
MAP_BOUNDS = (88.70, 92.20, 26.65, 28.35)
MAP_SIZE = (700, 340)


@dataclass(frozen=True)
class MapPoint:
    area: Area
    x: float
    y: float
    r: float


def bhutan_points(areas: Iterable[Area], radius: Callable[[Area], float]) -> list[MapPoint]:
    """The areas that have a centre, placed on the frame, each with the radius given."""
    west, east, south, north = MAP_BOUNDS
    width, height = MAP_SIZE
    points = []
    for area in areas:
        if area.latitude is None or area.longitude is None:
            continue
        x = (float(area.longitude) - west) / (east - west) * width
        y = (north - float(area.latitude)) / (north - south) * height
        points.append(MapPoint(area, round(x, 1), round(y, 1), round(radius(area), 1)))
    return points


# Labels beside the circles ----------------------------------------------------------------------

LABEL_SIZE = 11  # the labels' font size, in the frame's units
LINE_HEIGHT = 13
GAP = 2.0  # between a circle and its label

# A rectangle on the frame: left, top, right, bottom.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class MapLabel:
    """Lines of text drawn beside a point: centred on x, the first line's baseline at y; with
    a leader from the circle's edge to the label's nearest edge (x1, y1 to x2, y2)."""

    x: float
    y: float
    lines: tuple[str, ...]
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0


def _overlap(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _nearest(box: Box, x: float, y: float) -> tuple[float, float]:
    """The point of the box nearest to (x, y)."""
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def _covers(box: Box, point: MapPoint) -> bool:
    """Whether the box covers any of the point's circle."""
    nearest_x, nearest_y = _nearest(box, point.x, point.y)
    return (nearest_x - point.x) ** 2 + (nearest_y - point.y) ** 2 < point.r**2


def _label(point: MapPoint, box: Box, lines: tuple[str, ...]) -> MapLabel:
    """The label in the box, with its leader from the circle's edge towards it."""
    x2, y2 = _nearest(box, point.x, point.y)
    distance = math.hypot(x2 - point.x, y2 - point.y) or 1.0
    x1 = point.x + (x2 - point.x) * point.r / distance
    y1 = point.y + (y2 - point.y) * point.r / distance
    return MapLabel(
        round((box[0] + box[2]) / 2, 1),
        round(box[1] + LABEL_SIZE - 1, 1),
        lines,
        round(x1, 1),
        round(y1, 1),
        round(x2, 1),
        round(y2, 1),
    )


def _places(point: MapPoint, width: float, height: float) -> list[Box]:
    """Where a label may go, in order: above the circle, below, right, left, then corners."""
    x, y, r = point.x, point.y, point.r + GAP
    side = r * 0.7
    lefts = {"middle": x - width / 2, "right": x + r + 1, "left": x - r - 1 - width}
    tops = {"above": y - r - height, "below": y + r, "middle": y - height / 2}
    corner_tops = {"above": y - side - height, "below": y + side}
    corner_lefts = {"right": x + side, "left": x - side - width}
    places = [
        (lefts["middle"], tops["above"]),
        (lefts["middle"], tops["below"]),
        (lefts["right"], tops["middle"]),
        (lefts["left"], tops["middle"]),
        (corner_lefts["right"], corner_tops["above"]),
        (corner_lefts["left"], corner_tops["above"]),
        (corner_lefts["right"], corner_tops["below"]),
        (corner_lefts["left"], corner_tops["below"]),
    ]
    return [(left, top, left + width, top + height) for left, top in places]


def labels_apart(
    points: list[MapPoint],
    texts: list[tuple[str, ...]],
    *,
    keep_clear: tuple[Box, ...] = (),
    others: tuple[MapPoint, ...] = (),
) -> list[MapLabel | None]:
    """A label for each point (its lines of text), placed in the order given, the most
    important first: beside its circle, at the first place where it stays within the frame
    and covers no label placed before, no circle (the points' and `others'`) and nothing in
    `keep_clear`. None for a point with no such place: the page gives its text elsewhere too
    (a table, the circle's tooltip)."""
    width, height = MAP_SIZE
    taken: list[Box] = list(keep_clear)
    circles = (*points, *others)
    found: list[MapLabel | None] = []
    for point, lines in zip(points, texts, strict=True):
        wide = max(text_width(line, LABEL_SIZE) for line in lines)
        high = LINE_HEIGHT * len(lines)
        label = None
        for box in _places(point, wide, high):
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if (
                inside
                and not any(_overlap(box, other) for other in taken)
                and not any(_covers(box, circle) for circle in circles)
            ):
                taken.append(box)
                label = _label(point, box, lines)
                break
        found.append(label)
    return found
