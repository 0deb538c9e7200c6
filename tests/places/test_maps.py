"""Bhutan's schematic map: dzongkhags at their centres, and labels that keep apart."""

import pytest

from ogop.core.charts import text_width
from ogop.places.maps import (
    LABEL_SIZE,
    LINE_HEIGHT,
    MAP_SIZE,
    MapPoint,
    bhutan_points,
    labels_apart,
)
from ogop.places.models import Area, Country

pytestmark = pytest.mark.django_db


def dzongkhags() -> list[Area]:
    return list(Area.objects.filter(country=Country.BHUTAN, level=1).order_by("code"))


def box(label, lines):
    wide = max(text_width(line, LABEL_SIZE) for line in lines)
    top = label.y - LABEL_SIZE + 1
    return (label.x - wide / 2, top, label.x + wide / 2, top + LINE_HEIGHT * len(lines))


def test_every_dzongkhag_is_placed_within_the_frame():
    points = bhutan_points(dzongkhags(), lambda area: 5)
    assert len(points) == 20
    width, height = MAP_SIZE
    assert all(0 < point.x < width and 0 < point.y < height for point in points)
    by_code = {point.area.code: point for point in points}
    assert by_code["BT-33"].x > by_code["BT-14"].x  # Bumthang east of Samtse
    assert by_code["BT-GA"].y < by_code["BT-14"].y  # Gasa north of Samtse


def test_labels_stay_in_the_frame_and_cover_no_other_label_nor_any_circle():
    # Every dzongkhag large, labelled with two long lines: they crowd in the west.
    points = bhutan_points(dzongkhags(), lambda area: 14)
    texts = [(point.area.name, "1,234,567.89 THB") for point in points]
    labels = labels_apart(points, texts)
    placed = [
        (box(label, lines), label)
        for label, lines in zip(labels, texts, strict=True)
        if label is not None
    ]
    assert labels[0] is not None  # the first always finds room
    assert 5 <= len(placed) < 20  # some give way
    width, height = MAP_SIZE
    for index, (one, _label) in enumerate(placed):
        assert min(one[0], one[1]) >= -0.5
        assert one[2] <= width + 0.5
        assert one[3] <= height + 0.5
        for other, _other_label in placed[index + 1 :]:
            # Apart, but for the rounding of where a label is drawn (a tenth of a unit).
            assert not (
                one[0] < other[2] - 0.2
                and other[0] < one[2] - 0.2
                and one[1] < other[3] - 0.2
                and other[1] < one[3] - 0.2
            )
        for point in points:
            nearest_x = min(max(point.x, one[0]), one[2])
            nearest_y = min(max(point.y, one[1]), one[3])
            assert (nearest_x - point.x) ** 2 + (nearest_y - point.y) ** 2 >= point.r**2 - 0.5


def test_a_label_keeps_clear_of_what_it_is_told_to_and_leads_to_its_circle():
    point = MapPoint(Area(code="X", name="X"), x=100, y=100, r=10)
    (above,) = labels_apart([point], [("Name",)])
    assert above is not None
    assert above.y < 100  # above the circle first
    assert (above.x1, above.y1) == (100, 90)  # the leader starts at the circle's top
    (elsewhere,) = labels_apart([point], [("Name",)], keep_clear=((0, 0, 700, 95),))
    assert elsewhere is not None
    assert elsewhere.y > 110  # below it instead
    (none,) = labels_apart([point], [("Name",)], keep_clear=((0, 0, 700, 340),))
    assert none is None
