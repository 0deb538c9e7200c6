"""Workbooks of several sheets (core.tabular.write_workbook): names, typed cells, and text that
a spreadsheet program could take for a formula kept as text."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from ogop.core.tabular import (
    BUDDHIST_ERA_DATE,
    BUDDHIST_ERA_DATETIME,
    Sheet,
    write_workbook,
    write_xlsx,
)


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_each_sheet_is_written_in_order_with_its_header():
    data = write_workbook(
        [
            Sheet("Summary", ["Item", "Value"], [["Budget", Decimal("1250.50")]]),
            Sheet("Activities", ["Title", "Start"], [["Training", dt.date(2017, 3, 1)]]),
        ]
    )
    book = load(data)
    assert book.sheetnames == ["Summary", "Activities"]
    assert [cell.value for cell in book["Summary"][2]] == ["Budget", 1250.5]
    start = book["Activities"]["B2"]
    assert start.is_date
    assert start.value.date() == dt.date(2017, 3, 1)


def test_sheet_names_lose_the_characters_excel_refuses_and_are_cut_to_31():
    data = write_workbook(
        [
            Sheet("Results / indicators [2017]: all?", ["a"], []),
            Sheet("A name far longer than thirty-one characters", ["a"], []),
        ]
    )
    assert load(data).sheetnames == [
        "Results - indicators -2017-- al",
        "A name far longer than thirty-o",
    ]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", '=HYPERLINK("x")', "\tx"])
def test_text_that_starts_like_a_formula_stays_text(text):
    cell = load(write_workbook([Sheet("S", ["name"], [[text]])]))["S"]["A2"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix  # a spreadsheet program keeps it as text when it is edited


def test_plain_text_and_numbers_are_not_marked():
    sheet = load(write_workbook([Sheet("S", ["name", "amount"], [["Honey", -5]])]))["S"]
    assert not sheet["A2"].quotePrefix
    assert sheet["B2"].value == -5
    assert sheet["B2"].data_type == "n"


def test_a_header_that_starts_like_a_formula_stays_text_too():
    cell = load(write_workbook([Sheet("S", ["=cmd"], [])]))["S"]["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=cmd", "s", True)


def test_write_xlsx_is_a_workbook_of_one_sheet():
    book = load(write_xlsx(["code"], [["A"]], title="Groups"))
    assert book.sheetnames == ["Groups"]
    assert book["Groups"]["A2"].value == "A"


def test_dates_show_in_the_buddhist_era_for_a_thai_reader_and_stay_dates():
    rows = [[dt.date(2017, 12, 17), dt.datetime(2017, 12, 17, 9, 30)]]
    with translation.override("th"):
        thai = load(write_workbook([Sheet("S", ["day", "at"], rows)]))["S"]
    with translation.override("en"):
        english = load(write_workbook([Sheet("S", ["day", "at"], rows)]))["S"]
    assert thai["A2"].is_date
    assert thai["A2"].value.date() == dt.date(2017, 12, 17)
    assert (thai["A2"].number_format, thai["B2"].number_format) == (
        BUDDHIST_ERA_DATE,
        BUDDHIST_ERA_DATETIME,
    )
    assert english["A2"].is_date
    assert english["A2"].number_format != BUDDHIST_ERA_DATE
    assert "[$-" not in english["A2"].number_format


def test_a_workbook_may_ask_for_the_buddhist_era_whatever_the_language():
    data = write_workbook([Sheet("S", ["day"], [[dt.date(2017, 12, 17)]])], buddhist_era=True)
    assert load(data)["S"]["A2"].number_format == BUDDHIST_ERA_DATE
