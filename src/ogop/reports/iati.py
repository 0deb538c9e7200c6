"""The programme published in the IATI Standard, version 2.03.

The programme is the parent activity (hierarchy 1); each of its activities is a child
(hierarchy 2) with its own dates, place, status, budget and transactions, which IATI can only
express per activity. The components are named in the parent's description and in each
child's. The document is streamed: one `iati-activity` at a time, the activities read from the
database in chunks, so that memory does not grow with the number of activities.

`check_exportable` says, before anything is written, what would make the file invalid.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import IO, Any

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from lxml import etree

from ogop.accounts.models import Organisation, OrganisationKind
from ogop.core.money import quantize
from ogop.programme.models import (
    Activity,
    ActivityKind,
    Component,
    ComponentBudget,
    OrganisationRole,
    Programme,
    Transaction,
)
from ogop.programme.sectors import sector_totals_off
from ogop.reports.iati_validation import codelist, is_code
from ogop.results.computations import period_value, programme_computed_values
from ogop.results.models import Indicator, IndicatorMeasure, Period, Result

VERSION = "2.03"
LANGUAGES = ("en", "th", "dz")
DEFAULT_LANGUAGE = "en"
CHUNK_SIZE = 200
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NAMESPACE}}}lang"
# WGS 84 latitude and longitude, as IATI asks for location/point.
SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/4326"

# Organisation kind → IATI OrganisationType. A producer group or buyer is refined by its
# country: private sector in the recipient (72) or the provider country (71).
ORGANISATION_TYPES = {
    OrganisationKind.DONOR: "10",  # government (a donor agency such as TICA)
    OrganisationKind.GOVERNMENT: "10",  # government
    OrganisationKind.UNIVERSITY: "80",  # academic, training and research
    OrganisationKind.PRODUCER_GROUP: "70",  # private sector
    OrganisationKind.BUYER: "70",  # private sector
    OrganisationKind.OTHER: "90",  # other
}
PRIVATE_KINDS = frozenset({OrganisationKind.PRODUCER_GROUP, OrganisationKind.BUYER})
# Sector vocabulary → the codelist of its codes (as mapping.xml says).
SECTOR_CODELISTS = {"1": "Sector", "2": "SectorCategory", "7": "UNSDG-Goals", "8": "UNSDG-Targets"}
# IATI ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# IATI TagVocabulary: SDG goals and SDG targets.
TAG_SDG_GOAL, TAG_SDG_TARGET = "2", "3"
# IATI RelatedActivityType.
RELATED_PARENT, RELATED_CHILD = "1", "2"
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"  # BudgetType 1, BudgetStatus 1
LOCATION_CLASS_ADMINISTRATIVE = "1"  # GeographicLocationClass: administrative region
EXACTNESS_APPROXIMATE = "2"  # GeographicExactness: an area's centre, not the exact spot
COUNTRY_VOCABULARY = "A4"  # GeographicVocabulary: ISO 3166-1 alpha-2
FEATURE_BY_LEVEL = {1: "ADM1", 2: "ADM2", 3: "ADM3"}  # LocationType
# Characters XML 1.0 cannot carry.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
THAI = re.compile("[\u0e00-\u0e7f]")
TIBETAN = re.compile("[\u0f00-\u0fff]")

Texts = dict[str, str]  # language → text
# A period's actual and its actual per (dimension, category), given its indicator.
Actuals = Callable[[Indicator, Period], tuple[Decimal | None, dict[tuple[str, str], Decimal]]]


# Checks before writing -----------------------------------------------------------------------


def check_exportable(programme: Programme) -> list[str]:
    """What stops the programme from being published as valid IATI, in the reader's language;
    empty when it can be exported."""
    problems: list[str] = []
    organisation = programme.reporting_organisation
    prefix = organisation.iati_identifier.strip()
    if not prefix:
        problems.append(
            _("The reporting organisation “%(name)s” has no IATI organisation identifier.")
            % {"name": organisation}
        )
    elif not programme.identifier.startswith(f"{prefix}-"):
        problems.append(
            _(
                "The programme's IATI identifier “%(identifier)s” does not start with its "
                "reporting organisation's identifier and a hyphen (“%(prefix)s-”)."
            )
            % {"identifier": programme.identifier, "prefix": prefix}
        )
    if not programme.participations.exists():
        problems.append(
            _("The programme has no participating organisations: name at least the funding one.")
        )
    problems += _sector_problems(programme)
    problems += _code_problems(programme)
    problems += _result_problems(programme)
    problems += _date_problems(programme)
    return problems


def _sector_problems(programme: Programme) -> list[str]:
    problems = []
    sectors = list(programme.sectors.all())
    if not sectors:
        problems.append(_("The programme has no sector: give at least one, with its percentage."))
    for sector in sectors:
        if not is_code("SectorVocabulary", sector.vocabulary):
            problems.append(
                _("“%(vocabulary)s” is not an IATI sector vocabulary.")
                % {"vocabulary": sector.vocabulary}
            )
        elif (name := SECTOR_CODELISTS.get(sector.vocabulary)) and not is_code(name, sector.code):
            problems.append(
                _("The sector code “%(code)s” is not in vocabulary %(vocabulary)s.")
                % {"code": sector.code, "vocabulary": sector.vocabulary}
            )
    for vocabulary, total in sorted(
        sector_totals_off((sector.vocabulary, sector.percentage) for sector in sectors)
    ):
        problems.append(
            _(
                "The percentages of the sectors in vocabulary %(vocabulary)s add up to "
                "%(total)s, not 100."
            )
            % {"vocabulary": vocabulary, "total": f"{total.normalize():f}"}
        )
    return problems


def _code_problems(programme: Programme) -> list[str]:
    problems = []
    for code in _split(programme.sdg_goals):
        if not is_code("UNSDG-Goals", code):
            problems.append(_("“%(code)s” is not an SDG goal.") % {"code": code})
    for code in _split(programme.sdg_targets):
        if not is_code("UNSDG-Targets", code):
            problems.append(_("“%(code)s” is not an SDG target.") % {"code": code})
    currencies = {programme.currency} | set(
        programme.transactions.order_by().values_list("currency", flat=True).distinct()
    )
    for currency in sorted(currencies):
        if not is_code("Currency", currency):
            problems.append(_("“%(code)s” is not an IATI currency code.") % {"code": currency})
    activities = Activity.objects.filter(component__programme=programme)
    countries = {programme.recipient_country}
    pairs = activities.order_by().values_list("country", "area__country").distinct()
    for country, area_country in pairs:
        countries.update(code for code in (country, area_country) if code)
    for country in sorted(countries):
        if not is_code("Country", country):
            problems.append(_("“%(code)s” is not an IATI country code.") % {"code": country})
    for label, name, value in [
        (_("collaboration type"), "CollaborationType", programme.collaboration_type),
        (_("flow type"), "FlowType", programme.default_flow_type),
        (_("finance type"), "FinanceType", programme.default_finance_type),
        (_("aid type"), "AidType", programme.default_aid_type),
    ]:
        if not is_code(name, value):
            problems.append(
                _("The %(field)s “%(code)s” is not in the IATI codelist.")
                % {"field": label, "code": value}
            )
    return problems


def _result_problems(programme: Programme) -> list[str]:
    empty = programme.results.filter(indicators__isnull=True).order_by("pk")
    return [
        _("The result “%(title)s” has no indicator: IATI asks for at least one.")
        % {"title": result.title}
        for result in empty
    ]


def _date_problems(programme: Programme) -> list[str]:
    problems = []
    today = timezone.localdate()
    if any(day and day > today for day in (programme.start_actual, programme.end_actual)):
        problems.append(_("The programme's actual start or end is in the future."))
    late = (
        Activity.objects.filter(component__programme=programme)
        .filter(Q(start_actual__gt=today) | Q(end_actual__gt=today))
        .count()
    )
    if late:
        problems.append(
            ngettext(
                "%(count)d activity has an actual start or end in the future.",
                "%(count)d activities have an actual start or end in the future.",
                late,
            )
            % {"count": late}
        )
    first, last = programme.period
    outside = (
        ComponentBudget.objects.filter(component__programme=programme)
        .filter(Q(year__lt=first.year) | Q(year__gt=last.year))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    for year in sorted(set(outside)):
        problems.append(
            _("There is a budget for %(year)s, outside the programme's years.") % {"year": year}
        )
    return problems


def _split(codes: str) -> list[str]:
    return [code.strip() for code in codes.split(",") if code.strip()]


# Writing -----------------------------------------------------------------------------------


def write_iati(
    out: IO[bytes], programmes: Iterable[Programme], *, chunk_size: int = CHUNK_SIZE
) -> None:
    """Write the programmes as one IATI activities document to the binary file `out`.

    Check each programme with `check_exportable` first, and give at least one.
    """
    for chunk in iati_chunks(programmes, chunk_size=chunk_size):
        out.write(chunk)


def iati_chunks(
    programmes: Iterable[Programme], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """The document as bytes, one piece per activity, written as the activities are read."""
    sink = _Chunks()
    labels = _Labels.make()
    generated = timezone.now().replace(microsecond=0).isoformat()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": VERSION, "generated-datetime": generated}):
            for programme in programmes:
                for _written in _programme(xf, programme, labels, chunk_size):
                    xf.flush()
                    yield sink.take()
    yield sink.take()


class _Chunks:
    """A file for the writer that keeps what was written until it is taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(bytes(data))

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


