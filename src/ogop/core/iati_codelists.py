"""The IATI 2.03 codelists shipped in `iati_standard/codelists/`, read once, offline.

Here in core, below every app, because codes are checked where they are typed (forms of the
programme and accounts apps) as well as in the files the reports app writes.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

STANDARD = Path(__file__).resolve().parent / "iati_standard"
CODELISTS = STANDARD / "codelists"


@dataclass(frozen=True)
class Codelist:
    name: str
    active: frozenset[str]
    withdrawn: frozenset[str]
    names: dict[str, str]  # code → English name

    def __contains__(self, code: object) -> bool:
        return code in self.active


def xml_parser() -> Any:
    """A parser for files read as they are: no network, no entities from outside."""
    return etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)


@functools.cache
def codelist(name: str) -> Codelist:
    """A shipped codelist by its name ("Currency"); KeyError when it is not shipped."""
    path = CODELISTS / f"{name}.xml"
    if not path.is_file():
        raise KeyError(name)
    active: set[str] = set()
    withdrawn: set[str] = set()
    names: dict[str, str] = {}
    for item in etree.parse(str(path), xml_parser()).iterfind("codelist-items/codelist-item"):
        code = (item.findtext("code") or "").strip()
        (withdrawn if item.get("status") == "withdrawn" else active).add(code)
        names[code] = (item.findtext("name/narrative") or "").strip()
    return Codelist(
        name=name, active=frozenset(active), withdrawn=frozenset(withdrawn), names=names
    )


def is_code(name: str, code: str) -> bool:
    """Whether `code` is an active code of the shipped codelist `name`."""
    return code in codelist(name)
