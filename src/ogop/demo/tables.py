"""The demo's data files under demo/data, and the reading of its CSV tables.

A table opens with `#` lines that say what it holds and whether it is fact or illustrative
(data/README.md lists every file); the reader skips them. Cells are text: the loaders
convert them with the small helpers below, so that each loader shows what a column means.
"""

import csv
import datetime as dt
import enum
import io
from importlib import resources
from typing import TypeVar

ChoiceT = TypeVar("ChoiceT", bound=enum.Enum)


def data(name: str) -> bytes:
    """A file under demo/data, as shipped with the package."""
    return resources.files("ogop.demo").joinpath("data", name).read_bytes()


def rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV table under demo/data, each a dict by column name."""
    text = data(name).decode("utf-8")
    skipped = 0
    while text.startswith("#"):
        text = text.partition("\n")[2]
        skipped += 1
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    found = []
    for row in reader:
        if None in row or None in row.values():
            columns = len(reader.fieldnames or ())
            line = skipped + reader.line_num
            raise ValueError(f"{name}, line {line}: {columns} cells expected")
        found.append(row)
    return found


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def optional_day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def yes_no(text: str) -> bool | None:
    """`yes` or `no`; None for an empty cell (not known)."""
    return {"yes": True, "no": False, "": None}[text]


def choice(choices: type[ChoiceT], text: str) -> ChoiceT:
    """A member of `choices` by its name in lower case (`closed`, `disbursement`): readable
    where the stored values are codes."""
    return choices[text.upper()]
