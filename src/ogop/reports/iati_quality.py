"""Apply IATI's data-quality rules (`ogop.core.iati_rules`) to an activities or organisations
file, as IATI's Validator would after the schema.

The rules run over the written XML, not over the database: the export checks exactly the file
it hands out, and a file from elsewhere can be checked the same way. Activities are read one at
a time (`iterparse`), so memory does not grow with the file. Each finding names its activity
(by identifier) and the part of it at fault, so that a page can link to the record to fix.
"""

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from lxml import etree

from ogop.core.iati_codelists import codelist
from ogop.core.iati_rules import (
    RULES,
    Rule,
    identifier_breaks,
    identifier_message,
    longer_than_a_year,
    status_breaks,
    transaction_breaks,
    with_id,
)

Source = bytes | str | Path | IO[bytes]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NUMERIC_MEASURES = ("1", "2", "3", "4")
QUALITATIVE = "5"
BUDGET_TAGS = (
    "total-budget",
    "total-expenditure",
    "recipient-org-budget",
    "recipient-country-budget",
    "recipient-region-budget",
)
# What each part of an activity is, for the page that links to the record to fix.
PART_ACTIVITY, PART_TRANSACTION, PART_BUDGET, PART_RESULT, PART_ORGANISATIONS = (
    "activity",
    "transaction",
    "budget",
    "result",
    "organisations",
)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    activity: str  # the activity's identifier; the organisation's in an organisations file
    part: str  # PART_…
    line: int | None
    ref: str = ""  # the transaction's own reference, when the part is a transaction
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def message(self) -> str:
        """The message in the active language, with the rule's IATI id."""
        if "what" in self.params:
            return identifier_message(self.rule.id, self.params["value"])
        return with_id(self.rule.id, **self.params)


def errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.rule.is_error]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.rule.is_error]


def check_activities(source: Source, *, today: dt.date | None = None) -> list[Finding]:
    """Every data-quality rule an activities file breaks, in the file's order."""
    today = today or timezone.localdate()
    findings: list[Finding] = []
    seen: set[str] = set()
    for activity in _each(source, "iati-activity"):
        identifier = (activity.findtext("iati-identifier") or "").strip()
        check = _Check(identifier, findings)
        if identifier in seen:
            check.add(activity, "1.1.2", value=identifier)
        seen.add(identifier)
        _activity_rules(activity, check, today)
    return findings


def check_organisations(source: Source, *, today: dt.date | None = None) -> list[Finding]:
    """Every data-quality rule an organisations file breaks."""
    today = today or timezone.localdate()
    findings: list[Finding] = []
    for organisation in _each(source, "iati-organisation"):
        identifier = (organisation.findtext("organisation-identifier") or "").strip()
        check = _Check(identifier, findings)
        check.identifier(organisation.find("organisation-identifier"), None, "1.12")
        reporting = organisation.find("reporting-org")
        if reporting is not None:
            check.identifier(reporting, "ref", "1.18")
        if _later_than_now(organisation.get("last-updated-datetime")):
            check.add(organisation, "11.4.1")
        if _untagged_text(organisation):
            check.add(organisation, "4.5.1")
        for value in organisation.iter("value"):
            if not value.get("currency") and not organisation.get("default-currency"):
                check.add(value, "7.8.2", part=PART_BUDGET)
        _budget_periods(organisation, BUDGET_TAGS, check)
        for link in organisation.iter("document-link"):
            if not link.get("format"):
                check.add(link, "6.1.5")
    return findings


class _Check:
    """Collects the findings of one activity (or organisation)."""

    def __init__(self, identifier: str, findings: list[Finding]) -> None:
        self.subject = identifier
        self.findings = findings

    def add(self, element: Any, rule_id: str, *, part: str = PART_ACTIVITY, **params: Any) -> None:
        ref = element.get("ref", "") if part == PART_TRANSACTION else ""
        self.findings.append(
            Finding(RULES[rule_id], self.subject, part, element.sourceline, ref, params)
        )

    def identifier(self, element: Any, attribute: str | None, family: str, **kw: Any) -> None:
        if element is None:
            return
        value = element.get(attribute) if attribute else element.text
        if value is None:
            return
        for rule_id in identifier_breaks(value, family):
            self.add(element, rule_id, what=family, value=value, **kw)


