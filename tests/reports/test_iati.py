"""The programme published in IATI 2.03: the file, its validation, the command and the download."""

import datetime as dt
import gc
import tracemalloc
import types
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from ogop.demo.loader import load_demo
from ogop.demo.programme_synthetic import generate_programme
from ogop.places.models import Area
from ogop.programme.models import (
    Activity,
    ActivityKind,
    OrganisationRole,
    Participation,
    Programme,
    ProgrammeSector,
)
from ogop.reports import iati
from ogop.reports.iati import check_exportable, organisation_type, split_by_year, write_iati
from ogop.reports.iati_validation import validate
from ogop.results.computations import period_actual, period_disaggregated_actuals
from ogop.results.models import Computation, Dimension, Disaggregation, IndicatorMeasure
from tests.factories import ProducerGroupFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    IndicatorFactory,
    OrganisationFactory,
    ParticipantFactory,
    PeriodFactory,
    PersonFactory,
    ProgrammeFactory,
    ResultFactory,
    component,
    transaction,
)
from tests.supply.helpers import bought, paid

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export(*programmes: Programme, **options: int) -> bytes:
    out = BytesIO()
    write_iati(out, programmes, **options)
    return out.getvalue()


def activity_of(data: bytes, identifier: str) -> etree._Element:
    root = etree.fromstring(data)
    [found] = root.xpath("iati-activity[iati-identifier=$id]", id=identifier)
    return found


def serialise(root: etree._Element) -> bytes:
    """The document again, with its declaration, so that line numbers stay the same."""
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")


def narratives(element: etree._Element) -> dict[str | None, str]:
    return {n.get(XML_LANG): n.text for n in element.findall("narrative")}


@pytest.fixture
def programme(db: None) -> Programme:
    """A small programme that can be published: organisations, a sector, one activity."""
    programme = ProgrammeFactory(
        identifier="TH-GOV-7-OGOP", reporting_organisation__iati_identifier="TH-GOV-7"
    )
    Participation.objects.create(
        programme=programme,
        organisation=programme.reporting_organisation,
        role=OrganisationRole.FUNDING,
    )
    ProgrammeSector.objects.create(programme=programme, code="31120")
    return programme


# The file is valid ----------------------------------------------------------------------------


def test_generated_programme_exports_valid_iati(db):
    programme = generate_programme(activities=30, seed=3)
    gewog = Area.objects.get(code="BT-33-03")
    ActivityFactory(
        component=component(programme, 1),
        title_en="Honey training",
        title_th="การฝึกอบรมน้ำผึ้ง",
        title_dz=gewog.name_dz,
        area=gewog,
        start_planned=dt.date(2017, 12, 20),
        end_planned=dt.date(2018, 1, 10),
    )
    assert check_exportable(programme) == []

    data = export(programme)

    assert validate(data) == []
    root = etree.fromstring(data)
    assert root.get("version") == "2.03"
    assert len(root.findall("iati-activity")) == 32
    parent = root.find("iati-activity")
    assert parent.get("hierarchy") == "1"
    assert len(parent.findall("related-activity[@type='2']")) == 31
    assert {tag.get("code") for tag in parent.findall("tag")} == {"17", "17.9"}
    assert len(parent.findall("result")) == 3


def test_demo_programmes_export_valid_iati(db):
    load_demo()
    programmes = list(Programme.objects.all())
    assert programmes

    for programme in programmes:
        assert check_exportable(programme) == [], programme.identifier
        assert validate(export(programme)) == [], programme.identifier


# The validator catches what is wrong ----------------------------------------------------------


def test_validator_catches_an_element_out_of_order(programme):
    root = etree.fromstring(export(programme))
    activity = root.find("iati-activity")
    activity.insert(0, activity.find("title"))  # the title before the identifier

    errors = validate(serialise(root))

    assert len(errors) == 1
    assert "'title': This element is not expected" in errors[0]


def test_validator_catches_codes_not_in_their_codelist(programme):
    root = etree.fromstring(export(programme))
    activity = root.find("iati-activity")
    activity.find("activity-status").set("code", "9")
    activity.find("sector").set("code", "99999")

    errors = validate(serialise(root))

    assert len(errors) == 2
    assert "activity-status/@code is “9”" in errors[0]
    assert "ActivityStatus codelist" in errors[0]
    assert "sector/@code is “99999”, which is not in the Sector codelist" in errors[1]