@dataclass
class _Labels:
    """The words the file adds around the data, in each language."""

    kinds: dict[str, dict[str, str]] = field(default_factory=dict)
    under: dict[str, str] = field(default_factory=dict)
    components: dict[str, str] = field(default_factory=dict)
    illustrative: dict[str, str] = field(default_factory=dict)
    inferred: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(cls) -> "_Labels":
        labels = cls()
        for language in LANGUAGES:
            with override(language):
                labels.kinds[language] = {
                    kind.value: str(kind.label).capitalize() for kind in ActivityKind
                }
                labels.under[language] = _("%(kind)s under component %(position)s: %(component)s.")
                labels.components[language] = _("Components:")
                labels.illustrative[language] = _(
                    "Illustrative figures: the budgets, transactions and results of this "
                    "programme and its activities are made up for a demonstration."
                )
                labels.inferred[language] = _(
                    "Inferred: the programme's documents name the goal, not this target."
                )
        return labels


@dataclass
class _Context:
    programme: Programme
    participations: list[tuple[Organisation, str]]
    sectors: list[Any]
    components: dict[int, Component]
    labels: _Labels
    chunk_size: int
    # Every organisation the programme's activities and transactions name, by id.
    organisations: dict[int, Organisation] = field(default_factory=dict)
    # Each component's title in each language, as `_in` gives it.
    component_titles: dict[tuple[int, str], str] = field(default_factory=dict)
    # What every child repeats, built once and copied into each (see `_copy`).
    built: dict[Any, Any] = field(default_factory=dict)

    def organisation(self, tag: str, pk: int, role: str | None = None) -> Any:
        """An organisation's element, built the first time it is named."""
        return self.once(
            (tag, pk, role),
            lambda: _organisation(tag, self.organisations[pk], self.programme, role),
        )

    def once(self, key: Any, build: Callable[[], Any]) -> Any:
        """A copy of the element (or elements) `build` gives, built once for the file."""
        if key not in self.built:
            self.built[key] = build()
        return _copy(self.built[key])


