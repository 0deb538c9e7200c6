"""Pages on a phone (390 px): none scrolls sideways, every table stacks into labelled rows, and
charts keep their labels whole and apart — measured in the browser, at a phone's width and a
desktop's."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.fairs.factories import ExhibitFactory, FairFactory, sale_each_day
from tests.reports.test_dashboard import build_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# The labels of the chart drawn on screen (the one of its drawings the page shows): each as the
# four corners of its box, turned as the label is, in the page's pixels; its text; and the box of
# its drawing. Turned labels are compared by their own boxes, not by the upright boxes around
# them, which overlap even when the letters do not.
LABELS = """(figure) => {
  const svg = [...figure.querySelectorAll("svg")]
    .find((one) => one.getBoundingClientRect().width > 0);
  const frame = svg.getBoundingClientRect();
  const [dx, dy] = [window.scrollX, window.scrollY];
  const labels = [...svg.querySelectorAll('text[font-size="12"]')].map((text) => {
    const box = text.getBBox();
    const matrix = text.getScreenCTM();
    const corners = [
      [box.x, box.y], [box.x + box.width, box.y],
      [box.x + box.width, box.y + box.height], [box.x, box.y + box.height],
    ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix))
      .map((point) => [point.x + dx, point.y + dy]);
    const lines = [...text.querySelectorAll("tspan")].map((line) => line.textContent.trim());
    return {text: lines.length ? lines.join(" ") : text.textContent.trim(), corners};
  });
  return {labels, frame: [frame.left + dx, frame.top + dy, frame.right + dx, frame.bottom + dy]};
}"""


def _apart(first: list[list[float]], second: list[list[float]]) -> bool:
    """Whether two convex boxes do not overlap: some edge of one separates them (the
    separating axis test), with half a pixel's tolerance for anti-aliasing."""
    for shape in (first, second):
        for index, (x1, y1) in enumerate(shape):
            x2, y2 = shape[(index + 1) % len(shape)]
            axis = (y1 - y2, x2 - x1)
            one = [axis[0] * x + axis[1] * y for x, y in first]
            two = [axis[0] * x + axis[1] * y for x, y in second]
            length = (axis[0] ** 2 + axis[1] ** 2) ** 0.5 or 1.0
            if max(one) <= min(two) + 0.5 * length or max(two) <= min(one) + 0.5 * length:
                return True
    return False


def _labels_apart_and_inside(page: Page, figure: Any) -> list[str]:
    """The texts of a chart's labels, after checking that no two overlap and that none reaches
    out of its drawing (where it would be cut off)."""
    drawn = figure.evaluate(LABELS)
    labels, (left, top, right, bottom) = drawn["labels"], drawn["frame"]
    assert labels, "the chart has no labels"
    for index, label in enumerate(labels):
        for x, y in label["corners"]:
            assert left - 1 <= x <= right + 1, f"{label['text']!r} reaches out of its chart"
            assert top - 1 <= y <= bottom + 1, f"{label['text']!r} reaches out of its chart"
        for other in labels[index + 1 :]:
            assert _apart(label["corners"], other["corners"]), (
                f"{label['text']!r} overlaps {other['text']!r}"
            )
    return [label["text"] for label in labels]


def _chart_at_each_size(page: Page, url: str, title: str, shot: Path) -> Iterator[list[str]]:
    """The chart's label texts, checked apart and inside, on a desktop and then on a phone
    (each with its screenshot), on a page that fits the screen."""
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(url)
        chart = page.locator("figure.chart", has_text=title)
        expect(chart).to_be_visible()
        page.screenshot(path=shot.with_name(f"{shot.stem}-{size}.png"), full_page=True)
        _fits(page)
        yield _labels_apart_and_inside(page, chart)


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) <= 0, f"{page.url} scrolls sideways"


@pytest.fixture
def officer(transactional_db: None) -> Any:
    return UserFactory(role=Role.PROGRAMME_OFFICER)


def test_public_search_by_category_fits_a_phone(page: Page, artifacts: Path) -> None:
    ProductFactory(category="food", name="Red rice", name_en="Red rice", is_public=True)
    page.set_viewport_size(PHONE)
    page.goto(reverse("catalog_search") + "?category=food")
    expect(page.locator("#id_category")).to_be_visible()
    page.screenshot(path=artifacts / "phone-search-food.png", full_page=True)
    _fits(page)