def test_validator_checks_a_code_only_under_its_condition(programme):
    root = etree.fromstring(export(programme))
    sector = root.find("iati-activity/sector")
    sector.set("vocabulary", "99")  # the reporting organisation's own codes: no codelist
    sector.set("code", "OWN-1")

    assert validate(serialise(root)) == []


def test_validator_names_a_withdrawn_code(programme):
    root = etree.fromstring(export(programme))
    activity = root.find("iati-activity")
    activity.set("default-currency", "BYR")  # withdrawn in 2018

    assert validate(serialise(root)) == [
        f"Line {activity.sourceline}: iati-activity/@default-currency is “BYR”, which is "
        "withdrawn from the Currency codelist."
    ]


def test_validator_reports_a_file_that_is_not_xml():
    assert validate(b"<iati-activities>")[0].startswith("The file is not well-formed XML")


def test_validator_reads_a_file_by_path(programme, tmp_path):
    path = tmp_path / "iati.xml"
    path.write_bytes(export(programme))

    assert validate(path) == []


# What the file says ---------------------------------------------------------------------------


def test_narratives_in_each_language_that_has_text(programme):
    gewog = Area.objects.get(code="BT-33-03")
    trilingual = ActivityFactory(
        component=component(programme, 1),
        title_en="Honey training",
        title_th="การฝึกอบรมน้ำผึ้ง",
        title_dz=gewog.name_dz,
    )
    english = ActivityFactory(component=component(programme, 2), title_en="Expert mission")

    data = export(programme)

    assert validate(data) == []
    titles = narratives(activity_of(data, trilingual.iati_identifier).find("title"))
    assert titles == {None: "Honey training", "th": "การฝึกอบรมน้ำผึ้ง", "dz": gewog.name_dz}
    assert narratives(activity_of(data, english.iati_identifier).find("title")) == {
        None: "Expert mission"
    }
    assert etree.fromstring(data).find("iati-activity").get(XML_LANG) == "en"


def test_child_description_names_its_kind_and_component(programme):
    activity = ActivityFactory(
        component=component(programme, 2),
        kind=ActivityKind.EXPERT_MISSION,
        description_en="Two weeks on honey.",
    )

    child = activity_of(export(programme), activity.iati_identifier)

    assert narratives(child.find("description"))[None] == (
        "Two weeks on honey.\nExpert mission under component 2: Thai experts."
    )
    assert child.find("related-activity").attrib == {
        "ref": programme.identifier,
        "type": "1",
    }


def test_parent_description_lists_the_components(programme):
    programme.title_th = "โครงการ OGOP"
    programme.save()

    parent = activity_of(export(programme), programme.identifier)

    description = narratives(parent.find("description"))
    assert "1. Training, study visits and workshops" in description[None]
    assert "7. Monitoring and evaluation" in description[None]
    assert "ผู้เชี่ยวชาญไทย" in description["th"]


def test_child_location_point_name_or_country(programme):
    dzongkhag = Area.objects.get(code="BT-33")
    gewog = Area.objects.get(code="BT-33-03")
    first = component(programme, 1)
    placed = ActivityFactory(component=first, area=dzongkhag)
    named = ActivityFactory(component=first, area=gewog)
    abroad = ActivityFactory(component=first, kind=ActivityKind.STUDY_VISIT, country="TH")

    data = export(programme)

    assert validate(data) == []
    point = activity_of(data, placed.iati_identifier).find("location/point")
    assert point.get("srsName") == "http://www.opengis.net/def/crs/EPSG/0/4326"
    assert point.findtext("pos") == f"{dzongkhag.latitude:f} {dzongkhag.longitude:f}"
    location = activity_of(data, named.iati_identifier).find("location")
    assert narratives(location.find("name"))[None] == "Tang"
    assert location.find("point") is None
    location = activity_of(data, abroad.iati_identifier).find("location")
    assert location.find("administrative").attrib == {"vocabulary": "A4", "code": "TH"}
    assert narratives(location.find("name")) == {None: "Thailand"}


