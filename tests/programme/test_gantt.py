"""The plan's timeline: bar geometry proportional to dates, late work marked, and the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ogop.programme.gantt import LATE_COLOUR, PLANNED_COLOUR, RIGHT_MARGIN, timeline
from ogop.programme.models import ActivityStatus
from tests.programme.factories import ActivityFactory, ProgrammeFactory, component

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2016, 1, 1), dt.date(2018, 12, 31)  # 1,096 days
LABEL = 100
# One unit a day: x is LABEL plus the days since FIRST.
ONE_A_DAY = LABEL + 1096 + RIGHT_MARGIN
AFTER = dt.date(2025, 1, 1)  # long after the programme


@pytest.fixture
def programme():
    return ProgrammeFactory()


def _draw(activities, *, first=FIRST, last=LAST, today=AFTER):
    return timeline(
        activities, first=first, last=last, today=today, width=ONE_A_DAY, label_width=LABEL
    )


def _activity(programme, position=1, **kwargs):
    kwargs.setdefault("status", ActivityStatus.CLOSED)
    return ActivityFactory(component=component(programme, position), **kwargs)


def test_a_planned_bar_starts_at_its_first_day_and_spans_its_days(programme):
    activity = _activity(
        programme, start_planned=dt.date(2017, 3, 1), end_planned=dt.date(2017, 3, 5)
    )
    row = _draw([activity]).rows[0]
    assert row.planned.x == LABEL + (dt.date(2017, 3, 1) - FIRST).days  # 525
    assert row.planned.width == 5


def test_bar_lengths_are_proportional_to_durations(programme):
    short = _activity(
        programme, start_planned=dt.date(2016, 2, 1), end_planned=dt.date(2016, 2, 10)
    )
    long = _activity(programme, start_planned=dt.date(2016, 2, 1), end_planned=dt.date(2016, 2, 20))
    rows = _draw([short, long]).rows
    assert rows[1].planned.width == 2 * rows[0].planned.width
    assert rows[0].planned.x == rows[1].planned.x


def test_the_scale_follows_the_chart_width(programme):
    activity = _activity(
        programme, start_planned=dt.date(2017, 1, 1), end_planned=dt.date(2017, 12, 31)
    )
    wide = timeline([activity], first=FIRST, last=LAST, today=AFTER, width=2000, label_width=0)
    narrow = timeline([activity], first=FIRST, last=LAST, today=AFTER, width=1000, label_width=0)
    assert wide.rows[0].planned.width == pytest.approx((2000 - RIGHT_MARGIN) * 365 / 1096, abs=0.01)
    assert narrow.rows[0].planned.width == pytest.approx(
        (1000 - RIGHT_MARGIN) * 365 / 1096, abs=0.01
    )


def test_the_actual_bar_is_drawn_from_the_actual_dates_below_the_planned_one(programme):
    activity = _activity(
        programme,
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 3, 5),
        start_actual=dt.date(2017, 3, 10),
        end_actual=dt.date(2017, 3, 19),
    )
    row = _draw([activity]).rows[0]
    assert (row.actual.x, row.actual.width) == (LABEL + 434, 10)
    assert row.actual_y > row.planned_y


def test_no_actual_bar_before_the_work_starts(programme):
    activity = _activity(programme, status=ActivityStatus.PIPELINE, start_actual=None)
    assert _draw([activity], today=dt.date(2017, 1, 1)).rows[0].actual is None


def test_work_under_way_is_drawn_up_to_today(programme):
    activity = _activity(
        programme,
        status=ActivityStatus.IMPLEMENTATION,
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 4, 30),
        start_actual=dt.date(2017, 3, 1),
    )
    row = _draw([activity], today=dt.date(2017, 3, 10)).rows[0]
    assert (row.actual.width, row.in_progress) == (10, True)


def test_open_work_past_its_dates_is_late_with_its_own_colour(programme):
    late = _activity(
        programme,
        status=ActivityStatus.IMPLEMENTATION,
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 3, 5),
    )
    done = _activity(
        programme,
        status=ActivityStatus.CLOSED,
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 3, 5),
    )
    gantt = _draw([late, done], today=dt.date(2017, 6, 1))
    assert [row.late for row in gantt.rows] == [True, False]
    assert [row.planned_colour for row in gantt.rows] == [LATE_COLOUR, PLANNED_COLOUR]
    assert gantt.late_count == 1


def test_work_planned_later_is_not_late(programme):
    activity = _activity(
        programme,
        status=ActivityStatus.PIPELINE,
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 3, 5),
    )
    assert not _draw([activity], today=dt.date(2017, 2, 1)).rows[0].late


def test_bars_are_cut_to_the_window_of_one_year(programme):
    activity = _activity(
        programme, start_planned=dt.date(2016, 12, 1), end_planned=dt.date(2017, 1, 10)
    )
    outside = _activity(
        programme, start_planned=dt.date(2016, 5, 1), end_planned=dt.date(2016, 5, 10)
    )
    first, last = dt.date(2017, 1, 1), dt.date(2017, 12, 31)
    rows = _draw([activity, outside], first=first, last=last).rows
    per_day = (ONE_A_DAY - RIGHT_MARGIN - LABEL) / 365
    assert rows[0].planned.x == LABEL
    assert rows[0].planned.width == pytest.approx(10 * per_day, abs=0.01)
    assert rows[1].planned is None


def test_activities_are_grouped_under_their_components_in_order(programme):
    first = _activity(programme, position=1)
    second = _activity(programme, position=1)
    third = _activity(programme, position=3)
    gantt = _draw([first, second, third])
    assert [heading.title for heading in gantt.headings] == [
        str(component(programme, 1)),
        str(component(programme, 3)),
    ]
    assert gantt.headings[1].y > gantt.rows[1].y
    assert gantt.rows[2].y > gantt.headings[1].y


def test_year_ticks_sit_on_new_year_and_today_only_within_the_period(programme):
    gantt = _draw([], today=dt.date(2017, 1, 1))
    assert [tick.label for tick in gantt.years] == ["2016", "2017", "2018"]
    assert [tick.x for tick in gantt.years] == [LABEL, LABEL + 366, LABEL + 731]
    assert gantt.today_x == LABEL + 366
    assert len(gantt.months) == 36
    assert gantt.months[2].x == LABEL + 60  # 1 March 2016
    assert {month.label for month in gantt.months} == {""}  # too narrow to name


def test_months_are_named_when_there_is_room_for_it():
    gantt = _draw([], first=dt.date(2017, 1, 1), last=dt.date(2017, 12, 31))
    assert [month.label for month in gantt.months][:3] == ["Jan", "Feb", "Mar"]
    with translation.override("th"):
        gantt = _draw([], first=dt.date(2017, 1, 1), last=dt.date(2017, 12, 31))
    assert gantt.months[0].label == "ม.ค."
    assert _draw([], today=AFTER).today_x is None


def test_years_are_buddhist_era_for_a_thai_reader():
    with translation.override("th"):
        gantt = _draw([])
    assert [tick.label for tick in gantt.years] == ["2559", "2560", "2561"]


# The page ----------------------------------------------------------------------------------


def test_plan_page_draws_bars_and_lists_activities_in_a_table(officer_client, programme):
    late = _activity(
        programme,
        title="Honey training",
        status=ActivityStatus.IMPLEMENTATION,
        start_planned=dt.date(2017, 3, 1),
        end_planned=dt.date(2017, 3, 5),
    )
    _activity(programme, position=2, title="Expert mission")
    response = officer_client.get(reverse("programme_plan", args=[programme.pk]))
    assert response.status_code == 200
    text = response.text
    assert "<svg" in text
    assert text.count('class="planned"') == 2
    assert "⚠ late" in text  # a text marker, not colour only
    assert LATE_COLOUR in text
    assert f'href="{late.get_absolute_url()}"' in text
    table = text.split('class="plan-table"')[1]
    assert "Honey training" in table
    assert "Expert mission" in table
    assert "1 March 2017 – 5 March 2017" in table


def test_plan_page_filters_by_component_and_year(officer_client, programme):
    _activity(
        programme,
        title="In 2016",
        start_planned=dt.date(2016, 5, 1),
        end_planned=dt.date(2016, 5, 2),
    )
    _activity(
        programme,
        title="In 2017",
        start_planned=dt.date(2017, 5, 1),
        end_planned=dt.date(2017, 5, 2),
    )
    _activity(
        programme,
        position=2,
        title="Other component",
        start_planned=dt.date(2017, 6, 1),
        end_planned=dt.date(2017, 6, 2),
    )
    url = reverse("programme_plan", args=[programme.pk])
    by_year = officer_client.get(url, {"year": 2017}).context["gantt"]
    assert [row.activity.title for row in by_year.rows] == ["In 2017", "Other component"]
    assert (by_year.first, by_year.last) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    by_component = officer_client.get(url, {"component": component(programme, 2).pk})
    assert [row.activity.title for row in by_component.context["gantt"].rows] == ["Other component"]


def test_plan_page_shows_today_when_the_programme_is_running(officer_client):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        start_planned=today - dt.timedelta(days=100), end_planned=today + dt.timedelta(days=100)
    )
    ActivityFactory(
        component=component(programme),
        start_planned=today - dt.timedelta(days=10),
        end_planned=today + dt.timedelta(days=10),
    )
    text = officer_client.get(reverse("programme_plan", args=[programme.pk])).text
    assert 'class="today"' in text
    old = officer_client.get(reverse("programme_plan", args=[ProgrammeFactory().pk])).text
    assert 'class="today"' not in old


def test_plan_page_says_so_when_there_is_nothing_to_draw(officer_client, programme):
    text = officer_client.get(reverse("programme_plan", args=[programme.pk])).text
    assert "No activity to show." in text
    assert "<svg viewBox" not in text


def test_plan_query_count_does_not_grow_with_activities(
    officer_client, programme, django_assert_max_num_queries
):
    url = reverse("programme_plan", args=[programme.pk])
    for position in (1, 2, 3):
        ActivityFactory.create_batch(2, component=component(programme, position))
    with django_assert_max_num_queries(12) as few:
        officer_client.get(url)
    for position in (4, 5, 6, 7):
        ActivityFactory.create_batch(30, component=component(programme, position))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(url)
    assert len(response.context["gantt"].rows) == 126


def test_the_late_marker_sits_after_the_bars_or_before_them_at_the_edge(programme):
    early = _activity(
        programme,
        status=ActivityStatus.IMPLEMENTATION,
        start_planned=dt.date(2016, 3, 1),
        end_planned=dt.date(2016, 3, 5),
    )
    at_the_end = _activity(
        programme,
        status=ActivityStatus.IMPLEMENTATION,
        start_planned=dt.date(2018, 11, 1),
        end_planned=dt.date(2018, 12, 31),
    )
    first, last = _draw([early, at_the_end]).rows
    assert (first.marker_x, first.marker_anchor) == (first.planned.x + 5 + 4, "start")
    assert (last.marker_x, last.marker_anchor) == (last.planned.x - 4, "end")
