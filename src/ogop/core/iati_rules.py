"""The data-quality rules of IATI that the platform's files must pass, and the checks on plain
values that both the files and the forms use.

IATI's Validator runs data-quality rules after the schema (published as
`docs/data-quality-rules.csv` in IATI's js-validator-api repository); each rule here keeps its
IATI id and severity. A few rules of the IATI Standard's guidance that the Validator's list
leaves out (budgets that overlap, a status that contradicts the dates, money spent before an
activity starts) have platform ids, `OGOP-n`. `ogop.reports.iati_quality` applies the rules to
a written file; the forms of the programme, results and accounts apps apply the same checks
(the functions below) as a person types, so that what would break publishing is refused at
once.

Here in core because both kinds of caller use it: the reports app, and the domain apps, which
may not import reports.
"""

import datetime as dt
import enum
import functools
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ogop.core.iati_codelists import codelist
from ogop.core.thai import format_date


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    message: Promise  # with %(…)s placeholders filled by the finding

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


E, W = Severity.ERROR, Severity.WARNING

# Identifiers: the same three checks on each kind of identifier, under each kind's IATI ids.
SPACES = _("%(what)s “%(value)s” should not start or end with spaces or line breaks.")
SYMBOLS = _("%(what)s “%(value)s” must not contain any of the symbols /, &, | or ?.")
PREFIX = _(
    "%(what)s “%(value)s” must start with an approved registration agency code and a hyphen "
    "(such as XM-DAC-, XI-IATI- or TH-TIN-; see the OrganisationRegistrationAgency codelist)."
)
IDENTIFIER_FAMILIES = {
    # family → what it names
    "1.3": _("The activity identifier"),
    "1.7": _("The related activity's identifier"),
    "1.8": _("The participating organisation's identifier"),
    "1.10": _("The provider's identifier"),
    "1.12": _("The organisation identifier"),
    "1.14": _("The reporting organisation's identifier"),
    "1.15": _("The receiver's identifier"),
    "1.18": _("The reporting organisation's identifier"),
}
# The Validator checks the agency prefix of these (the others' prefix rules are not active).
PREFIX_CHECKED = ("1.8", "1.10", "1.12", "1.14", "1.15", "1.18")