def _copy(built: Any) -> Any:
    if isinstance(built, list):
        return [deepcopy(element) for element in built]
    return deepcopy(built)


def _programme(xf: Any, programme: Programme, labels: _Labels, chunk_size: int) -> Iterator[None]:
    """Write the parent, then each child; yields after each child, and within the parent after
    each `chunk_size` elements."""
    participations = [
        (participation.organisation, participation.role)
        for participation in programme.participations.select_related("organisation")
    ]
    context = _Context(
        programme=programme,
        participations=participations,
        sectors=list(programme.sectors.all()),
        components={component.pk: component for component in programme.components.all()},
        labels=labels,
        chunk_size=chunk_size,
        organisations=_organisations(programme),
    )
    context.component_titles = {
        (component.pk, language): _in(component, "title", language)
        for component in context.components.values()
        for language in LANGUAGES
    }
    attributes = _activity_attributes(programme, "1", programme.updated_at)
    # The incremental writer needs the xml prefix spelled out to write xml:lang.
    with xf.element("iati-activity", attributes, nsmap={"xml": XML_NAMESPACE}):
        for count, element in enumerate(_parent(context), start=1):
            xf.write(element, pretty_print=True)
            if count % chunk_size == 0:
                yield None
    xf.write("\n")
    yield None
    for activity, transactions in _activities(programme, chunk_size):
        xf.write(_child(activity, transactions, context), pretty_print=True)
        yield None