def test_activity_budget_is_split_by_year(programme):
    activity = ActivityFactory(
        component=component(programme, 1),
        start_planned=dt.date(2016, 12, 1),
        end_planned=dt.date(2017, 1, 31),
        budget=Decimal("6200.00"),
    )

    child = activity_of(export(programme), activity.iati_identifier)

    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.findtext("value"),
        )
        for b in child.findall("budget")
    ]
    assert budgets == [
        ("2016-12-01", "2016-12-31", "3100.00"),
        ("2017-01-01", "2017-01-31", "3100.00"),
    ]


def test_split_by_year_adds_up_to_the_total():
    pieces = split_by_year(Decimal("1000.00"), dt.date(2016, 11, 1), dt.date(2018, 2, 1), "THB")

    assert [(start.year, end.year) for start, end, _amount in pieces] == [
        (2016, 2016),
        (2017, 2017),
        (2018, 2018),
    ]
    assert sum(amount for _start, _end, amount in pieces) == Decimal("1000.00")


def test_programme_budget_sums_components_per_year_within_the_programme(programme):
    Programme.objects.filter(pk=programme.pk).update(start_planned=dt.date(2016, 4, 1))
    programme.refresh_from_db()
    ComponentBudgetFactory(component=component(programme, 1), year=2016, amount=Decimal(100))
    ComponentBudgetFactory(component=component(programme, 2), year=2016, amount=Decimal(50))
    ComponentBudgetFactory(component=component(programme, 2), year=2017, amount=Decimal(70))

    parent = activity_of(export(programme), programme.identifier)

    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.findtext("value"),
            b.find("value").get("currency"),
        )
        for b in parent.findall("budget")
    ]
    assert budgets == [
        ("2016-04-01", "2016-12-31", "150.00", "THB"),
        ("2017-01-01", "2017-12-31", "70.00", "THB"),
    ]


def test_transactions_are_reported_once_at_their_level(programme):
    activity = ActivityFactory(component=component(programme, 1))
    transaction(programme, "500", kind="2", component=component(programme, 1))
    txn = transaction(programme, "120", activity=activity, component=activity.component)
    txn.description = "ค่าเดินทาง\x0b"  # a vertical tab, which XML cannot carry
    txn.save()

    data = export(programme)

    parent = activity_of(data, programme.identifier)
    assert [t.findtext("value") for t in parent.findall("transaction")] == ["500.00"]
    [child_transaction] = activity_of(data, activity.iati_identifier).findall("transaction")
    assert narratives(child_transaction.find("description")) == {"th": "ค่าเดินทาง"}
    assert child_transaction.find("transaction-type").get("code") == "3"
    assert child_transaction.find("value").attrib == {"currency": "THB", "value-date": "2017-06-01"}


def test_participating_organisations_and_reporting_org(programme):
    partner = OrganisationFactory(kind="university", country="BT", iati_identifier="")
    Participation.objects.create(
        programme=programme, organisation=partner, role=OrganisationRole.IMPLEMENTING
    )
    activity = ActivityFactory(component=component(programme, 1))

    data = export(programme)

    parent = activity_of(data, programme.identifier)
    assert parent.find("reporting-org").attrib == {"ref": "TH-GOV-7", "type": "10"}
    assert [o.attrib for o in parent.findall("participating-org")] == [
        {"ref": "TH-GOV-7", "type": "10", "role": "1"},
        {"type": "80", "role": "4"},
    ]
    child = activity_of(data, activity.iati_identifier)
    assert [o.get("role") for o in child.findall("participating-org")] == ["1", "4"]


def test_organisation_type_of_private_organisations_depends_on_their_country(programme):
    here = OrganisationFactory(kind="producer_group", country="BT")
    there = OrganisationFactory(kind="producer_group", country="TH")
    elsewhere = OrganisationFactory(kind="buyer", country="JP")

    types_found = [organisation_type(o, programme) for o in (here, there, elsewhere)]

    assert types_found == ["72", "71", "70"]


def test_qualitative_indicator_publishes_no_values(programme):
    indicator = IndicatorFactory(
        result=ResultFactory(programme=programme),
        measure=IndicatorMeasure.QUALITATIVE,
        baseline_year=2015,
        baseline_value=Decimal(3),
    )
    PeriodFactory(indicator=indicator, target=Decimal(5), actual=Decimal(4), comment="Better")

    data = export(programme)

    assert validate(data) == []
    found = activity_of(data, programme.identifier).find("result/indicator")
    assert found.find("baseline").attrib == {"year": "2015"}
    period = found.find("period")
    assert period.find("target") is None
    assert period.find("actual").attrib == {}
    assert narratives(period.find("actual/comment")) == {None: "Better"}


