"""Charts drawn by the server as inline SVG: the geometry is computed here, a template draws it.

No JavaScript is needed, so charts show on a slow phone, print in PDFs and read the same in
every language. `column_chart` stands bars side by side (a series over time);
`bar_chart` lays them out as labelled rows (a ranking, a comparison).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

EMPTY_TEXT = _("Nothing to show yet.")
COLOURS = ("#8a3b12", "#3d6b8f", "#6b8f3d", "#8f3d6b", "#b08a1e", "#616e7c")


@dataclass(frozen=True)
class Item:
    """One value to draw: its label, its amount, and the amount as the reader sees it."""

    label: str
    value: Decimal | int | float
    value_text: str
    colour: str = COLOURS[0]
    # An optional target drawn as a marker across the bar (progress to target).
    target: Decimal | int | float | None = None
    target_text: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float = 0.0
    colour: str = COLOURS[0]
    marker: Line | None = None  # the target, drawn across the bar
    target_text: str = ""


@dataclass(frozen=True)
class Chart:
    """Bars with their geometry in SVG user units; the template only draws them."""

    title: str
    width: int
    height: int
    bars: list[Bar]
    horizontal: bool
    empty: bool
    empty_text: str = field(default=str(EMPTY_TEXT))


def _scale(value: Decimal | int | float, largest: Decimal | int | float, length: float) -> float:
    return 0.0 if largest <= 0 else float(Decimal(str(value)) / Decimal(str(largest))) * length


def column_chart(
    title: str, items: Sequence[Item], *, width: int = 640, height: int = 240, empty_text: str = ""
) -> Chart:
    """Vertical bars side by side, labelled underneath."""
    top, bottom = 24, 40
    slot = width / max(len(items), 1)
    largest = max((max(item.value, item.target or 0) for item in items), default=0)
    bars = []
    for index, item in enumerate(items):
        bar_height = _scale(item.value, largest, height - top - bottom)
        x = index * slot + slot * 0.15
        marker = None
        if item.target is not None:
            level = round(height - bottom - _scale(item.target, largest, height - top - bottom), 1)
            marker = Line(round(x, 1), level, round(x + slot * 0.7, 1), level)
        bars.append(
            Bar(
                label=item.label,
                value_text=item.value_text,
                x=round(x, 1),
                y=round(height - bottom - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label_x=round(x + slot * 0.35, 1),
                label_y=height - bottom + 16,
                colour=item.colour,
                marker=marker,
                target_text=item.target_text,
            )
        )
    return Chart(
        title=title,
        width=width,
        height=height,
        bars=bars,
        horizontal=False,
        empty=largest <= 0,
        empty_text=empty_text or str(EMPTY_TEXT),
    )


def bar_chart(
    title: str,
    items: Sequence[Item],
    *,
    width: int = 640,
    label_width: int = 270,
    label_length: int = 34,
    empty_text: str = "",
) -> Chart:
    """Horizontal bars, one row each, labelled on the left with the value on the right."""
    row_height = 24
    height = max(len(items), 1) * row_height + 8
    length = width - label_width - 110
    largest = max((max(item.value, item.target or 0) for item in items), default=0)
    bars = []
    for index, item in enumerate(items):
        y = index * row_height + 4
        bar_width = _scale(item.value, largest, length)
        marker = None
        reach = bar_width
        if item.target is not None:
            reach = max(bar_width, _scale(item.target, largest, length))
            at = round(label_width + _scale(item.target, largest, length), 1)
            marker = Line(at, y - 2, at, y + row_height - 4)
        bars.append(
            Bar(
                label=item.label[:label_length],
                value_text=item.value_text,
                x=label_width,
                y=y,
                width=round(bar_width, 1),
                height=row_height - 6,
                label_x=label_width - 6,
                label_y=y + row_height - 10,
                value_x=round(label_width + reach + 4, 1),
                colour=item.colour,
                marker=marker,
                target_text=item.target_text,
            )
        )
    return Chart(
        title=title,
        width=width,
        height=height,
        bars=bars,
        horizontal=True,
        empty=largest <= 0,
        empty_text=empty_text or str(EMPTY_TEXT),
    )


# Charts for print -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintBar:
    """A bar as shares (0–100) of the chart's longest reach, with its texts."""

    label: str
    value_text: str
    target_text: str
    colour: str
    share: float
    marker: float | None


@dataclass(frozen=True)
class PrintChart:
    title: str
    empty: bool
    empty_text: str
    bars: list[PrintBar]


def print_chart(chart: Chart) -> PrintChart:
    """A chart for print, its bars laid out as rows with labels and values set as text.

    The PDF renderer lays out SVG text one letter at a time, which tears Thai and Dzongkha
    vowel and tone marks from their letters; set as HTML text, they are shaped as on screen.
    """

    def length(bar: Bar) -> float:
        return bar.width if chart.horizontal else bar.height

    def to_marker(bar: Bar) -> float | None:
        if bar.marker is None:
            return None
        return bar.marker.x1 - bar.x if chart.horizontal else bar.y + bar.height - bar.marker.y1

    reach = max((max(length(bar), to_marker(bar) or 0.0) for bar in chart.bars), default=0.0)

    def share(length: float) -> float:
        return 0.0 if reach <= 0 else round(length * 100 / reach, 1)

    return PrintChart(
        title=chart.title,
        empty=chart.empty,
        empty_text=chart.empty_text,
        bars=[
            PrintBar(
                label=bar.label,
                value_text=bar.value_text,
                target_text=bar.target_text,
                colour=bar.colour,
                share=share(length(bar)),
                marker=None if (at := to_marker(bar)) is None else share(at),
            )
            for bar in chart.bars
        ],
    )
