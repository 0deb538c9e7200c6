"""Reading and writing the spreadsheets people exchange: CSV in Thai encodings, and XLSX."""

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from ogop.core.tabular import TableError, read_table, write_csv, write_xlsx
from tests.filebuilders import xlsx_claiming_size

COLUMNS = ["code", "name", "price", "active", "made"]
REQUIRED = ["code", "name"]
THAI = "ข้าวหอมมะลิ"
DZONGKHA = "བོད་ཀྱི་ཆུ་"


def read(data: bytes, columns: list[str] = COLUMNS, required: list[str] = REQUIRED) -> Any:
    return read_table(data, columns=columns, required=required)


def rejection(data: bytes, **kwargs: Any) -> str:
    """The message of the TableError that reading `data` raises."""
    with pytest.raises(TableError) as excinfo:
        read(data, **kwargs)
    return str(excinfo.value)


def xlsx(*rows: list[Any]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# Reading CSV


@pytest.mark.parametrize(
    "data",
    [
        f"code,name\nA-1,{THAI}\n".encode(),
        f"\ufeffcode,name\nA-1,{THAI}\n".encode(),
        f"code,name\nA-1,{THAI}\n".encode("cp874"),
        f"code,name\nA-1,{THAI}\n".encode("tis-620"),
        f"code,name\r\nA-1,{THAI}\r\n".encode(),
        f"code;name\nA-1;{THAI}\n".encode(),
        f"code\tname\nA-1\t{THAI}\n".encode(),
    ],
    ids=["utf-8", "utf-8-bom", "cp874", "tis-620", "crlf", "semicolons", "tabs"],
)
def test_read_table_reads_csv_in_every_accepted_encoding_and_separator(data):
    table = read(data)
    assert table.format == "csv"
    assert table.header == ["code", "name"]
    assert table.rows == [(2, {"code": "A-1", "name": THAI})]


def test_read_table_keeps_separators_inside_quoted_cells():
    table = read(b'code,name\nA,"Rice, organic"\nB,Rice; red\n')
    assert [values["name"] for _, values in table.rows] == ["Rice, organic", "Rice; red"]


def test_read_table_fills_the_cells_a_short_row_leaves_out():
    table = read(b"code,name,price\nA,Rice\n")
    assert table.rows == [(2, {"code": "A", "name": "Rice", "price": ""})]


def test_read_table_trims_spaces_around_values():
    assert read(b"code,name\n  A  , Rice \n").rows == [(2, {"code": "A", "name": "Rice"})]


def test_read_table_reads_a_last_row_without_a_line_end():
    assert read(b"code,name\nA,Rice").rows == [(2, {"code": "A", "name": "Rice"})]


# Reading XLSX


def test_read_table_reads_xlsx_cells_as_the_text_a_person_typed():
    data = xlsx(
        COLUMNS,
        ["A-1", THAI, 12.5, True, dt.date(2017, 12, 17)],
        ["A-2", DZONGKHA, 1250.0, False, dt.datetime(2017, 12, 17, 9, 30)],
        [7, None, 3, None, None],
    )
    table = read(data)
    assert table.format == "xlsx"
    assert table.header == COLUMNS
    assert table.rows == [
        (2, {"code": "A-1", "name": THAI, "price": "12.5", "active": "true", "made": "2017-12-17"}),
        (
            3,
            {
                "code": "A-2",
                "name": DZONGKHA,
                "price": "1250",
                "active": "false",
                "made": "2017-12-17T09:30:00",
            },
        ),
        (4, {"code": "7", "name": "", "price": "3", "active": "", "made": ""}),
    ]


def test_read_table_ignores_empty_header_cells_at_the_end_of_an_xlsx_row():
    table = read(xlsx(["code", "name", None, None], ["A", "Rice"]))
    assert table.header == ["code", "name"]
    assert table.rows == [(2, {"code": "A", "name": "Rice"})]


def test_every_xlsx_row_is_read_whatever_the_sheet_claims_its_size_is():
    data = xlsx_claiming_size(
        xlsx(["code", "name"], ["A", "Rice"], ["B", "Tea"], ["C", THAI], ["D", DZONGKHA]), "A1:B2"
    )
    table = read(data)
    assert [values["code"] for _, values in table.rows] == ["A", "B", "C", "D"]


def test_every_xlsx_column_is_read_whatever_the_sheet_claims_its_size_is():
    data = xlsx_claiming_size(xlsx(["code", "name", "price"], ["A", "Rice", 12]), "A1:A2")
    assert read(data).rows == [(2, {"code": "A", "name": "Rice", "price": "12"})]


# Row numbers


def test_rows_are_numbered_as_a_spreadsheet_shows_them_counting_blank_rows():
    table = read(b"code,name\n\nA,Rice\n,\n  ,  \nB,Tea\n")
    assert [number for number, _ in table.rows] == [3, 6]


def test_xlsx_rows_are_numbered_as_the_spreadsheet_shows_them_counting_blank_rows():
    table = read(xlsx(["code", "name"], ["A", "Rice"], [None, None], [None, None], ["B", "Tea"]))
    assert [number for number, _ in table.rows] == [2, 5]


def test_a_cell_spanning_lines_is_one_row():
    table = read(b'code,name\nA,"Rice\nfrom Paro"\nB,Tea\n')
    assert table.rows == [
        (2, {"code": "A", "name": "Rice\nfrom Paro"}),
        (3, {"code": "B", "name": "Tea"}),
    ]


# Header


def test_header_case_and_surrounding_spaces_are_ignored():
    table = read(b" Code ,NAME\t, Price\nA,Rice,10\n")
    assert table.header == ["code", "name", "price"]
    assert table.rows == [(2, {"code": "A", "name": "Rice", "price": "10"})]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out():
    table = read(b"name,code\nRice,A\n")
    assert table.header == ["name", "code"]
    assert table.rows == [(2, {"name": "Rice", "code": "A"})]


def test_an_unknown_column_is_rejected_naming_it_and_the_known_columns():
    assert rejection(b"code,name,colour\nA,Rice,red\n") == (
        "Unknown column: colour. The columns are: code, name, price, active, made."
    )


def test_an_empty_column_name_between_others_is_rejected():
    assert rejection(b"code,,name\nA,x,Rice\n") == (
        "Unknown column: (empty). The columns are: code, name, price, active, made."
    )


def test_a_missing_required_column_is_rejected_naming_it():
    assert rejection(b"code,price\nA,10\n") == "Missing column: name."


def test_a_duplicated_column_is_rejected_naming_it():
    assert rejection(b"code,name,Code\nA,Rice,B\n") == "Column given twice: code."


# Files that are not tables


def test_an_empty_file_is_rejected():
    assert rejection(b"") == "The file is empty."


def test_an_empty_xlsx_is_rejected():
    assert rejection(xlsx()) == "The file is empty."


@pytest.mark.parametrize(
    "data", [b"code,name\n", b"code,name", b"code,name\n\n,\n"], ids=["newline", "bare", "blanks"]
)
def test_a_header_only_csv_is_rejected(data):
    assert rejection(data) == "The file has a header but no rows."


def test_a_header_only_xlsx_is_rejected():
    assert rejection(xlsx(["code", "name"])) == "The file has a header but no rows."


def test_a_row_with_more_cells_than_the_header_is_rejected_naming_the_row():
    assert rejection(b"code,name\nA,Rice\nB,Tea,10\n") == (
        "Row 3 has more cells than the header has columns."
    )


def test_an_xlsx_row_with_more_cells_than_the_header_is_rejected_naming_the_row():
    assert rejection(xlsx(["code", "name"], ["A", "Rice", "10"])) == (
        "Row 2 has more cells than the header has columns."
    )


def test_empty_cells_past_the_header_are_not_extra_cells():
    assert read(b"code,name\nA,Rice,,\n").rows == [(2, {"code": "A", "name": "Rice"})]


@pytest.mark.parametrize(
    "data",
    [
        b"code,name\nA,\x81\x82\x83\n",
        b"\x81\x82\x83\x81\x82\x83",
        b"code,name\nA,\xdb\xdc\xdd\xde\n",
    ],
)
def test_bytes_that_are_neither_utf8_nor_windows_874_nor_1252_are_rejected(data):
    assert rejection(data) == ENCODING_REFUSED


ENCODING_REFUSED = (
    "The file is not in a known text encoding. Save it as CSV UTF-8, or as "
    "Windows-874 (TIS-620) for Thai, or Windows-1252 for Western European languages."
)
# Short texts, whose bytes read in both Windows-874 and Windows-1252: each must read as written.
LATIN_TEXTS = [
    "Café crème",
    "Ñandú año",
    "Ações e opiniões",
    "“Élan” – naïve",
    "Crème brûlée à 5 €",
]
THAI_TEXTS = ["ข้าว", "ข้าวหอมมะลิ", "น้ำผึ้งป่า ที่ดีที่สุด", "OTOPไทย ผ้าไหม", "เม", "ปี ๒๕๖๐"]


@pytest.mark.parametrize("text", LATIN_TEXTS)
def test_a_windows_1252_csv_reads_as_written_not_as_thai(text):
    table = read(f"code,name\nA-1,{text}\n".encode("cp1252"))
    assert table.rows == [(2, {"code": "A-1", "name": text})]


@pytest.mark.parametrize("text", THAI_TEXTS)
@pytest.mark.parametrize("encoding", ["cp874", "tis-620"])
def test_a_short_thai_csv_reads_as_thai_not_as_latin(text, encoding):
    table = read(f"code,name\nA-1,{text}\n".encode(encoding))
    assert table.rows == [(2, {"code": "A-1", "name": text})]


@pytest.mark.parametrize(
    "data",
    [
        "code,name\nA-1,Привет мир\n".encode("cp1251"),
        "code,name\nA-1,Мёд из леса\n".encode("cp1251"),
        "code,name\nA-1,こんにちは\n".encode("shift_jis"),
        "code,name\nA-1,Zażółć gęślą jaźń\n".encode("cp1250"),
    ],
    ids=["cyrillic", "cyrillic-2", "japanese", "polish"],
)
def test_a_csv_in_another_encoding_is_refused_naming_the_encodings_accepted(data):
    assert rejection(data) == ENCODING_REFUSED


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"code,name\x00\x01\x02\x03",
        b"\x00" * 16,
        zip_of({"hello.txt": "hello"}),
        zip_of({"[Content_Types].xml": "<Types/>"}),
        b"PK\x03\x04 and then nothing a zip has",
        png(),
    ],
    ids=["nul-bytes", "only-nul", "zip", "zip-with-content-types", "truncated-zip", "png"],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_rejected(data):
    assert rejection(data) == "The file is neither a CSV nor an XLSX spreadsheet."