def test_result_with_disaggregated_targets_and_actuals(programme):
    result = ResultFactory(programme=programme)
    indicator = IndicatorFactory(result=result, baseline_year=2015, baseline_value=Decimal(0))
    period = PeriodFactory(indicator=indicator, target=Decimal(10), actual=Decimal(8))
    Disaggregation.objects.create(
        period=period, dimension=Dimension.SEX, category="female", target=6, actual=5
    )

    data = export(programme)

    assert validate(data) == []
    found = activity_of(data, programme.identifier).find("result/indicator")
    assert found.attrib == {"measure": "1", "ascending": "1"}
    assert found.find("baseline").attrib == {"year": "2015", "value": "0.00"}
    period_element = found.find("period")
    assert [t.get("value") for t in period_element.findall("target")] == ["10.00", "6.00"]
    assert period_element.find("target[2]/dimension").attrib == {
        "name": "sex",
        "value": "female",
    }
    assert [a.get("value") for a in period_element.findall("actual")] == ["8.00", "5.00"]


def test_computed_indicator_takes_its_actuals_from_the_computations(programme, monkeypatch):
    indicator = IndicatorFactory(
        result=ResultFactory(programme=programme), computation=Computation.PEOPLE_TRAINED
    )
    period = PeriodFactory(indicator=indicator, actual=Decimal(1))
    computed = types.SimpleNamespace(total=Decimal(42), by={("sex", "female"): Decimal(30)})
    monkeypatch.setattr(
        iati,
        "programme_computed_values",
        lambda programme: {(Computation.PEOPLE_TRAINED, (period.start, period.end)): computed},
    )

    found = activity_of(export(programme), programme.identifier).find("result/indicator/period")

    assert [a.get("value") for a in found.findall("actual")] == ["42", "30"]
    assert found.find("actual[2]/dimension").attrib == {"name": "sex", "value": "female"}


def test_the_farmers_income_flows_to_the_results_as_computed(programme):
    """Members paid (by sex and dzongkhag) and kilograms bought, counted from the supply."""
    group = ProducerGroupFactory(area=area("BT-33-03"), members_female=6, members_male=3)
    ActivityFactory(component=component(programme, 1)).producer_groups.add(group)
    paid(group, dt.date(2017, 3, 1), "100")
    bought(group, dt.date(2017, 3, 1), "120.5")
    result = ResultFactory(programme=programme)
    members = IndicatorFactory(result=result, computation=Computation.MEMBERS_PAID, position=1)
    kilograms = IndicatorFactory(result=result, computation=Computation.BOUGHT_KG, position=2)
    for indicator in (members, kilograms):
        PeriodFactory(indicator=indicator, start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31))

    data = export(programme)

    assert validate(data) == []
    first, second = activity_of(data, programme.identifier).findall("result/indicator")

    def actuals(indicator):
        return [
            (a.get("value"), a.find("dimension") is not None and dict(a.find("dimension").attrib))
            for a in indicator.findall("period/actual")
        ]

    assert actuals(first) == [
        ("9", False),
        ("6", {"name": "sex", "value": "female"}),
        ("3", {"name": "sex", "value": "male"}),
        ("9", {"name": "area", "value": "BT-33"}),
    ]
    # The same on every database: none of the zeros the quantities' column keeps.
    assert actuals(second) == [("120.5", False), ("120.5", {"name": "area", "value": "BT-33"})]


