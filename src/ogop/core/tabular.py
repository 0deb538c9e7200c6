"""Reading and writing the spreadsheets people exchange: CSV (UTF-8, Windows-874 or
Windows-1252) and XLSX."""

import csv
import datetime as dt
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import charset_normalizer
import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from ogop.core.thai import wants_thai

# Encodings accepted for CSV. UTF-8 (with or without a byte-order mark) is read whenever the
# file is valid UTF-8; otherwise the file is in one of these one-byte encodings: Windows-874, a
# superset of TIS-620, the encoding of many Thai government spreadsheets, or Windows-1252,
# that of spreadsheets saved in Western European languages. Any byte sequence reads in both
# (or nearly), so the encoding is chosen by what the text reads as (see `_decode`).
ONE_BYTE_ENCODINGS = ("cp874", "cp1252")
# Thai consonants; Thai vowel signs and tone marks, written after the consonant they go with.
THAI_CONSONANTS = "\u0e01-\u0e2e"
THAI_MARKS = "\u0e31\u0e33-\u0e3a\u0e47-\u0e4e"
# What Thai text does not hold, and Latin text read as Windows-874 does (é is a tone mark):
# a mark after no consonant, a leading vowel (เ แ โ ใ ไ) before none, a Thai digit inside a
# Thai word, a Thai letter inside a Latin word.
ODD_IN_THAI = re.compile(
    f"(?<![{THAI_CONSONANTS}{THAI_MARKS}])[{THAI_MARKS}]"
    f"|[\u0e40-\u0e44](?![{THAI_CONSONANTS}])"
    "|[\u0e50-\u0e59](?=[\u0e01-\u0e4f])|[\u0e01-\u0e4f](?=[\u0e50-\u0e59])"
    "|[A-Za-z](?=[\u0e01-\u0e7f])|[\u0e01-\u0e7f](?=[A-Za-z])"
)
# What Latin text seldom holds, and Thai text read as Windows-1252 is made of: runs of
# accented letters and signs (ข้าว reads ¢éÒÇ).
ODD_IN_LATIN = re.compile("[^\x00-\x7f](?=[^\x00-\x7f])")
# The runs of non-ASCII characters, with the character either side, are what the encodings
# read differently; the first few thousand tell, however long the file.
NOT_ASCII_RUN = re.compile("[\x00-\x7f]?[^\x00-\x7f]+[\x00-\x7f]?")
RUNS_JUDGED = 5_000
# A reading with more odd places than this share of its non-ASCII characters is not the text
# a person wrote (a Cyrillic or Japanese file, say): the file is refused.
MOST_ODD = 0.5
# A text cell starting with one of these is read as a formula by some spreadsheet programs
# (or becomes one when a person edits it). Exports keep it text: in XLSX the cell is marked
# as text; in CSV it is written after an apostrophe, which reading takes off again. So that a
# text that itself starts with apostrophes before one of these ('=x) reads back as it was, it
# is written after one more apostrophe (''=x), and reading takes off one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# Files beyond these are refused before they can take the server's time or memory: more rows
# than one import should hold (split the file), a cell longer than a spreadsheet allows, or
# an XLSX file that unpacks to far more than its size (a "zip bomb").
MAX_ROWS = int(os.environ.get("OGOP_MAX_IMPORT_ROWS", 200_000))
MAX_CELL = 32_767
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
DELIMITERS = (",", ";", "\t")


class TableError(Exception):
    """The file as a whole cannot be read: wrong format, unknown encoding, bad header."""