def _each(source: Source, tag: str) -> Iterator[Any]:
    """Each `tag` element of the file, freed once looked at; read as it is: no network, no
    entities from outside."""
    if isinstance(source, bytes):
        source = BytesIO(source)
    elif isinstance(source, Path):
        source = str(source)
    options = {"no_network": True, "resolve_entities": False, "huge_tree": True}
    for _event, element in etree.iterparse(source, tag=tag, **options):
        yield element
        element.clear(keep_tail=True)


def _activity_rules(activity: Any, check: _Check, today: dt.date) -> None:
    identifier = check.subject
    iati_identifier = activity.find("iati-identifier")
    reporting = activity.find("reporting-org")
    reporting_ref = reporting.get("ref") if reporting is not None else None
    check.identifier(iati_identifier, None, "1.3")
    if reporting is not None:
        if reporting_ref is None:
            check.add(reporting, "1.7.2")
        else:
            check.identifier(reporting, "ref", "1.14")
            if identifier == reporting_ref.strip():
                check.add(iati_identifier, "1.1.3")
            elif not identifier.startswith(f"{reporting_ref.strip()}-"):
                check.add(iati_identifier, "1.1.21", value=identifier)
        if not reporting.get("type"):
            check.add(reporting, "6.3.1")
    if _later_than_now(activity.get("last-updated-datetime")):
        check.add(activity, "11.1.1")
    if _untagged_text(activity):
        check.add(activity, "4.1.1")
    _texts(activity, check)
    _organisations(activity, check)
    dates = _activity_dates(activity, check, today)
    _status(activity, dates, check, today)
    _places_and_sectors(activity, check)
    aid = activity.find("default-aid-type")
    if aid is not None and aid.get("vocabulary", "1") not in ("1", ""):
        check.add(aid, "107.1.1")
    for value in activity.iter("value"):
        if not value.get("currency") and not activity.get("default-currency"):
            check.add(value, "7.8.1", part=_part_of(value))
    _budgets(activity, check)
    _transactions(activity, dates, check, today)
    for related in activity.iterfind("related-activity"):
        check.identifier(related, "ref", "1.7")
    for result in activity.iterfind("result"):
        _result(result, check)


def _texts(activity: Any, check: _Check) -> None:
    title = activity.find("title")
    if title is not None and not _has_text(title):
        check.add(title, "4.3.1")
    for description in activity.iterfind("description"):
        if not _has_text(description):
            check.add(description, "4.4.1")


def _organisations(activity: Any, check: _Check) -> None:
    for org in activity.iterfind("participating-org"):
        if org.get("ref") is None and not _has_text(org):
            check.add(org, "6.10.1")
        check.identifier(org, "ref", "1.8")
    for txn in activity.iterfind("transaction"):
        for tag, rule, family in (
            ("provider-org", "6.9.1", "1.10"),
            ("receiver-org", "6.9.2", "1.15"),
        ):
            org = txn.find(tag)
            if org is None:
                continue
            if org.get("ref") is None and not _has_text(org):
                check.add(txn, rule, part=PART_TRANSACTION)
            for rule_id in (
                identifier_breaks(org.get("ref") or "", family) if org.get("ref") else []
            ):
                check.add(txn, rule_id, part=PART_TRANSACTION, what=family, value=org.get("ref"))


def _activity_dates(activity: Any, check: _Check, today: dt.date) -> dict[str, dt.date]:
    """The activity's dates by IATI type, once their rules are checked."""
    dates = {}
    for element in activity.iterfind("activity-date"):
        day = _date(element.get("iso-date"))
        if day is not None:
            dates[element.get("type", "")] = day
    if "1" not in dates and "2" not in dates:
        check.add(activity, "6.11.1")
    if "1" in dates and "3" in dates and dates["1"] > dates["3"]:
        check.add(activity, "11.1.2", start=dates["1"], end=dates["3"])
    if "2" in dates and "4" in dates and dates["2"] > dates["4"]:
        check.add(activity, "11.1.3", start=dates["2"], end=dates["4"])
    if "2" in dates and dates["2"] > today:
        check.add(activity, "11.1.4", date=dates["2"])
    if "4" in dates and dates["4"] > today:
        check.add(activity, "11.1.5", date=dates["4"])
    return dates