def _trained_by_year(programme: Programme, years: list[int]) -> list:
    """A people-trained indicator with a period a year, and trainees in two dzongkhags."""
    indicator = IndicatorFactory(
        result=ResultFactory(programme=programme), computation=Computation.PEOPLE_TRAINED
    )
    for year in (2016, 2017):
        training = ActivityFactory(
            component=component(programme, 1),
            start_planned=dt.date(year, 3, 1),
            end_planned=dt.date(year, 3, 5),
        )
        for code, sex in [("BT-33-03", "female"), ("BT-15-08", "male"), ("BT-15-08", "")]:
            person = PersonFactory(sex=sex, producer_group=ProducerGroupFactory(area=area(code)))
            ParticipantFactory(activity=training, person=person)
    return [
        PeriodFactory(indicator=indicator, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        for year in years
    ]


def test_computed_actuals_are_those_of_the_computations(programme):
    periods = _trained_by_year(programme, [2016, 2017, 2018])

    data = export(programme)

    assert validate(data) == []
    found = activity_of(data, programme.identifier).findall("result/indicator/period")
    for period, element in zip(periods, found, strict=True):
        actuals = [
            (a.get("value"), a.find("dimension") is not None and a.find("dimension").attrib)
            for a in element.findall("actual")
        ]
        expected = [(f"{period_actual(period):f}", False)] + [
            (f"{value:f}", {"name": dimension, "value": category})
            for (dimension, category), value in period_disaggregated_actuals(period).items()
        ]
        assert actuals == expected
    assert [a.get("value") for a in found[0].findall("actual")][:4] == ["3", "1", "1", "1"]


def test_computed_periods_take_the_same_queries_whatever_their_number(programme):
    _trained_by_year(programme, [2016])
    with CaptureQueriesContext(connection) as one:
        export(programme)
    _trained_by_year(programme, [2016, 2017, 2018])
    with CaptureQueriesContext(connection) as three:
        export(programme)

    assert len(three) == len(one)


# What stops an export -------------------------------------------------------------------------


def test_a_programme_that_can_be_published_has_no_problems(programme):
    assert check_exportable(programme) == []


def test_check_names_what_is_missing(db):
    programme = ProgrammeFactory(
        identifier="XX-OGOP-1",
        reporting_organisation__iati_identifier="",
        sdg_goals="17, 18",
        sdg_targets="17.99",
    )
    ProgrammeSector.objects.create(programme=programme, code="31120", percentage=60)
    ProgrammeSector.objects.create(programme=programme, code="12345", percentage=30)
    ResultFactory(programme=programme, title_en="Orphan result")
    Programme.objects.filter(pk=programme.pk).update(currency="XXX", default_aid_type="Z99")
    programme.refresh_from_db()

    problems = check_exportable(programme)

    name = programme.reporting_organisation.name
    assert problems == [
        f"The reporting organisation “{name}” has no IATI organisation identifier.",
        "The programme has no participating organisations: name at least the funding one.",
        "The sector code “12345” is not in vocabulary 1.",
        "The percentages of the sectors in vocabulary 1 add up to 90, not 100.",
        "“18” is not an SDG goal.",
        "“17.99” is not an SDG target.",
        "“XXX” is not an IATI currency code.",
        "The aid type “Z99” is not in the IATI codelist.",
        "The result “Orphan result” has no indicator: IATI asks for at least one.",
    ]


def test_check_wants_the_identifier_to_start_with_the_reporting_organisation(programme):
    Programme.objects.filter(pk=programme.pk).update(identifier="TH-GOV-8-OGOP")
    programme.refresh_from_db()

    assert check_exportable(programme) == [
        "The programme's IATI identifier “TH-GOV-8-OGOP” does not start with its reporting "
        "organisation's identifier and a hyphen (“TH-GOV-7-”)."
    ]


def test_check_refuses_actual_dates_in_the_future(programme):
    ActivityFactory(
        component=component(programme, 1),
        start_planned=dt.date(2017, 1, 1),
        start_actual=dt.date.today() + dt.timedelta(days=3),
    )

    assert check_exportable(programme) == ["1 activity has an actual start or end in the future."]


def test_check_wants_a_sector(programme):
    programme.sectors.all().delete()

    assert check_exportable(programme) == [
        "The programme has no sector: give at least one, with its percentage."
    ]


# Streaming -----------------------------------------------------------------------------------


class Measure:
    """A file that keeps only how many writes it had and the largest one."""

    def __init__(self) -> None:
        self.writes = self.largest = 0

    def write(self, data: bytes) -> None:
        self.writes += 1
        self.largest = max(self.largest, len(data))


def _export_measured(programme: Programme) -> tuple[int, Measure]:
    """Peak Python memory while exporting, and what was written."""
    out = Measure()
    gc.collect()
    tracemalloc.start()
    try:
        write_iati(out, [programme], chunk_size=50)  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1], out
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_activities(db):
    small = generate_programme(activities=100, seed=11, results=1)
    large = generate_programme(activities=400, seed=12, results=1)
    _export_measured(small)  # warm the caches: schema, codelists, translations

    (small_peak, small_out), (large_peak, large_out) = map(_export_measured, (small, large))

    # The records are read a chunk at a time and let go ...
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
    # ... and the file goes out an activity at a time, never as one whole tree.
    assert large_out.writes > 400
    assert large_out.largest < small_out.largest * 1.5, (small_out.largest, large_out.largest)