def _activity_attributes(programme: Programme, hierarchy: str, updated: dt.datetime) -> dict:
    return {
        XML_LANG: DEFAULT_LANGUAGE,
        "default-currency": programme.currency,
        "hierarchy": hierarchy,
        "last-updated-datetime": updated.replace(microsecond=0).isoformat(),
    }


def _parent(context: _Context) -> Iterator[Any]:
    """The programme's elements, in the schema's order."""
    programme = context.programme
    yield _element("iati-identifier", text=programme.identifier)
    yield _reporting_org(programme)
    yield _narrated("title", _title(programme))
    yield _narrated("description", _parent_description(context), {"type": "1"})
    for organisation, role in context.participations:
        yield _organisation("participating-org", organisation, programme, role)
    yield _element("activity-status", {"code": programme.status})
    yield from _dates(programme)
    yield _element("recipient-country", {"code": programme.recipient_country})
    yield from _sectors(context)
    for code in _split(programme.sdg_goals):
        yield _element("tag", {"vocabulary": TAG_SDG_GOAL, "code": code})
    inferred = {language: context.labels.inferred[language] for language in _languages(programme)}
    for code in _split(programme.sdg_targets):
        attributes = {"vocabulary": TAG_SDG_TARGET, "code": code}
        if programme.sdg_targets_inferred:
            yield _narrated("tag", inferred, attributes)
        else:
            yield _element("tag", attributes)
    yield from _defaults(programme)
    yield from _programme_budgets(programme)
    # Transactions are reported once, at the lowest level: here those of no activity.
    transactions = programme.transactions.filter(activity__isnull=True).order_by("date", "pk")
    for txn in transactions.iterator(chunk_size=context.chunk_size):
        yield _transaction(txn, context)
    children = (
        Activity.objects.filter(component__programme=programme)
        .order_by("component__position", "start_planned", "pk")
        .values_list("pk", flat=True)
    )
    for pk in children.iterator(chunk_size=context.chunk_size):
        ref = _child_identifier(programme, pk)
        yield _element("related-activity", {"ref": ref, "type": RELATED_CHILD})
    actuals = period_actuals(programme)
    for result in _results(programme, context.chunk_size):
        yield _result(result, actuals)


def _organisations(programme: Programme) -> dict[int, Organisation]:
    """Every organisation the file names for the programme, by id, read once: the activities
    and transactions then name them by id, and each is written from one element."""
    activities = Activity.objects.filter(component__programme=programme)
    transactions = Transaction.objects.filter(
        Q(programme=programme) | Q(activity__component__programme=programme)
    )
    named = Organisation.objects.filter(
        Q(pk__in=activities.values("responsible_organisation"))
        | Q(pk__in=transactions.values("provider"))
        | Q(pk__in=transactions.values("receiver"))
    )
    return {organisation.pk: organisation for organisation in named}