def _status(activity: Any, dates: dict[str, dt.date], check: _Check, today: dt.date) -> None:
    element = activity.find("activity-status")
    if element is None:
        return
    status = element.get("code", "")
    for rule_id, params in status_breaks(
        status=status,
        start_actual=dates.get("2"),
        end_actual=dates.get("4"),
        end_planned=dates.get("3"),
        today=today,
    ):
        name = codelist("ActivityStatus").names.get(status, "")
        check.add(element, rule_id, status=f"{status} {name}".strip(), **params)


def _places_and_sectors(activity: Any, check: _Check) -> None:
    transactions = activity.findall("transaction")
    countries = activity.find("recipient-country") is not None
    countries = countries or activity.find("recipient-region") is not None
    with_country = [
        t
        for t in transactions
        if t.find("recipient-country") is not None or t.find("recipient-region") is not None
    ]
    if countries and with_country:
        check.add(activity, "3.6.2")
    elif not countries and not with_country:
        check.add(activity, "3.7.1")
    elif not countries and len(with_country) < len(transactions):
        check.add(activity, "3.7.2")
    sectors = activity.findall("sector")
    with_sector = [t for t in transactions if t.find("sector") is not None]
    if sectors and with_sector:
        check.add(activity, "6.6.2")
    elif not sectors and not with_sector:
        check.add(activity, "6.2.2")
    elif not sectors and len(with_sector) < len(transactions):
        check.add(activity, "6.7.2")
    if sectors:
        _sector_shares(activity, sectors, check)


def _sector_shares(activity: Any, sectors: list[Any], check: _Check) -> None:
    by_vocabulary: dict[str, list[Any]] = defaultdict(list)
    for sector in sectors:
        by_vocabulary[sector.get("vocabulary") or "1"].append(sector)
        share = _decimal(sector.get("percentage"))
        if share is not None and not 0 <= share <= 100:
            check.add(sector, "12.3.1", total=_plain(share))
    if "1" not in by_vocabulary:
        check.add(activity, "102.1.1")
    for vocabulary, group in sorted(by_vocabulary.items()):
        shares = [_decimal(sector.get("percentage")) for sector in group]
        if len(group) > 1 and any(share is None for share in shares):
            check.add(activity, "2.1.1", vocabulary=vocabulary)
            continue
        given = [share for share in shares if share is not None]
        total = sum(given, Decimal(0))
        if len(group) == 1 and given and total != 100:
            check.add(activity, "2.1.4", vocabulary=vocabulary, total=_plain(total))
        elif len(group) > 1 and abs(total - 100) > Decimal("0.0101"):
            check.add(activity, "2.1.2", vocabulary=vocabulary, total=_plain(total))


def _budgets(activity: Any, check: _Check) -> None:
    budgets = activity.findall("budget")
    for budget in budgets:
        value = budget.find("value")
        if value is not None and not value.get("value-date"):
            check.add(budget, "7.5.2", part=PART_BUDGET)
    periods = _budget_periods(activity, ("budget",), check)
    # Budgets of one type must not overlap: each period against the next, in order.
    by_type: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for budget, (start, end) in periods:
        by_type[budget.get("type", "1")].append((start, end))
    for spans in by_type.values():
        spans.sort()
        for (start, end), (other_start, other_end) in itertools.pairwise(spans):
            if other_start <= end:
                check.add(
                    activity,
                    "OGOP-1",
                    part=PART_BUDGET,
                    start=start,
                    end=end,
                    other_start=other_start,
                    other_end=other_end,
                )