def test_queries_do_not_grow_with_the_number_of_activities(db):
    small = generate_programme(activities=20, seed=21, results=1)
    large = generate_programme(activities=60, seed=22, results=1)

    counts = []
    for programme in (small, large):
        with CaptureQueriesContext(connection) as queries:
            export(programme, chunk_size=1_000)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_generator_is_deterministic_and_replaces_its_earlier_programme(db):
    first = generate_programme(activities=5, seed=4)
    titles = list(
        Activity.objects.filter(component__programme=first).values_list("title_en", "budget")
    )

    again = generate_programme(activities=5, seed=4)

    assert Programme.objects.filter(identifier=again.identifier).count() == 1
    assert (
        list(Activity.objects.filter(component__programme=again).values_list("title_en", "budget"))
        == titles
    )


# The command --------------------------------------------------------------------------------


def test_command_writes_the_file_to_standard_output(programme):
    ActivityFactory(component=component(programme, 1), title_th="การฝึกอบรม")
    out, err = StringIO(), StringIO()

    call_command("export", "iati", "--programme", programme.identifier, stdout=out, stderr=err)

    data = out.getvalue().encode()
    assert validate(data) == []
    assert "การฝึกอบรม" in out.getvalue()
    assert "writing activities" in err.getvalue()  # the progress bar


def test_command_finds_the_programme_by_id_and_writes_to_a_file(programme, tmp_path):
    path = tmp_path / "iati.xml"

    call_command(
        "export", "iati", "--programme", str(programme.pk), "-o", str(path), "--no-progress"
    )

    assert validate(path) == []


def test_command_refuses_a_programme_without_reporting_identifier(programme, tmp_path):
    programme.reporting_organisation.iati_identifier = ""
    programme.reporting_organisation.save()
    out, path = StringIO(), tmp_path / "iati.xml"

    with pytest.raises(CommandError, match="has no IATI organisation identifier"):
        call_command("export", "iati", stdout=out, stderr=StringIO())
    with pytest.raises(CommandError, match="The IATI file was not written"):
        call_command("export", "iati", "-o", str(path))

    assert out.getvalue() == ""
    assert list(tmp_path.iterdir()) == []


def test_command_names_an_unknown_programme(db):
    with pytest.raises(CommandError, match="No programme has the id or IATI identifier “nope”"):
        call_command("export", "iati", "--programme", "nope")


def test_command_says_when_there_is_no_programme(db):
    with pytest.raises(CommandError, match="There is no programme to export"):
        call_command("export", "iati")


def test_command_keeps_each_option_to_its_kind(db):
    with pytest.raises(CommandError, match="--format is for producers and products"):
        call_command("export", "iati", "--format", "xlsx")
    with pytest.raises(CommandError, match="--programme is for the iati export"):
        call_command("export", "products", "--programme", "1")
    with pytest.raises(CommandError, match="An XLSX file is binary"):
        call_command("export", "products", "--format", "xlsx", stdout=StringIO())


# The download --------------------------------------------------------------------------------


def test_officer_downloads_a_valid_file(client, officer, programme):
    ActivityFactory(component=component(programme, 1))
    client.force_login(officer)

    response = client.get(reverse("programme_iati", args=[programme.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == 'attachment; filename="TH-GOV-7-OGOP.xml"'
    assert validate(b"".join(response.streaming_content)) == []


def test_anonymous_is_sent_to_log_in(client, programme):
    response = client.get(reverse("programme_iati", args=[programme.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_producer_may_not_download(client, producer, programme):
    client.force_login(producer)

    response = client.get(reverse("programme_iati", args=[programme.pk]))

    assert response.status_code == 404  # a producer may not see the programme


def test_download_of_an_invalid_programme_says_what_is_missing(client, officer, programme):
    programme.participations.all().delete()
    client.force_login(officer)

    response = client.get(reverse("programme_iati", args=[programme.pk]))

    assert response.status_code == 409
    assert "The programme has no participating organisations" in response.content.decode()