def _activities(
    programme: Programme, chunk_size: int
) -> Iterator[tuple[Activity, list[Transaction]]]:
    """The programme's activities with their transactions, read `chunk_size` at a time.

    The transactions are fetched per chunk by hand rather than prefetched: a prefetch links
    each transaction back to its activity, and such cycles would stay in memory until the
    garbage collector's next full pass.
    """
    activities = (
        Activity.objects.filter(component__programme=programme)
        .select_related("area")
        .order_by("component__position", "start_planned", "pk")
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(islice(activities, chunk_size)):
        transactions = defaultdict(list)
        linked = Transaction.objects.filter(
            activity__in=[activity.pk for activity in chunk]
        ).order_by("date", "pk")
        for txn in linked:
            transactions[txn.activity_id].append(txn)
        for activity in chunk:
            yield activity, transactions.pop(activity.pk, [])


def _child_identifier(programme: Programme, pk: int) -> str:
    """As Activity.iati_identifier, without reading the programme again."""
    return f"{programme.identifier}-{pk}"


def _child(activity: Activity, transactions: list[Transaction], context: _Context) -> Any:
    programme = context.programme
    node = _element("iati-activity", _activity_attributes(programme, "2", activity.updated_at))
    node.append(_element("iati-identifier", text=_child_identifier(programme, activity.pk)))
    node.append(context.once("reporting-org", lambda: _reporting_org(programme)))
    title = _title(activity)
    node.append(_narrated("title", title))
    description = _child_description(activity, title, context)
    node.append(_narrated("description", description, {"type": "1"}))
    node.extend(
        context.once(
            ("participating-orgs", activity.responsible_organisation_id),
            lambda: _child_participations(activity, context),
        )
    )
    node.append(_element("activity-status", {"code": activity.status}))
    node.extend(_dates(activity))
    node.append(_element("recipient-country", {"code": programme.recipient_country}))
    location = _location(activity, programme)
    if location is not None:
        node.append(location)
    node.extend(context.once("sectors", lambda: _sectors(context)))
    node.extend(context.once("defaults", lambda: _defaults(programme)))
    if activity.budget > 0:
        for start, end, amount in split_by_year(
            activity.budget, activity.start_planned, activity.end_planned, programme.currency
        ):
            node.append(_budget(start, end, amount, programme.currency))
    for txn in transactions:
        node.append(_transaction(txn, context))
    node.append(_element("related-activity", {"ref": programme.identifier, "type": RELATED_PARENT}))
    return node


def _child_participations(activity: Activity, context: _Context) -> list[Any]:
    """The programme's funders, accountable and extending organisations; as implementing,
    the activity's responsible organisation, or else the programme's implementing ones."""
    kept = [
        (organisation, role)
        for organisation, role in context.participations
        if role != OrganisationRole.IMPLEMENTING
    ]
    if activity.responsible_organisation_id is not None:
        responsible = context.organisations[activity.responsible_organisation_id]
        named = [*kept, (responsible, OrganisationRole.IMPLEMENTING)]
    else:
        implementing = [
            (organisation, role)
            for organisation, role in context.participations
            if role == OrganisationRole.IMPLEMENTING
        ]
        named = [*kept, *implementing] or context.participations
    return [
        _organisation("participating-org", organisation, context.programme, role)
        for organisation, role in named
    ]


# Elements ----------------------------------------------------------------------------------


def _element(tag: str, attributes: dict | None = None, *, text: str | None = None) -> Any:
    node = etree.Element(tag, attributes or {})
    if text is not None:
        node.text = _clean(text)
    return node


def _narrated(tag: str, texts: Texts, attributes: dict | None = None) -> Any:
    """An element holding one narrative per language (the default language unmarked)."""
    node = _element(tag, attributes)
    for language, text in texts.items():
        narrative = _element("narrative", text=text)
        if language != DEFAULT_LANGUAGE:
            narrative.set(XML_LANG, language)
        node.append(narrative)
    return node


def _clean(text: str) -> str:
    return NOT_XML.sub("", text).strip()


def _texts(obj: Any, name: str) -> Texts:
    """The translated field's text in each language that has one."""
    found = {}
    for language in LANGUAGES:
        text = _clean(getattr(obj, f"{name}_{language}", None) or "")
        if text:
            found[language] = text
    return found


def _free_text(text: str) -> Texts:
    """Untranslated text, marked Thai or Dzongkha when written in their scripts."""
    text = _clean(text)
    if not text:
        return {}
    if THAI.search(text):
        return {"th": text}
    if TIBETAN.search(text):
        return {"dz": text}
    return {DEFAULT_LANGUAGE: text}


def _title(obj: Any) -> Texts:
    if texts := _texts(obj, "title"):
        return texts
    with override(DEFAULT_LANGUAGE):
        return _free_text(str(obj.title)) or {DEFAULT_LANGUAGE: "-"}


def _parent_description(context: _Context) -> Texts:
    """The programme's description, then its components, in each language it is written in."""
    programme = context.programme
    own = _texts(programme, "description")
    texts = {}
    for language in _languages(programme):
        lines = [own[language]] if language in own else []
        if programme.is_illustrative:
            lines.append(context.labels.illustrative[language])
        lines.append(context.labels.components[language])
        for component in sorted(context.components.values(), key=lambda c: c.position):
            lines.append(f"{component.position}. {_in(component, 'title', language)}")
        texts[language] = "\n".join(lines)
    return texts


def _languages(programme: Programme) -> list[str]:
    """The languages the programme is written in: those of its description and title."""
    own = _texts(programme, "description")
    return [lang for lang in LANGUAGES if lang in own or lang in _title(programme)]


def _child_description(activity: Activity, title: Texts, context: _Context) -> Texts:
    """The activity's description, then its kind and component, in each of its languages
    (those of its description and of its title)."""
    own = _texts(activity, "description")
    component = context.components[activity.component_id]
    languages = [lang for lang in LANGUAGES if lang in own or lang in title]
    texts = {}
    for language in languages:
        where = context.labels.under[language] % {
            "kind": context.labels.kinds[language].get(activity.kind, activity.kind),
            "position": component.position,
            "component": context.component_titles[(component.pk, language)],
        }
        texts[language] = f"{own[language]}\n{where}" if language in own else where
    return texts


def _in(obj: Any, name: str, language: str) -> str:
    """The text in `language`, or in English when it has none there."""
    texts = _texts(obj, name)
    return texts.get(language) or texts.get(DEFAULT_LANGUAGE) or _clean(str(getattr(obj, name)))


def organisation_type(organisation: Organisation, programme: Programme) -> str:
    """The IATI OrganisationType of an organisation, seen from the programme."""
    if organisation.kind in PRIVATE_KINDS and organisation.country:
        if organisation.country == programme.recipient_country:
            return "72"  # private sector in aid recipient country
        if organisation.country == programme.reporting_organisation.country:
            return "71"  # private sector in provider country
    return ORGANISATION_TYPES.get(OrganisationKind(organisation.kind), "90")


def _reporting_org(programme: Programme) -> Any:
    return _organisation("reporting-org", programme.reporting_organisation, programme)


def _organisation(
    tag: str, organisation: Organisation, programme: Programme, role: str | None = None
) -> Any:
    attributes = {}
    if organisation.iati_identifier.strip():
        attributes["ref"] = organisation.iati_identifier.strip()
    attributes["type"] = organisation_type(organisation, programme)
    if role is not None:
        attributes["role"] = role
    names = _texts(organisation, "name") or _free_text(str(organisation.name))
    return _narrated(tag, names, attributes)


def _dates(obj: Any) -> list[Any]:
    """Planned start, actual start, planned end, actual end: those it has."""
    dates = [
        (PLANNED_START, obj.start_planned),
        (ACTUAL_START, obj.start_actual),
        (PLANNED_END, obj.end_planned),
        (ACTUAL_END, obj.end_actual),
    ]
    return [
        _element("activity-date", {"type": kind, "iso-date": day.isoformat()})
        for kind, day in dates
        if day
    ]


def _sectors(context: _Context) -> list[Any]:
    return [
        _element(
            "sector",
            {
                "vocabulary": sector.vocabulary,
                "code": sector.code,
                "percentage": f"{sector.percentage:f}",
            },
        )
        for sector in context.sectors
    ]


def _defaults(programme: Programme) -> list[Any]:
    # default-aid-type's vocabulary is left out: absent, it is 1 (OECD DAC), the codelist of
    # the code written, and the one vocabulary the shipped codelists can check.
    return [
        _element("collaboration-type", {"code": programme.collaboration_type}),
        _element("default-flow-type", {"code": programme.default_flow_type}),
        _element("default-finance-type", {"code": programme.default_finance_type}),
        _element("default-aid-type", {"code": programme.default_aid_type}),
    ]


def _location(activity: Activity, programme: Programme) -> Any | None:
    area = activity.area
    country = area.country if area is not None else activity.country
    if area is None and not country:
        return None
    node = _element("location")
    if area is not None:
        node.append(_narrated("name", _texts(area, "name") or _free_text(area.name)))
    else:
        name = codelist("Country").names.get(country, "")
        if name:
            node.append(_narrated("name", {DEFAULT_LANGUAGE: name}))
    if country and country != programme.recipient_country:
        node.append(_element("administrative", {"vocabulary": COUNTRY_VOCABULARY, "code": country}))
    if area is not None and area.latitude is not None and area.longitude is not None:
        point = _element("point", {"srsName": SRS_NAME})
        point.append(_element("pos", text=f"{area.latitude:f} {area.longitude:f}"))
        node.append(point)
        node.append(_element("exactness", {"code": EXACTNESS_APPROXIMATE}))
    node.append(_element("location-class", {"code": LOCATION_CLASS_ADMINISTRATIVE}))
    if area is not None and area.level in FEATURE_BY_LEVEL:
        node.append(_element("feature-designation", {"code": FEATURE_BY_LEVEL[area.level]}))
    return node


def _budget(start: dt.date, end: dt.date, amount: Decimal, currency: str) -> Any:
    attributes = {"type": BUDGET_ORIGINAL, "status": BUDGET_INDICATIVE}
    return period_amount("budget", attributes, start, end, amount, currency)


def period_amount(
    tag: str, attributes: dict, start: dt.date, end: dt.date, amount: Decimal, currency: str
) -> Any:
    """A budget-like element: its period, and the amount valued on the period's first day."""
    node = _element(tag, attributes)
    node.append(_element("period-start", {"iso-date": start.isoformat()}))
    node.append(_element("period-end", {"iso-date": end.isoformat()}))
    node.append(
        _element(
            "value",
            {"currency": currency, "value-date": start.isoformat()},
            text=f"{amount:f}",
        )
    )
    return node


def _programme_budgets(programme: Programme) -> list[Any]:
    """What the components plan each year beyond their activities' own budgets, each year
    clipped to the programme's period.

    Money is reported once, at the lowest level (as transactions are): each child reports
    its activity's budget, so the parent reports only the part no activity holds. Otherwise
    anyone totalling the file's budgets would count the activities' money twice."""
    first, last = programme.period
    totals = (
        ComponentBudget.objects.filter(component__programme=programme)
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by("year")
    )
    in_children = _children_budgets_by_year(programme)
    budgets = []
    for row in totals:
        start = max(dt.date(row["year"], 1, 1), first)
        end = min(dt.date(row["year"], 12, 31), last)
        own = quantize(row["total"] - in_children[row["year"]], programme.currency)
        if start <= end and own > 0:
            budgets.append(_budget(start, end, own, programme.currency))
    return budgets


def _children_budgets_by_year(programme: Programme) -> dict[int, Decimal]:
    """The activities' budgets per year, as the children report them (`split_by_year`)."""
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    activities = Activity.objects.filter(component__programme=programme, budget__gt=0)
    for budget, start, end in activities.values_list("budget", "start_planned", "end_planned"):
        for first, _last, amount in split_by_year(budget, start, end, programme.currency):
            by_year[first.year] += amount
    return by_year


def split_by_year(
    total: Decimal, start: dt.date, end: dt.date, currency: str
) -> list[tuple[dt.date, dt.date, Decimal]]:
    """A budget over [start, end] in one piece per calendar year, shared by days; the pieces
    add up to the total."""
    days = (end - start).days + 1
    pieces = []
    left = total
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        if year == end.year:
            amount = left
        else:
            amount = quantize(total * ((last - first).days + 1) / days, currency)
            left -= amount
        pieces.append((first, last, amount))
    return pieces


def _transaction(txn: Transaction, context: _Context) -> Any:
    # Its own reference: the platform's number, which leads a reader of the checks to it.
    node = _element("transaction", {"ref": str(txn.pk)})
    node.append(_element("transaction-type", {"code": txn.kind}))
    node.append(_element("transaction-date", {"iso-date": txn.date.isoformat()}))
    node.append(
        _element(
            "value",
            {"currency": txn.currency, "value-date": txn.date.isoformat()},
            text=f"{txn.amount:f}",
        )
    )
    description = _free_text(txn.description)
    if description:
        node.append(_narrated("description", description))
    if txn.provider_id is not None:
        node.append(context.organisation("provider-org", txn.provider_id))
    if txn.receiver_id is not None:
        node.append(context.organisation("receiver-org", txn.receiver_id))
    return node


# Results -----------------------------------------------------------------------------------


def _results(programme: Programme, chunk_size: int) -> Iterator[Result]:
    periods = Period.objects.order_by("start", "pk").prefetch_related("disaggregations")
    indicators = Indicator.objects.order_by("position", "pk").prefetch_related(
        Prefetch("periods", queryset=periods)
    )
    return (
        Result.objects.filter(programme=programme)
        .order_by("-kind", "position", "pk")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .iterator(chunk_size=chunk_size)
    )


def _result(result: Result, actuals: Actuals) -> Any:
    indicators = list(result.indicators.all())
    # Only counts may be added up, and only when the result says so (an average may not).
    aggregable = result.aggregable and all(
        indicator.measure == IndicatorMeasure.UNIT for indicator in indicators
    )
    node = _element(
        "result", {"type": result.kind, "aggregation-status": "1" if aggregable else "0"}
    )
    node.append(_narrated("title", _title(result)))
    description = _texts(result, "description")
    if description:
        node.append(_narrated("description", description))
    for indicator in indicators:
        node.append(_indicator(indicator, actuals))
    return node


def _indicator(indicator: Indicator, actuals: Actuals) -> Any:
    qualitative = indicator.measure == IndicatorMeasure.QUALITATIVE
    node = _element(
        "indicator",
        {"measure": indicator.measure, "ascending": "1" if indicator.ascending else "0"},
    )
    node.append(_narrated("title", _title(indicator)))
    description = _texts(indicator, "description")
    if description:
        node.append(_narrated("description", description))
    if indicator.baseline_year and (qualitative or indicator.baseline_value is not None):
        baseline = _element("baseline", {"year": str(indicator.baseline_year)})
        if not qualitative:
            baseline.set("value", _number(indicator.baseline_value))
        node.append(baseline)
    for period in indicator.periods.all():
        node.append(_period(indicator, period, qualitative, actuals))
    return node


def _period(indicator: Indicator, period: Period, qualitative: bool, actuals: Actuals) -> Any:
    node = _element("period")
    node.append(_element("period-start", {"iso-date": period.start.isoformat()}))
    node.append(_element("period-end", {"iso-date": period.end.isoformat()}))
    actual, disaggregated = actuals(indicator, period)
    rows = list(period.disaggregations.all())
    comment = _free_text(period.comment)
    # Targets, then actuals: the overall value first, then one per category.
    if not qualitative and period.target is not None:
        node.append(_element("target", {"value": _number(period.target)}))
    for row in rows:
        if not qualitative and row.target is not None:
            node.append(_measured("target", row.target, row.dimension, row.category))
    if qualitative:
        if comment:
            node.append(_with_comment(_element("actual"), comment))
        return node
    if actual is not None:
        node.append(_with_comment(_element("actual", {"value": _number(actual)}), comment))
    for (dimension, category), value in disaggregated.items():
        node.append(_measured("actual", value, dimension, category))
    return node


def _measured(tag: str, value: Decimal, dimension: str, category: str) -> Any:
    node = _element(tag, {"value": _number(value)})
    node.append(_element("dimension", {"name": dimension, "value": category}))
    return node


def _with_comment(node: Any, comment: Texts) -> Any:
    if comment:
        node.append(_narrated("comment", comment))
    return node


def _number(value: Decimal | None) -> str:
    return f"{value:f}" if value is not None else ""


def period_actuals(programme: Programme) -> Actuals:
    """How to read a period's actual and its actual per (dimension, category): `period_value`,
    with every computed period of the programme counted at once."""
    computed = programme_computed_values(programme)

    def actuals(
        indicator: Indicator, period: Period
    ) -> tuple[Decimal | None, dict[tuple[str, str], Decimal]]:
        value = period_value(period, computed=computed)
        return value.total, dict(value.by)

    return actuals
