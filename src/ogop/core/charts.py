"""Charts drawn by the server as inline SVG: the geometry is computed here, a template draws it.

No JavaScript is needed, so charts show on a slow phone, print in PDFs and read the same in
every language. `column_chart` stands bars side by side (a series over time);
`bar_chart` lays them out as labelled rows (a ranking, a comparison).

No label is cut and none overlaps another: a row's label wraps onto as many lines as it needs
(at spaces, after a Dzongkha tsheg, between Thai words), and under crowded columns only every
second, third… label is drawn, or they are turned, whichever leaves more of them. Both need the
width of a text before a browser sets it: `text_width` estimates it on the generous side, from
the widths of a wide sans-serif (DejaVu Sans, Chromium's default on Linux). The template gives
every chart its figures as a table as well.
"""

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from pythainlp.tokenize import word_tokenize

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
    value_y: float = 0.0
    colour: str = COLOURS[0]
    marker: Line | None = None  # the target, drawn across the bar
    target_text: str = ""
    # The label as drawn: its lines (a row's label wraps), or none under a crowded column
    # whose neighbour's label is drawn instead.
    label_lines: tuple[str, ...] = ()
    line_height: int = 0


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
    # Column labels turned by this many degrees (0: level), about their anchor.
    label_rotation: int = 0
    # The headings of the chart's table of figures (the template has general ones).
    label_heading: str = ""
    value_heading: str = ""
    target_heading: str = ""
    # The same chart drawn for a phone's width, where the wide one's letters would be too small.
    narrow: "Chart | None" = None

    @property
    def has_targets(self) -> bool:
        return any(bar.target_text for bar in self.bars)


LABEL_SIZE = 12  # font size of labels, in the chart's units
VALUE_SIZE = 11  # font size of the values beside horizontal bars
LINE_HEIGHT = 15  # between the lines of a wrapped label
ROTATION = 45  # degrees by which crowded column labels are turned
# A chart is drawn twice: at its width for a wide screen, and at this one for a phone, so that
# its letters read at the size of the text around it there too.
NARROW_WIDTH = 360

# Shares of the font size, per kind of character (DejaVu Sans, rounded up).
_NARROW = set(" .,:;'!|/()-[]ijlftrI")
_WIDE = set("mwMW%@")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")
# Where a line may break: after spaces, and after a Tibetan tsheg or shad.
_BREAK_AFTER = re.compile(r"(?<=[ \u0f0b\u0f0d\u0f0e])")


def _char_width(char: str) -> float:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if char in _NARROW:
        return 0.36
    if char in _WIDE:
        return 1.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if "\u0f00" <= char <= "\u0fff":  # Tibetan script (Dzongkha)
        return 0.9
    if "\u0e00" <= char <= "\u0e7f":  # Thai
        return 0.7
    if char.isupper():
        return 0.8
    return 0.65


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """The width a text takes at a font size, in the same units, estimated on the generous side."""
    return sum(_char_width(char) for char in text) * size


def _pieces(text: str) -> list[str]:
    """The text cut where a line may break, each piece keeping its trailing space or tsheg."""
    pieces = []
    for piece in _BREAK_AFTER.split(text):
        for part in re.split(r"([\u0e00-\u0e7f]+)", piece):
            if _THAI.fullmatch(part):
                pieces.extend(word_tokenize(part, engine="newmm", keep_whitespace=True))
            elif part:
                pieces.append(part)
    return pieces


def wrap_label(text: str, width: float, size: float = LABEL_SIZE) -> list[str]:
    """The text as lines no wider than `width`, broken between words; a word wider than a line
    alone is broken between its letters."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if text_width((line + piece).rstrip(), size) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        for char in piece:  # the piece starts a line; break it if even that is too wide
            if line and text_width((line + char).rstrip(), size) > width:
                lines.append(line.rstrip())
                line = ""
            line += char
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _scale(value: Decimal | int | float, largest: Decimal | int | float, length: float) -> float:
    return 0.0 if largest <= 0 else float(Decimal(str(value)) / Decimal(str(largest))) * length


def _level_step(widest: float, slot: float) -> int:
    """Every how many columns a level label as wide as `widest` fits, half a letter apart."""
    return max(1, math.ceil((widest + LABEL_SIZE / 2) / slot))


def _turned_step(slot: float) -> int:
    """Every how many columns a turned label fits: a line's height across the slant."""
    return max(1, math.ceil(LINE_HEIGHT / (slot * math.sin(math.radians(ROTATION)))))


def _with_texts(
    wide: Chart,
    narrow: Chart,
    *,
    empty_text: str = "",
    label_heading: str = "",
    value_heading: str = "",
    target_heading: str = "",
) -> Chart:
    """The chart with its narrow drawing, both saying `empty_text` when there is nothing to
    draw, and the headings of its table of figures (the template has general ones)."""

    def titled(chart: Chart) -> Chart:
        return replace(
            chart,
            empty_text=empty_text or str(EMPTY_TEXT),
            label_heading=label_heading,
            value_heading=value_heading,
            target_heading=target_heading,
        )

    return replace(titled(wide), narrow=titled(narrow))


def column_label_step(labels: Sequence[str], slot: float) -> tuple[int, int]:
    """Which column labels to draw and how: (every how many, turned by how many degrees).

    Level labels are drawn when each fits in its column with a little space; otherwise only
    every n-th, or turned ones, which need less room side by side (their line height, across
    the slant) but more below the chart: whichever draws more labels, level ones on a tie."""
    if slot <= 0:
        return 1, 0
    widest = max((text_width(label) for label in labels), default=0.0)
    level = _level_step(widest, slot)
    turned = _turned_step(slot)
    if level == 1 or level <= turned:
        return level, 0
    return turned, ROTATION