@dataclass(frozen=True)
class Table:
    """A spreadsheet's header and its rows, numbered as a spreadsheet shows them (header = 1)."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    format: str


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Spreadsheets store numbers as binary floats: keep the shortest text that reads back.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _oddness(text: str, encoding: str) -> float:
    """The share of the text's non-ASCII characters that sit where no one writes them."""
    runs = itertools.islice(NOT_ASCII_RUN.finditer(text), RUNS_JUDGED)
    sample = "\n".join(run.group() for run in runs)
    odd = ODD_IN_THAI if encoding == "cp874" else ODD_IN_LATIN
    not_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    return len(odd.findall(sample)) / max(1, not_ascii)


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 if it is UTF-8; else the one-byte encoding that charset-normalizer
    finds fitting and whose text reads most as people write (Thai letters in Thai words, accented
    letters among Latin ones); on a tie, Windows-874. A file that reads as neither is refused,
    rather than imported as garbled text."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    fitting = {
        match.encoding
        for match in charset_normalizer.from_bytes(data, cp_isolation=list(ONE_BYTE_ENCODINGS))
    }
    readings = []
    for encoding in ONE_BYTE_ENCODINGS:
        if encoding in fitting:
            text = data.decode(encoding)
            readings.append((_oddness(text, encoding), text))
    if readings:
        oddness, text = min(readings, key=lambda reading: reading[0])
        if oddness <= MOST_ODD:
            return text
    raise TableError(
        _(
            "The file is not in a known text encoding. Save it as CSV UTF-8, or as "
            "Windows-874 (TIS-620) for Thai, or Windows-1252 for Western European languages."
        )
    )


def _delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon or tab.

    Only the separator is guessed; quoting is the standard one, since guessing it from
    the data mistakes apostrophes in names for quote marks.
    """
    header_line = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header_line.count)


def _read_csv(data: bytes) -> tuple[list[str], Iterator[list[str]]]:
    if b"\x00" in data:
        raise TableError(_("The file is neither a CSV nor an XLSX spreadsheet."))
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise TableError(_("The file is not a readable CSV: %(error)s") % {"error": exc}) from exc
    return header, reader


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(_("The file is neither a CSV nor an XLSX spreadsheet.")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError(
            _("The spreadsheet unpacks to more than %(size)s MB: it cannot be a registry file.")
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[list[str]]]:
    _check_unpacked_size(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise TableError(_("The file is neither a CSV nor an XLSX spreadsheet.")) from exc
    sheet = workbook.worksheets[0]
    # A file's own claim of its size (its <dimension>) may be wrong, and openpyxl reads only
    # what it claims: forget it, so that every row and column the sheet holds is read.
    sheet.reset_dimensions()
    rows = ([_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True))
    try:
        header = next(rows)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    return header, rows


def read_table(data: bytes, *, columns: Sequence[str], required: Sequence[str]) -> Table:
    """Read a CSV or XLSX file whose first row names its columns.

    Columns may come in any order; an unknown or missing required column is an error,
    since its data would otherwise be silently lost. Blank rows are skipped.
    """
    is_xlsx = data[:4] == b"PK\x03\x04"
    header_cells, body = _read_xlsx(data) if is_xlsx else _read_csv(data)
    header = [cell.strip().lstrip("\ufeff").lower() for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    unknown = [name for name in header if name not in columns]
    if unknown:
        raise TableError(
            ngettext(
                "Unknown column: %(names)s. The columns are: %(columns)s.",
                "Unknown columns: %(names)s. The columns are: %(columns)s.",
                len(unknown),
            )
            % {"names": ", ".join(unknown) or _("(empty)"), "columns": ", ".join(columns)}
        )
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise TableError(
            ngettext(
                "Column given twice: %(names)s.", "Columns given twice: %(names)s.", len(duplicated)
            )
            % {"names": ", ".join(duplicated)}
        )
    missing = [name for name in required if name not in header]
    if missing:
        raise TableError(
            ngettext("Missing column: %(names)s.", "Missing columns: %(names)s.", len(missing))
            % {"names": ", ".join(missing)}
        )
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for number, cells in enumerate(body, start=2):
            values = [str(cell).strip() for cell in cells]
            if not is_xlsx:  # an XLSX cell is text as it is (see `_xlsx_cell`)
                values = [_unmarked(value) for value in values]
            if not any(values):
                continue
            if len(rows) >= MAX_ROWS:
                raise TableError(
                    _("The file has more than %(rows)s rows. Split it into smaller files.")
                    % {"rows": f"{MAX_ROWS:,}"}
                )
            for column, value in enumerate(values, start=1):
                if len(value) > MAX_CELL:
                    raise TableError(
                        _(
                            "Row %(row)s, column %(column)s holds more than %(size)s "
                            "characters: it cannot be a registry value."
                        )
                        % {"row": number, "column": column, "size": f"{MAX_CELL:,}"}
                    )
            if len(values) > len(header) and any(values[len(header) :]):
                raise TableError(
                    _("Row %(row)s has more cells than the header has columns.") % {"row": number}
                )
            record = dict.fromkeys(header, "")
            record.update(zip(header, values, strict=False))
            rows.append((number, record))
    except csv.Error as exc:
        raise TableError(_("The file is not a readable CSV: %(error)s") % {"error": exc}) from exc
    if not rows:
        raise TableError(_("The file has a header but no rows."))
    return Table(header=header, rows=rows, format="xlsx" if is_xlsx else "csv")


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs show Thai and Dzongkha."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _looks_like_formula(value: str) -> bool:
    """Whether the text, past any apostrophes it starts with, starts like a formula."""
    return value.lstrip(TEXT_MARK).startswith(FORMULA_STARTS)


def _csv_cell(value: Any) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula is marked."""
    if isinstance(value, str) and _looks_like_formula(value):
        return TEXT_MARK + value
    return _cell_text(value)


