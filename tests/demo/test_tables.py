"""The demo's CSV tables: how they are read, and that each says what it is."""

from importlib import resources

import pytest

from ogop.demo import tables
from ogop.programme.models import ActivityStatus

PROGRAMME_TABLES = sorted(
    f"programme/{entry.name}"
    for entry in resources.files("ogop.demo").joinpath("data", "programme").iterdir()
    if entry.name.endswith(".csv")
)


def _serve(monkeypatch, text):
    monkeypatch.setattr(tables, "data", lambda name: text.encode())


def test_header_lines_are_skipped_and_quoted_cells_keep_their_commas_and_lines(monkeypatch):
    _serve(monkeypatch, '# what it is\n# fact or illustrative\nkey,report\na,"one, two\nthree"\n')
    assert tables.rows("any.csv") == [{"key": "a", "report": "one, two\nthree"}]


@pytest.mark.parametrize("row", ["a,b,c", "a"])
def test_a_row_of_another_length_than_the_header_is_refused_with_file_and_line(monkeypatch, row):
    _serve(monkeypatch, f"# about\nkey,value\nx,y\n{row}\n")
    with pytest.raises(ValueError, match=r"^t\.csv, line 4: 2 cells expected$"):
        tables.rows("t.csv")


def test_a_choice_is_named_in_lower_case_and_an_unknown_name_is_refused():
    assert tables.choice(ActivityStatus, "closed") == ActivityStatus.CLOSED == "4"
    with pytest.raises(KeyError):
        tables.choice(ActivityStatus, "4")


def test_flags_and_dates():
    assert [tables.yes_no(text) for text in ("yes", "no", "")] == [True, False, None]
    assert tables.optional_day("") is None
    assert tables.day("2017-12-17").isoformat() == "2017-12-17"


@pytest.mark.parametrize("name", PROGRAMME_TABLES)
def test_each_programme_table_says_whether_it_is_fact_or_illustrative(name):
    header = tables.data(name).decode().partition("\n")[0]
    assert header.startswith(("# Illustrative", "# Fact"))
    assert tables.rows(name)