def test_a_truncated_xlsx_is_rejected():
    data = xlsx(["code", "name"], ["A", "Rice"])
    assert rejection(data[: len(data) // 2]) == "The file is neither a CSV nor an XLSX spreadsheet."


# Writing


def test_write_csv_starts_with_a_utf8_byte_order_mark():
    data = write_csv(["code", "name"], [["A", THAI]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == f"code,name\r\nA,{THAI}\r\n"


def test_write_csv_writes_values_as_a_spreadsheet_reads_them():
    data = write_csv(COLUMNS, [["A", None, 1250.0, True, dt.date(2017, 12, 17)]])
    assert data.decode("utf-8-sig").splitlines()[1] == "A,,1250,true,2017-12-17"


ROWS = [
    ["A-1", THAI, 12.5, True, dt.date(2017, 12, 17)],
    ["A-2", DZONGKHA, None, False, None],
    ["A-3", 'Rice, "organic"\nfrom Paro', 1250, None, None],
]
READ_BACK = [
    (2, {"code": "A-1", "name": THAI, "price": "12.5", "active": "true", "made": "2017-12-17"}),
    (3, {"code": "A-2", "name": DZONGKHA, "price": "", "active": "false", "made": ""}),
    (
        4,
        {
            "code": "A-3",
            "name": 'Rice, "organic"\nfrom Paro',
            "price": "1250",
            "active": "",
            "made": "",
        },
    ),
]


def test_write_csv_round_trips_through_read_table():
    table = read(write_csv(COLUMNS, ROWS))
    assert table.format == "csv"
    assert table.header == COLUMNS
    assert table.rows == READ_BACK


def test_write_xlsx_round_trips_through_read_table():
    table = read(write_xlsx(COLUMNS, ROWS, title="Products"))
    assert table.format == "xlsx"
    assert table.header == COLUMNS
    assert table.rows == READ_BACK


def test_write_xlsx_names_the_sheet_by_the_title_cut_to_the_31_characters_excel_allows():
    data = write_xlsx(["code"], [["A"]], title="Producer groups of Bumthang and Thimphu")
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == [
        "Producer groups of Bumthang and"
    ]


def test_write_xlsx_keeps_text_that_looks_like_a_formula_as_text():
    data = write_xlsx(["code", "name"], [["A", "=1+1"]], title="Groups")
    assert read(data).rows == [(2, {"code": "A", "name": "=1+1"})]


@pytest.mark.parametrize(
    "text", ["=x", "'=x", "''=x", "'+1", "-2", "@sum", "'", "'plain", "''", "it's"]
)
def test_text_starting_with_apostrophes_or_a_formula_sign_round_trips_through_csv(text):
    table = read(write_csv(["code", "name"], [["A", text]]))
    assert table.rows == [(2, {"code": "A", "name": text})]


@pytest.mark.parametrize("text", ["=x", "'=x", "''=x", "'+1", "-2", "@sum", "'", "'plain"])
def test_text_starting_with_apostrophes_or_a_formula_sign_round_trips_through_xlsx(text):
    table = read(write_xlsx(["code", "name"], [["A", text]], title="Sheet"))
    assert table.rows == [(2, {"code": "A", "name": text})]


@pytest.mark.parametrize("name", ['12" wide', '"Best" honey', 'Honey "Best"', '"', '""'])
def test_write_csv_round_trips_text_with_double_quotes(name):
    table = read(write_csv(["code", "name"], [["A", name]]))
    assert table.rows == [(2, {"code": "A", "name": name})]


# Text a person types in a cell: any letters, digits, punctuation and spaces, but no control
# characters (tabs, line ends) and no single quote: the CSV sniffer takes a single quote that
# opens one cell and closes another for a quoting character.
CELL_TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"], exclude_characters="\ufeff'"
        ),
        min_size=1,
    )
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(st.tuples(CELL_TEXT, CELL_TEXT), min_size=1, max_size=5))
def test_typed_text_round_trips_through_csv(rows):
    table = read(write_csv(["code", "name"], rows))
    assert [(values["code"], values["name"]) for _, values in table.rows] == rows


# Text starting with "=" is the formula test's, above.
NOT_FORMULA = CELL_TEXT.filter(lambda text: not text.startswith("="))


@given(st.lists(st.tuples(NOT_FORMULA, NOT_FORMULA), min_size=1, max_size=5))
@settings(deadline=None)  # writing a workbook takes longer on a busy machine
def test_typed_text_round_trips_through_xlsx(rows):
    table = read(write_xlsx(["code", "name"], rows, title="Sheet"))
    assert [(values["code"], values["name"]) for _, values in table.rows] == rows