def _unmarked(value: str) -> str:
    """Text as it was before an export marked it (see `_csv_cell`)."""
    if value.startswith(TEXT_MARK) and _looks_like_formula(value):
        return value[1:]
    return value


# Date cells in the Thai Buddhist calendar: [$-xxyyzzzz] holds the digits (01: Western), the
# calendar (07: Thai Buddhist) and the locale (041E: Thai), so a spreadsheet program shows
# 17/12/2560 for the date 2017-12-17, which stays a date to sort and count by.
BUDDHIST_ERA_DATE = "[$-107041E]d/m/yyyy"
BUDDHIST_ERA_DATETIME = "[$-107041E]d/m/yyyy h:mm"

# Characters a sheet name may not hold.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name, its header row and its rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _xlsx_cell(sheet: Any, value: Any, *, buddhist_era: bool = False) -> Any:
    """Text is written as text, even when it starts like a formula (never as a formula); a
    date in the Buddhist Era when asked."""
    if value is None:
        return ""
    if buddhist_era and isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = (
            BUDDHIST_ERA_DATETIME if isinstance(value, dt.datetime) else BUDDHIST_ERA_DATE
        )
        return cell
    if isinstance(value, str):
        # Control characters have no place in a worksheet (the format refuses them).
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True  # stays text when a person edits the cell
        return cell
    return value


def write_workbook(sheets: Sequence[Sheet], *, buddhist_era: bool | None = None) -> bytes:
    """An XLSX file with a sheet each, in order; names cut to the 31 characters Excel allows,
    with the characters it refuses in them ([ ] : * ? / \\) replaced by hyphens.

    One calendar a file, the reader's: for a Thai reader (or when asked) its dates show in the
    Buddhist Era, as its year columns (core.thai.calendar_year) count them."""
    if buddhist_era is None:
        buddhist_era = wants_thai()
    workbook = openpyxl.Workbook(write_only=True)
    try:
        for spec in sheets:
            sheet = workbook.create_sheet(title=SHEET_NAME_FORBIDDEN.sub("-", spec.title)[:31])
            sheet.append([_xlsx_cell(sheet, value) for value in spec.header])
            for row in spec.rows:
                sheet.append([_xlsx_cell(sheet, value, buddhist_era=buddhist_era) for value in row])
    except BaseException:
        # Rows that stop with an error (an export cancelled) leave the sheets' writers open:
        # closed here, they end their temporary files now rather than when collected.
        for open_sheet in workbook.worksheets:
            open_sheet.close()
        raise
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    return write_workbook([Sheet(title=title, header=header, rows=rows)])
