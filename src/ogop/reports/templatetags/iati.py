"""Names of IATI codes, from the codelists the platform ships, for pages that show codes."""

from django import template

from ogop.reports.iati import SECTOR_CODELISTS
from ogop.reports.iati_validation import codelist

register = template.Library()


@register.filter
def iati_name(code: object, codelist_name: str) -> str:
    """The codelist's name for `code` ("D02" in AidType: "Other technical assistance"); the
    code itself where the codelist does not name it."""
    value = str(code or "")
    try:
        return codelist(codelist_name).names.get(value) or value
    except KeyError:
        return value


@register.filter
def sector_name(code: object, vocabulary: str) -> str:
    """A sector's name in its vocabulary's codelist (31120 in vocabulary 1: "Agricultural
    development"); the code itself in a vocabulary the platform does not ship."""
    name = SECTOR_CODELISTS.get(str(vocabulary))
    return iati_name(code, name) if name else str(code or "")