def _budget_periods(
    holder: Any, tags: tuple[str, ...], check: _Check
) -> list[tuple[Any, tuple[dt.date, dt.date]]]:
    """The budgets' periods, once checked: not longer than a year, not backwards, the value
    dated within."""
    periods = []
    for tag in tags:
        for budget in holder.iterfind(tag):
            start = _date(
                budget.find("period-start").get("iso-date")
                if budget.find("period-start") is not None
                else None
            )
            end = _date(
                budget.find("period-end").get("iso-date")
                if budget.find("period-end") is not None
                else None
            )
            if start is None or end is None:
                continue
            if start > end:
                check.add(budget, "8.6.3", part=PART_BUDGET, start=start, end=end)
                continue
            if longer_than_a_year(start, end):
                check.add(budget, "7.5.3", part=PART_BUDGET, start=start, end=end)
            value = budget.find("value")
            day = _date(value.get("value-date")) if value is not None else None
            if day is not None and not start <= day <= end:
                check.add(budget, "OGOP-2", part=PART_BUDGET, date=day, start=start, end=end)
            periods.append((budget, (start, end)))
    return periods


def _transactions(activity: Any, dates: dict[str, dt.date], check: _Check, today: dt.date) -> None:
    start = dates.get("2") or dates.get("1")
    end = dates.get("4")
    for txn in activity.iterfind("transaction"):
        day = _date(_attribute(txn, "transaction-date", "iso-date"))
        if day is not None:
            for rule_id, params in transaction_breaks(date=day, start=start, end=end, today=today):
                check.add(txn, rule_id, part=PART_TRANSACTION, **params)
        value_day = _date(_attribute(txn, "value", "value-date"))
        if value_day is not None and value_day > today:
            check.add(txn, "11.2.2", part=PART_TRANSACTION, date=value_day)


def _result(result: Any, check: _Check) -> None:
    title = _first_text(result.find("title"))
    indicators = result.findall("indicator")
    if result.get("aggregation-status") in ("1", "true") and any(
        indicator.get("measure", "1") != "1" for indicator in indicators
    ):
        check.add(result, "OGOP-7", part=PART_RESULT, title=title)
    for indicator in indicators:
        name = _first_text(indicator.find("title"))
        measure = indicator.get("measure", "1")
        values = [("baseline", "8.8"), ("period/target", "8.9"), ("period/actual", "8.10")]
        for path, family in values:
            for element in indicator.iterfind(path):
                has_value = element.get("value") not in (None, "")
                if measure in NUMERIC_MEASURES and not has_value:
                    check.add(element, f"{family}.1", part=PART_RESULT, title=name)
                if measure == QUALITATIVE and has_value:
                    check.add(element, f"{family}.3", part=PART_RESULT, title=name)
        for period in indicator.iterfind("period"):
            start = _date(_attribute(period, "period-start", "iso-date"))
            end = _date(_attribute(period, "period-end", "iso-date"))
            if start and end and start > end:
                check.add(period, "8.6.1", part=PART_RESULT, start=start, end=end)


# Reading values -------------------------------------------------------------------------------


def _part_of(element: Any) -> str:
    for ancestor in element.iterancestors():
        if ancestor.tag == "transaction":
            return PART_TRANSACTION
        if ancestor.tag == "budget":
            return PART_BUDGET
    return PART_ACTIVITY


def _attribute(holder: Any, tag: str, name: str) -> str | None:
    element = holder.find(tag)
    return element.get(name) if element is not None else None


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None  # the schema names it


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text not in (None, "") else None
    except InvalidOperation:
        return None  # the schema names it


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _later_than_now(text: str | None) -> bool:
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return False  # the schema names it
    if moment is None:
        return False
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment > timezone.now()


def _has_text(element: Any) -> bool:
    return any((narrative.text or "").strip() for narrative in element.iterfind("narrative"))


def _first_text(element: Any) -> str:
    if element is None:
        return ""
    return next(
        (n.text.strip() for n in element.iterfind("narrative") if (n.text or "").strip()), ""
    )


def _untagged_text(holder: Any) -> bool:
    """Whether a text has no language while the file gives no default one."""
    if holder.get(XML_LANG):
        return False
    return any(narrative.get(XML_LANG) is None for narrative in holder.iter("narrative"))