def _rules() -> dict[str, Rule]:
    rules = [
        Rule(
            "1.1.2", E, _("The activity identifier “%(value)s” is used by more than one activity.")
        ),
        Rule(
            "1.1.21",
            W,
            _(
                "The activity identifier “%(value)s” should be the reporting organisation's "
                "identifier, a hyphen and a string of its own."
            ),
        ),
        Rule(
            "1.1.3",
            E,
            _("The activity identifier must differ from the reporting organisation's identifier."),
        ),
        Rule("1.7.2", E, _("The reporting organisation has no identifier.")),
        Rule("6.3.1", E, _("The reporting organisation has no organisation type.")),
        Rule("11.1.1", E, _("The date the activity was last updated is in the future.")),
        Rule(
            "11.1.2", E, _("The planned start (%(start)s) comes after the planned end (%(end)s).")
        ),
        Rule("11.1.3", E, _("The actual start (%(start)s) comes after the actual end (%(end)s).")),
        Rule("11.1.4", E, _("The actual start (%(date)s) is in the future.")),
        Rule("11.1.5", E, _("The actual end (%(date)s) is in the future.")),
        Rule("11.2.1", E, _("The transaction's date (%(date)s) is in the future.")),
        Rule("11.2.2", E, _("The transaction's value date (%(date)s) is in the future.")),
        Rule("11.4.1", E, _("The date the organisation file was last updated is in the future.")),
        Rule("6.11.1", E, _("The activity has neither a planned nor an actual start date.")),
        Rule("4.1.1", E, _("The activity has no default language and a text without one.")),
        Rule("4.5.1", E, _("The organisation has no default language and a text without one.")),
        Rule("4.3.1", E, _("The title has no text.")),
        Rule("4.4.1", E, _("A description has no text.")),
        Rule("6.10.1", E, _("A participating organisation has neither an identifier nor a name.")),
        Rule("6.9.1", E, _("A transaction's provider has neither an identifier nor a name.")),
        Rule("6.9.2", E, _("A transaction's receiver has neither an identifier nor a name.")),
        Rule(
            "6.2.2", E, _("The activity has no sector, neither its own nor on every transaction.")
        ),
        Rule(
            "6.6.2",
            E,
            _("Sectors are given on the activity and on transactions: give one or the other."),
        ),
        Rule(
            "6.7.2", E, _("Some transactions have a sector and others not: give it on all of them.")
        ),
        Rule(
            "3.6.2",
            E,
            _(
                "Recipient countries are given on the activity and on transactions: "
                "give one or the other."
            ),
        ),
        Rule(
            "3.7.1",
            W,
            _(
                "The activity has no recipient country or region, neither its own nor on "
                "every transaction."
            ),
        ),
        Rule(
            "3.7.2",
            E,
            _("Some transactions have a recipient country and others not: give it on all of them."),
        ),
        Rule(
            "2.1.1",
            E,
            _("Sectors of vocabulary %(vocabulary)s are several: each needs a percentage."),
        ),
        Rule(
            "2.1.2",
            E,
            _(
                "The percentages of the sectors of vocabulary %(vocabulary)s add up to "
                "%(total)s, not 100."
            ),
        ),
        Rule(
            "2.1.4",
            E,
            _(
                "The only sector of vocabulary %(vocabulary)s has %(total)s percent: "
                "leave it out or give 100."
            ),
        ),
        Rule("12.3.1", E, _("A sector's percentage (%(total)s) is not between 0 and 100.")),
        Rule(
            "102.1.1",
            W,
            _("The sectors include none of vocabulary 1 (OECD DAC five-digit codes): add one."),
        ),
        Rule("107.1.1", W, _("The default aid type is not one of vocabulary 1 (OECD DAC).")),
        Rule("7.5.2", E, _("A budget's value has no value date.")),
        Rule("7.5.3", E, _("A budget period (%(start)s – %(end)s) is longer than one year.")),
        Rule("8.6.3", E, _("A budget period starts (%(start)s) after it ends (%(end)s).")),
        Rule("7.8.1", E, _("A value has no currency and the activity no default currency.")),
        Rule("7.8.2", E, _("A value has no currency and the organisation no default currency.")),
        Rule("6.1.5", E, _("A document link does not say its format.")),
        Rule("8.6.1", E, _("An indicator period starts (%(start)s) after it ends (%(end)s).")),
        Rule(
            "8.8.1",
            E,
            _("The indicator “%(title)s” is measured in numbers: its baseline needs a value."),
        ),
        Rule(
            "8.9.1",
            E,
            _("The indicator “%(title)s” is measured in numbers: its target needs a value."),
        ),
        Rule(
            "8.10.1",
            E,
            _("The indicator “%(title)s” is measured in numbers: its actual needs a value."),
        ),
        Rule(
            "8.8.3",
            W,
            _("The indicator “%(title)s” is qualitative: its baseline should have no value."),
        ),
        Rule(
            "8.9.3",
            W,
            _("The indicator “%(title)s” is qualitative: its target should have no value."),
        ),
        Rule(
            "8.10.3",
            W,
            _("The indicator “%(title)s” is qualitative: its actual should have no value."),
        ),
        # The platform's own, from the IATI Standard's guidance.
        Rule(
            "OGOP-1",
            E,
            _("Budgets overlap: %(start)s – %(end)s and %(other_start)s – %(other_end)s."),
        ),
        Rule(
            "OGOP-2",
            E,
            _("A budget's value date (%(date)s) is outside its period (%(start)s – %(end)s)."),
        ),
        Rule("OGOP-3", E, _("The status “%(status)s” contradicts the dates: %(reason)s")),
        Rule(
            "OGOP-4",
            W,
            _(
                "The activity is still in implementation, but its planned end (%(date)s) "
                "has passed."
            ),
        ),
        Rule(
            "OGOP-8",
            W,
            _(
                "The activity is past its pipeline but has no actual start date: give the day "
                "it began."
            ),
        ),
        Rule(
            "OGOP-5",
            E,
            _("The transaction on %(date)s comes before the activity starts (%(start)s)."),
        ),
        Rule(
            "OGOP-6", W, _("The transaction on %(date)s comes after the activity ended (%(end)s).")
        ),
        Rule(
            "OGOP-7",
            W,
            _(
                "The result “%(title)s” is marked for aggregation, but not all its indicators "
                "count units."
            ),
        ),
    ]
    for family in IDENTIFIER_FAMILIES:
        rules.append(Rule(f"{family}.1", W, SPACES))
        rules.append(Rule(f"{family}.13", W, SYMBOLS))
        if family in PREFIX_CHECKED:
            rules.append(Rule(f"{family}.8", W, PREFIX))
    return {rule.id: rule for rule in rules}


