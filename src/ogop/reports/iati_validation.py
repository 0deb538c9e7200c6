"""Check an IATI activities or organisations file offline: the 2.03 schema, then every code
against its codelist.

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

from ogop.core.iati_codelists import CODELISTS, STANDARD, Codelist, codelist, is_code, xml_parser

SCHEMA = STANDARD / "schema" / "iati-activities-schema.xsd"
ORGANISATIONS_SCHEMA = STANDARD / "schema" / "iati-organisations-schema.xsd"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

Source = bytes | str | Path | IO[bytes]

__all__ = ["Codelist", "codelist", "is_code", "validate", "validate_organisations"]


@dataclass(frozen=True)
class Mapping:
    """One line of mapping.xml: the values at `path` must be codes of `codelist`, for the
    elements where `condition` (an XPath on the element that holds the value) is true."""

    path: str
    codelist: str
    condition: str | None


@functools.cache
def schema(path: Path = SCHEMA) -> etree.XMLSchema:
    """An IATI 2.03 schema (the activities one unless told), loaded once."""
    return etree.XMLSchema(etree.parse(str(path), xml_parser()))


@functools.cache
def mappings(organisations: bool = False) -> tuple[Mapping, ...]:
    """The mappings of mapping.xml for the activities file, or for the organisations file."""
    found = []
    for mapping in etree.parse(str(CODELISTS / "mapping.xml"), xml_parser()).iterfind("mapping"):
        path = (mapping.findtext("path") or "").strip()
        ref = mapping.find("codelist")
        if ref is None or ("iati-organisation" in path) != organisations:
            continue
        condition = (mapping.findtext("condition") or "").strip() or None
        found.append(Mapping(path=path, codelist=ref.get("ref", ""), condition=condition))
    return tuple(found)


def shipped_mappings(organisations: bool = False) -> tuple[Mapping, ...]:
    """The mappings whose codelist is shipped, so that they can be checked."""
    shipped = {path.stem for path in CODELISTS.glob("*.xml")}
    return tuple(m for m in mappings(organisations) if m.codelist in shipped)


def validate(source: Source) -> list[str]:
    """Everything wrong with an IATI activities file, as readable messages; empty when valid.

    `source` is the file's bytes, a path to it, or an open binary file.
    """
    return _validate(source, SCHEMA, organisations=False)


def validate_organisations(source: Source) -> list[str]:
    """Everything wrong with an IATI organisations file, as `validate` says it."""
    return _validate(source, ORGANISATIONS_SCHEMA, organisations=True)


def _validate(source: Source, path: Path, *, organisations: bool) -> list[str]:
    try:
        document = _parse(source)
    except etree.XMLSyntaxError as error:
        return [f"The file is not well-formed XML: {error}"]
    checker = schema(path)
    errors = [] if checker.validate(document) else list(checker.error_log)
    messages = [f"Line {entry.line}: {entry.message}" for entry in errors]
    return messages + list(_code_errors(document, shipped_mappings(organisations)))


def _parse(source: Source) -> Any:
    if isinstance(source, bytes):
        return etree.fromstring(source, xml_parser()).getroottree()
    if isinstance(source, str | Path):
        return etree.parse(str(source), xml_parser())
    return etree.parse(source, xml_parser())


def _code_errors(document: Any, checked: tuple[Mapping, ...]) -> Iterator[str]:
    namespaces = {"xml": XML_NAMESPACE}
    for mapping in checked:
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