def test_staff_tables_stack_into_labelled_rows_on_a_phone(
    page: Page, officer: Any, artifacts: Path
) -> None:
    """The products list, the plan and the programme's form (its sectors table) fit a phone:
    their rows stack, each cell labelled with its column's heading; on a desktop the same
    tables keep their columns."""
    programme = build_programme()
    group = ProducerGroupFactory(name_en="Mewang Fruit Processing Enterprise")
    ProductFactory(producer_group=group, name="Apple juice", name_en="Apple juice")
    log_in(page, officer)
    page.set_viewport_size(PHONE)
    for name, url in [
        ("products", reverse("product_list")),
        ("plan", reverse("programme_plan", args=[programme.pk])),
        ("programme-edit", reverse("programme_edit", args=[programme.pk])),
    ]:
        page.goto(url)
        expect(page.locator("table.table.stacks").first).to_be_attached()
        page.screenshot(path=artifacts / f"phone-{name}.png", full_page=True)
        _fits(page)

    page.goto(reverse("product_list") + "?q=Apple")
    group_cell = page.locator("td", has_text="Mewang Fruit Processing Enterprise")
    expect(group_cell).to_have_attribute("data-label", "Producer group")
    label = group_cell.evaluate("(cell) => getComputedStyle(cell, '::before').content")
    assert label == '"Producer group"'
    # A stacked row reads down the screen: its cells stand one above the other.
    name_cell = page.locator("td", has_text="Apple juice")
    assert name_cell.bounding_box()["y"] < group_cell.bounding_box()["y"]  # type: ignore[index]

    page.set_viewport_size(DESKTOP)
    expect(page.locator("table.table thead")).to_be_visible()
    assert name_cell.bounding_box()["y"] == group_cell.bounding_box()["y"]  # type: ignore[index]


def test_a_table_that_htmx_swaps_in_stacks_too(page: Page, officer: Any) -> None:
    ProductFactory(name="Apple juice", name_en="Apple juice")
    ProductFactory(name="Buckwheat noodles", name_en="Buckwheat noodles")
    log_in(page, officer)
    page.set_viewport_size(PHONE)
    page.goto(reverse("product_list"))
    page.fill("#id_q", "Buckwheat")
    expect(page.locator("td", has_text="Apple juice")).to_have_count(0)
    swapped = page.locator("td", has_text="Buckwheat noodles")
    expect(swapped).to_have_attribute("data-label", "Name")
    _fits(page)


def test_a_month_of_fair_days_has_day_labels_apart(page: Page, artifacts: Path) -> None:
    """The fair report over 31 days: the day labels under the columns neither overlap nor run
    out of the chart, on a desktop and on a phone, and every day's figure is in its table."""
    first = dt.date(2017, 12, 1)
    fair = FairFactory(starts_on=first, ends_on=first + dt.timedelta(days=30))
    sale_each_day(ExhibitFactory(booth__fair=fair, opening_stock=1000, stock=1000))
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))
    url = reverse("fair_report", args=[fair.code])
    for days in _chart_at_each_size(page, url, "Sales by day", artifacts / "fair-report-month"):
        assert "1/12" in days
        assert len(days) >= 8  # thinned, not gone
    # Every day's figure, in the chart's own table.
    by_day = page.locator("figure.chart", has_text="Sales by day")
    by_day.locator("summary").click()
    table = by_day.locator("details table")
    expect(table.locator("caption")).to_have_text("Sales by day")
    expect(table.locator("tbody tr")).to_have_count(31)
    expect(table.locator("tbody tr").last).to_contain_text("31/12")


def test_money_names_each_component_whole(page: Page, officer: Any, artifacts: Path) -> None:
    programme = build_programme()
    names = [f"{c.position}. {c.title}" for c in programme.components.order_by("position")]
    log_in(page, officer)
    url = reverse("programme_money", args=[programme.pk])
    for labels in _chart_at_each_size(page, url, "by component", artifacts / "money"):
        assert [label for label in labels if label[0].isdigit()] == names[: len(labels)]
        assert names[0] in labels