RULES = _rules()

# Why a status contradicts the dates (OGOP-3), by the IATI ActivityStatus code.
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED = "1", "2", "3", "4"
NO_START_YET = _("an activity in its pipeline has not started, yet it has an actual start.")
NEEDS_END = _("a finalised or closed activity needs an actual end.")
NO_END_YET = _("an activity in implementation has not ended, yet it has an actual end.")


# Checks on plain values -----------------------------------------------------------------------


@functools.cache
def agency_prefixes() -> frozenset[str]:
    """The registration agencies' codes (TH-TIN, XM-DAC …): an organisation identifier starts
    with one of them and a hyphen."""
    return codelist("OrganisationRegistrationAgency").active


def identifier_breaks(value: str, family: str) -> list[str]:
    """The ids of the rules of `family` (say "1.14") that the identifier breaks."""
    broken = []
    if value != value.strip():
        broken.append(f"{family}.1")
    if re.search(r"[/&|?]", value):
        broken.append(f"{family}.13")
    if family in PREFIX_CHECKED and not any(
        value.strip().startswith(f"{prefix}-") for prefix in agency_prefixes()
    ):
        broken.append(f"{family}.8")
    return broken


def identifier_message(rule_id: str, value: str) -> str:
    """The rule's message for an identifier, with its IATI id."""
    family = rule_id.rsplit(".", 1)[0]
    return with_id(rule_id, what=IDENTIFIER_FAMILIES[family], value=value)


def with_id(rule_id: str, **params: Any) -> str:
    """'The actual start (…) is in the future. (IATI rule 11.1.4)': the message in the
    reader's language (dates in its calendar), with the rule's id to look it up."""
    shown = {k: format_date(v) if isinstance(v, dt.date) else v for k, v in params.items()}
    text = str(RULES[rule_id].message) % shown
    return str(_("%(message)s (IATI rule %(id)s)")) % {"message": text, "id": rule_id}


def validate_organisation_identifier(value: str) -> None:
    """A form field's check: an organisation identifier IATI accepts, or what is wrong."""
    if value:
        broken = identifier_breaks(value, "1.8")
        if broken:
            raise ValidationError([identifier_message(rule, value) for rule in broken])


def status_breaks(
    *,
    status: str,
    start_actual: dt.date | None,
    end_actual: dt.date | None,
    end_planned: dt.date | None,
    today: dt.date,
) -> list[tuple[str, dict[str, Any]]]:
    """The status rules that the status and dates break, each with its message's values."""
    reasons = []
    if status == PIPELINE and start_actual:
        reasons.append(NO_START_YET)
    if status in (FINALISATION, CLOSED) and not end_actual:
        reasons.append(NEEDS_END)
    if status == IMPLEMENTATION and end_actual:
        reasons.append(NO_END_YET)
    broken: list[tuple[str, dict[str, Any]]] = [("OGOP-3", {"reason": r}) for r in reasons]
    if status in (IMPLEMENTATION, FINALISATION, CLOSED) and not start_actual:
        broken.append(("OGOP-8", {}))
    if status == IMPLEMENTATION and not end_actual and end_planned and end_planned < today:
        broken.append(("OGOP-4", {"date": end_planned}))
    return broken


def activity_bounds(
    *,
    start_planned: dt.date | None,
    start_actual: dt.date | None,
    end_actual: dt.date | None,
) -> tuple[dt.date | None, dt.date | None]:
    """When an activity's money may move: from its actual start (else its planned one) to its
    actual end (open while it has none)."""
    return start_actual or start_planned, end_actual


def transaction_breaks(
    *, date: dt.date, start: dt.date | None, end: dt.date | None, today: dt.date
) -> list[tuple[str, dict[str, Any]]]:
    """The rules a transaction's date breaks, against its activity's bounds and today."""
    broken: list[tuple[str, dict[str, Any]]] = []
    if date > today:
        broken.append(("11.2.1", {"date": date}))
    if start and date < start:
        broken.append(("OGOP-5", {"date": date, "start": start}))
    if end and date > end:
        broken.append(("OGOP-6", {"date": date, "end": end}))
    return broken


def longer_than_a_year(start: dt.date, end: dt.date) -> bool:
    """Whether a budget period runs past the same day a year later (rule 7.5.3)."""
    try:
        year_on = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_on = start.replace(year=start.year + 1, day=28)
    return end > year_on
