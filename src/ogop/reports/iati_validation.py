"""Check an IATI activities file offline: the 2.03 schema, then every code against its codelist.

The schema checks structure only (which elements, in which order, which attributes); the
codelists shipped in `iati_standard/codelists/` and their `mapping.xml` (which codelist
governs which element or attribute, under which condition) check the codes.
"""

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

STANDARD = Path(__file__).resolve().parent / "iati_standard"
SCHEMA = STANDARD / "schema" / "iati-activities-schema.xsd"
CODELISTS = STANDARD / "codelists"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

Source = bytes | str | Path | IO[bytes]


@dataclass(frozen=True)
class Codelist:
    name: str
    active: frozenset[str]
    withdrawn: frozenset[str]
    names: dict[str, str]  # code → English name

    def __contains__(self, code: object) -> bool:
        return code in self.active


@dataclass(frozen=True)
class Mapping:
    """One line of mapping.xml: the values at `path` must be codes of `codelist`, for the
    elements where `condition` (an XPath on the element that holds the value) is true."""

    path: str
    codelist: str
    condition: str | None


def _parser() -> etree.XMLParser:
    # Files are read as they are: no network, no entities from outside.
    return etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)


@functools.cache
def schema() -> etree.XMLSchema:
    """The IATI activities schema 2.03, loaded once."""
    return etree.XMLSchema(etree.parse(str(SCHEMA), _parser()))


@functools.cache
def codelist(name: str) -> Codelist:
    """A shipped codelist by its name ("Currency"); KeyError when it is not shipped."""
    path = CODELISTS / f"{name}.xml"
    if not path.is_file():
        raise KeyError(name)
    active: set[str] = set()
    withdrawn: set[str] = set()
    names: dict[str, str] = {}
    for item in etree.parse(str(path), _parser()).iterfind("codelist-items/codelist-item"):
        code = (item.findtext("code") or "").strip()
        (withdrawn if item.get("status") == "withdrawn" else active).add(code)
        names[code] = (item.findtext("name/narrative") or "").strip()
    return Codelist(
        name=name, active=frozenset(active), withdrawn=frozenset(withdrawn), names=names
    )


def is_code(name: str, code: str) -> bool:
    """Whether `code` is an active code of the shipped codelist `name`."""
    return code in codelist(name)


@functools.cache
def mappings() -> tuple[Mapping, ...]:
    """The activity mappings of mapping.xml (the organisation file's are left out)."""
    found = []
    for mapping in etree.parse(str(CODELISTS / "mapping.xml"), _parser()).iterfind("mapping"):
        path = (mapping.findtext("path") or "").strip()
        ref = mapping.find("codelist")
        if ref is None or "iati-organisation" in path:
            continue
        condition = (mapping.findtext("condition") or "").strip() or None
        found.append(Mapping(path=path, codelist=ref.get("ref", ""), condition=condition))
    return tuple(found)


def shipped_mappings() -> tuple[Mapping, ...]:
    """The mappings whose codelist is shipped, so that they can be checked."""
    shipped = {path.stem for path in CODELISTS.glob("*.xml")}
    return tuple(mapping for mapping in mappings() if mapping.codelist in shipped)


def validate(source: Source) -> list[str]:
    """Everything wrong with an IATI activities file, as readable messages; empty when valid.

    `source` is the file's bytes, a path to it, or an open binary file.
    """
    try:
        document = _parse(source)
    except etree.XMLSyntaxError as error:
        return [f"The file is not well-formed XML: {error}"]
    errors = [_schema_message(entry) for entry in _schema_errors(document)]
    errors += list(_code_errors(document))
    return errors


def _parse(source: Source) -> Any:
    if isinstance(source, bytes):
        return etree.fromstring(source, _parser()).getroottree()
    if isinstance(source, str | Path):
        return etree.parse(str(source), _parser())
    return etree.parse(source, _parser())


def _schema_errors(document: Any) -> list[Any]:
    checker = schema()
    if checker.validate(document):
        return []
    return list(checker.error_log)


def _schema_message(entry: Any) -> str:
    return f"Line {entry.line}: {entry.message}"


def _code_errors(document: Any) -> Iterator[str]:
    namespaces = {"xml": XML_NAMESPACE}
    for mapping in shipped_mappings():
        known = codelist(mapping.codelist)
        for value in document.xpath(mapping.path, namespaces=namespaces):
            holder = value.getparent()
            if mapping.condition and not holder.xpath(mapping.condition, namespaces=namespaces):
                continue
            code = str(value).strip()
            if code in known:
                continue
            state = "withdrawn from" if code in known.withdrawn else "not in"
            yield (
                f"Line {holder.sourceline}: {_where(mapping.path)} is “{code}”, which is "
                f"{state} the {mapping.codelist} codelist."
            )


def _where(path: str) -> str:
    """'//iati-activity/sector/@code' → 'iati-activity/sector/@code'."""
    return path.lstrip("/").removesuffix("/text()")
