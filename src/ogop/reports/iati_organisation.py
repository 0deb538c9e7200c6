"""The reporting organisation published in IATI's organisation standard, version 2.03: an
`iati-organisations` file beside the activities file.

It says what the organisation plans and spends as a whole: its total budget per year (the
budgets of every programme it reports, by calendar year), its budget per recipient country,
its expenditure per year (disbursements and expenditure, in the programme's currency, by the
date they were made), and its documents: the activity file of each programme, where the
registry-ready export publishes it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from lxml import etree

from ogop.accounts.models import Organisation
from ogop.core.money import quantize
from ogop.programme.models import SPENT_TYPES, ComponentBudget, Programme, Transaction
from ogop.reports.iati import (
    BUDGET_INDICATIVE,
    DEFAULT_LANGUAGE,
    VERSION,
    XML_LANG,
    XML_NAMESPACE,
    _element,
    _free_text,
    _narrated,
    _texts,
    organisation_type,
    period_amount,
)

XML_FORMAT = "application/xml"
ACTIVITY_WEB_PAGE = "A12"  # DocumentCategory: the programme's published record


def organisation_file(
    organisation: Organisation,
    programmes: Iterable[Programme],
    *,
    documents: dict[int, str] | None = None,
) -> bytes:
    """The organisation's IATI organisations file; `documents` gives, by programme id, the
    address where each programme's activity file is published."""
    programmes = list(programmes)
    reporting = Programme(reporting_organisation=organisation, recipient_country="")
    currency = _main_currency(programmes)
    root = etree.Element(
        "iati-organisations",
        {"version": VERSION, "generated-datetime": _now()},
        nsmap={"xml": XML_NAMESPACE},
    )
    node = etree.SubElement(
        root,
        "iati-organisation",
        {
            XML_LANG: DEFAULT_LANGUAGE,
            "default-currency": currency,
            "last-updated-datetime": _now(),
        },
    )
    ref = organisation.iati_identifier.strip()
    node.append(_element("organisation-identifier", text=ref))
    names = _texts(organisation, "name") or _free_text(str(organisation.name))
    node.append(_narrated("name", names))
    reporting_org = _narrated(
        "reporting-org", names, {"ref": ref, "type": organisation_type(organisation, reporting)}
    )
    node.append(reporting_org)
    for year, amount, money in _budgets_by_year(programmes):
        node.append(_yearly("total-budget", year, amount, money, status=True))
    for (country, year), (amount, money) in sorted(_budgets_by_country(programmes).items()):
        element = _yearly("recipient-country-budget", year, amount, money, status=True)
        element.insert(0, _element("recipient-country", {"code": country}))
        node.append(element)
    for year, amount, money in _spent_by_year(programmes):
        node.append(_yearly("total-expenditure", year, amount, money, status=False))
    for programme in programmes:
        if documents and programme.pk in documents:
            node.append(_document(programme, documents[programme.pk]))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _now() -> str:
    return timezone.now().replace(microsecond=0).isoformat()


def _main_currency(programmes: list[Programme]) -> str:
    """The currency most of the programmes keep their accounts in."""
    counts: dict[str, int] = defaultdict(int)
    for programme in programmes:
        counts[programme.currency] += 1
    return max(sorted(counts), key=lambda code: counts[code]) if counts else "USD"


def _budgets_by_year(programmes: list[Programme]) -> list[tuple[int, Decimal, str]]:
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for (_country, year), (amount, currency) in _budgets_by_country(programmes).items():
        totals[(year, currency)] += amount
    return [(year, amount, currency) for (year, currency), amount in sorted(totals.items())]


def _budgets_by_country(
    programmes: list[Programme],
) -> dict[tuple[str, int], tuple[Decimal, str]]:
    """The programmes' component budgets summed per recipient country and calendar year."""
    totals: dict[tuple[str, int], tuple[Decimal, str]] = {}
    rows = (
        ComponentBudget.objects.filter(component__programme__in=programmes)
        .values("component__programme__recipient_country", "component__programme__currency", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        key = (row["component__programme__recipient_country"], row["year"])
        currency = row["component__programme__currency"]
        amount, _currency = totals.get(key, (Decimal(0), currency))
        totals[key] = (amount + row["total"], currency)
    return totals


def _spent_by_year(programmes: list[Programme]) -> list[tuple[int, Decimal, str]]:
    """Disbursements and expenditure per calendar year, in the programmes' currency, up to
    today."""
    rows = (
        Transaction.objects.filter(
            programme__in=programmes, kind__in=SPENT_TYPES, date__lte=timezone.localdate()
        )
        .annotate(year=ExtractYear("date"))
        .values("year", "programme__currency")
        .annotate(total=Sum("amount_in_programme_currency"))
        .order_by("year", "programme__currency")
    )
    return [(row["year"], row["total"], row["programme__currency"]) for row in rows]


def _yearly(tag: str, year: int, amount: Decimal, currency: str, *, status: bool) -> Any:
    """A calendar year's amount; expenditure only up to today."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if tag == "total-expenditure":
        end = min(end, timezone.localdate())
    attributes = {"status": BUDGET_INDICATIVE} if status else {}
    return period_amount(tag, attributes, start, end, quantize(amount, currency), currency)


def _document(programme: Programme, url: str) -> etree._Element:
    node = _element("document-link", {"format": XML_FORMAT, "url": url})
    with override(DEFAULT_LANGUAGE):
        title = _("IATI activity file: %(title)s") % {"title": programme.title}
    node.append(_narrated("title", {DEFAULT_LANGUAGE: title}))
    node.append(_element("category", {"code": ACTIVITY_WEB_PAGE}))
    node.append(_element("language", {"code": DEFAULT_LANGUAGE}))
    node.append(_element("document-date", {"iso-date": timezone.localdate().isoformat()}))
    return node