def column_chart(
    title: str,
    items: Sequence[Item],
    *,
    width: int = 640,
    height: int = 240,
    **texts: str,
) -> Chart:
    """Vertical bars side by side (see `_columns`), drawn for a wide screen and for a phone;
    `texts` as `_with_texts` takes them."""
    wide = _columns(title, items, width=width, height=height)
    return _with_texts(
        wide, _columns(title, items, width=NARROW_WIDTH, height=height * 3 // 4), **texts
    )


def _columns(
    title: str,
    items: Sequence[Item],
    *,
    width: int,
    height: int,
) -> Chart:
    """Vertical bars side by side, labelled underneath: every label where they fit, else every
    n-th or turned ones (see `column_label_step`). The columns leave room at the sides for the
    outer labels, and the chart grows below to hold turned ones."""
    top, bottom = 24, 40
    plot = height - top - bottom
    count = max(len(items), 1)
    labels = [item.label for item in items]
    widest = max((text_width(label) for label in labels), default=0.0)
    step, rotation = column_label_step(labels, width / count)
    if rotation:
        slant = math.radians(rotation)
        left = max(0.0, widest * math.cos(slant) + LABEL_SIZE - width / count / 2)
        slot = (width - left) / count
        bottom = max(bottom, math.ceil(widest * math.sin(slant) + LABEL_SIZE) + 14)
        step = _turned_step(slot)
    else:
        left = max(0.0, widest / 2 + 2 - width / count / 2)
        slot = (width - 2 * left) / count
        step = _level_step(widest, slot)
    base = top + plot
    largest = max((max(item.value, item.target or 0) for item in items), default=0)
    bars = []
    for index, item in enumerate(items):
        bar_height = _scale(item.value, largest, plot)
        x = left + index * slot + slot * 0.15
        marker = None
        if item.target is not None:
            level = round(base - _scale(item.target, largest, plot), 1)
            marker = Line(round(x, 1), level, round(x + slot * 0.7, 1), level)
        bars.append(
            Bar(
                label=item.label,
                value_text=item.value_text,
                x=round(x, 1),
                y=round(base - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label_x=round(x + slot * 0.35, 1),
                label_y=base + (10 if rotation else 16),
                colour=item.colour,
                marker=marker,
                target_text=item.target_text,
                label_lines=(item.label,) if index % step == 0 else (),
            )
        )
    return Chart(
        title=title,
        width=width,
        height=base + bottom,
        bars=bars,
        horizontal=False,
        empty=largest <= 0,
        label_rotation=rotation,
    )


def bar_chart(
    title: str,
    items: Sequence[Item],
    *,
    width: int = 640,
    label_width: int = 270,
    **texts: str,
) -> Chart:
    """Horizontal bars in rows (see `_rows`), drawn for a wide screen and for a phone, where the
    labels take the same share of the width; `texts` as `_with_texts` takes them."""
    narrow_labels = label_width * NARROW_WIDTH // width
    narrow = _rows(title, items, width=NARROW_WIDTH, label_width=narrow_labels)
    return _with_texts(_rows(title, items, width=width, label_width=label_width), narrow, **texts)


def _rows(
    title: str,
    items: Sequence[Item],
    *,
    width: int,
    label_width: int,
) -> Chart:
    """Horizontal bars, one row each, labelled on the left with the value on the right; a long
    label wraps and its row grows to hold it."""
    gap = 6  # between a label and its bar, and a bar and its value
    value_room = max((text_width(item.value_text, VALUE_SIZE) for item in items), default=0.0)
    length = math.floor(width - label_width - gap - value_room - 2)
    largest = max((max(item.value, item.target or 0) for item in items), default=0)
    bars = []
    y = 4.0
    for item in items:
        lines = tuple(wrap_label(item.label, label_width - gap))
        row_height = max(24, len(lines) * LINE_HEIGHT + 9)
        bar_y = y + (row_height - 24) / 2  # the bar in the middle of its row
        bar_width = _scale(item.value, largest, length)
        marker = None
        reach = bar_width
        if item.target is not None:
            reach = max(bar_width, _scale(item.target, largest, length))
            at = round(label_width + _scale(item.target, largest, length), 1)
            marker = Line(at, round(bar_y - 2, 1), at, round(bar_y + 20, 1))
        # The first line's baseline, so that the lines stand centred on the bar.
        label_y = bar_y + 14 - (len(lines) - 1) * LINE_HEIGHT / 2
        bars.append(
            Bar(
                label=item.label,
                value_text=item.value_text,
                x=label_width,
                y=round(bar_y, 1),
                width=round(bar_width, 1),
                height=18,
                label_x=label_width - gap,
                label_y=round(label_y, 1),
                value_x=round(label_width + reach + 4, 1),
                value_y=round(bar_y + 13, 1),
                colour=item.colour,
                marker=marker,
                target_text=item.target_text,
                label_lines=lines,
                line_height=LINE_HEIGHT,
            )
        )
        y += row_height
    return Chart(
        title=title,
        width=width,
        height=math.ceil(max(y, 28) + 4),
        bars=bars,
        horizontal=True,
        empty=largest <= 0,
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
