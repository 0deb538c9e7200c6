"""The plan as a timeline (a Gantt chart) drawn by the server as SVG.

The geometry is computed here, one dataclass a bar, as in core.charts; the template only draws
it. Time runs left to right over the programme's period (or one of its years): a day is the
same width everywhere, so a bar's position and length are proportional to its dates.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats

from ogop.core.thai import BE_OFFSET, THAI_MONTHS, localise_digits, wants_thai
from ogop.programme.models import OPEN_STATUSES, Activity

WIDTH = 960
LABEL_WIDTH = 280
RIGHT_MARGIN = 16
AXIS_HEIGHT = 48  # year names, month names, then the today mark
HEADING_HEIGHT = 26
ROW_HEIGHT = 24
LABEL_LENGTH = 40
MIN_BAR_WIDTH = 2.0
MARKER_WIDTH = 44  # room for the late marker's text
MONTH_LABEL_WIDTH = 30  # a month narrower than this goes unnamed

PLANNED_COLOUR = "#b8c4ce"
LATE_COLOUR = "#a11d1d"
ACTUAL_COLOUR = "#3d6b8f"
TODAY_COLOUR = "#b08a1e"
GRID_COLOUR = "#d9dee3"


@dataclass(frozen=True)
class Span:
    """A bar's horizontal extent, in SVG user units."""

    x: float
    width: float


@dataclass(frozen=True)
class Heading:
    """A component's band, above its activities."""

    title: str
    y: float
    text_y: float
    height: float = HEADING_HEIGHT


@dataclass(frozen=True)
class Row:
    """One activity: its planned bar (upper), its actual bar (lower), and whether it is late."""

    activity: Activity
    label: str
    y: float
    text_y: float
    planned: Span | None
    planned_y: float
    actual: Span | None
    actual_y: float
    late: bool
    in_progress: bool
    planned_colour: str
    marker_x: float
    marker_anchor: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str

    @property
    def label_x(self) -> float:
        return round(self.x + 4, 2)


@dataclass(frozen=True)
class Gantt:
    width: int
    height: int
    label_width: int
    first: dt.date
    last: dt.date
    headings: list[Heading]
    rows: list[Row]
    years: list[Tick]
    months: list[Tick]
    today_x: float | None
    bar_height: float
    axis_y: float = AXIS_HEIGHT
    year_label_y: float = 16
    month_label_y: float = 30
    today_label_y: float = 43
    planned_colour: str = PLANNED_COLOUR
    late_colour: str = LATE_COLOUR
    actual_colour: str = ACTUAL_COLOUR
    today_colour: str = TODAY_COLOUR
    grid_colour: str = GRID_COLOUR

    @property
    def today_label_x(self) -> float | None:
        return None if self.today_x is None else round(self.today_x + 3, 2)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def late_count(self) -> int:
        return sum(1 for row in self.rows if row.late)


def year_label(year: int) -> str:
    """2017, or 2560 (Buddhist Era, in Thai digits if preferred) for a Thai reader."""
    if wants_thai():
        return localise_digits(str(year + BE_OFFSET))
    return str(year)


def month_label(day: dt.date) -> str:
    """Jan, or ม.ค. for a Thai reader."""
    if wants_thai():
        return THAI_MONTHS[day.month - 1][1]
    return formats.date_format(day, "M")


class Scale:
    """Days to SVG x: the window's first day starts at `left`, its last ends at `right`."""

    def __init__(self, first: dt.date, last: dt.date, left: float, right: float) -> None:
        self.first, self.last = first, last
        self.left = left
        self.days = (last - first).days + 1
        self.per_day = (right - left) / self.days

    def x(self, day: dt.date) -> float:
        return round(self.left + (day - self.first).days * self.per_day, 2)

    def span(self, start: dt.date, end: dt.date) -> Span | None:
        """The bar of the days from `start` to `end`, both included, cut to the window."""
        start, end = max(start, self.first), min(end, self.last)
        if end < start:
            return None
        width = ((end - start).days + 1) * self.per_day
        return Span(self.x(start), round(max(width, MIN_BAR_WIDTH), 2))


def _actual_end(activity: Activity, today: dt.date) -> tuple[dt.date | None, bool]:
    """Where the actual bar ends, and whether the work is still going on."""
    if activity.start_actual is None:
        return None, False
    if activity.end_actual is not None:
        return activity.end_actual, False
    if activity.status in OPEN_STATUSES:
        return max(activity.start_actual, today), True
    return activity.start_actual, False


def timeline(
    activities: Sequence[Activity],
    *,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    width: int = WIDTH,
    label_width: int = LABEL_WIDTH,
) -> Gantt:
    """The geometry of the timeline of `activities` (in plan order) from `first` to `last`."""
    scale = Scale(first, last, label_width, width - RIGHT_MARGIN)
    bar_height = round((ROW_HEIGHT - 6) / 2, 2)
    headings: list[Heading] = []
    rows: list[Row] = []
    y = float(AXIS_HEIGHT)
    current = None
    for activity in activities:
        if activity.component_id != current:
            current = activity.component_id
            headings.append(Heading(str(activity.component), y, y + HEADING_HEIGHT - 8))
            y += HEADING_HEIGHT
        late = activity.is_late(today)
        actual_end, in_progress = _actual_end(activity, today)
        planned = scale.span(activity.start_planned, activity.end_planned)
        actual = (
            scale.span(activity.start_actual, actual_end)
            if activity.start_actual and actual_end
            else None
        )
        spans = [span for span in (planned, actual) if span is not None]
        reach = max((span.x + span.width for span in spans), default=float(label_width))
        start = min((span.x for span in spans), default=float(label_width))
        # The late marker goes after the bars, or before them when they reach the edge.
        after = reach + MARKER_WIDTH + 4 <= width - RIGHT_MARGIN
        if not after and start - MARKER_WIDTH - 4 < label_width:
            after = True
        title = str(activity.title)
        rows.append(
            Row(
                activity=activity,
                label=title if len(title) <= LABEL_LENGTH else title[: LABEL_LENGTH - 1] + "…",
                y=y,
                text_y=y + ROW_HEIGHT - 8,
                planned=planned,
                planned_y=y + 2,
                actual=actual,
                actual_y=y + 3 + bar_height,
                late=late,
                in_progress=in_progress,
                planned_colour=LATE_COLOUR if late else PLANNED_COLOUR,
                marker_x=round(reach + 4 if after else start - 4, 2),
                marker_anchor="start" if after else "end",
            )
        )
        y += ROW_HEIGHT
    years = [
        Tick(scale.x(max(dt.date(year, 1, 1), first)), year_label(year))
        for year in range(first.year, last.year + 1)
    ]
    # Month lines; named when a month is wide enough for its name (a year or so).
    named = scale.per_day * 28 >= MONTH_LABEL_WIDTH
    months = []
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            months.append(Tick(scale.x(month), month_label(month) if named else ""))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Gantt(
        width=width,
        height=int(y) + 8,
        label_width=label_width,
        first=first,
        last=last,
        headings=headings,
        rows=rows,
        years=years,
        months=months,
        today_x=scale.x(today) if first <= today <= last else None,
        bar_height=bar_height,
    )
