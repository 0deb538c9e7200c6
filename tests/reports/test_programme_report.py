"""The programme report: a workbook with a sheet per section, and a PDF whose Thai text is
set in a Thai font, with Buddhist-Era dates for a Thai reader."""

import datetime as dt
import io
import subprocess
import unicodedata
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from ogop.accounts.models import Role
from ogop.core.charts import print_chart
from ogop.programme.metrics import beneficiary_groups
from ogop.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    BusinessPlan,
    Delivery,
    Mission,
    MissionKind,
    PromotionItem,
    PromotionKind,
)
from ogop.programme.services import business_plan_save
from ogop.reports.dashboard import dashboard_charts, programme_dashboard
from ogop.reports.programme_report import report_sheets, report_xlsx
from tests.factories import ProducerGroupFactory, ProductFactory
from tests.programme.factories import ActivityFactory, PersonFactory, component
from tests.reports.test_dashboard import TODAY, build_programme
from tests.supply.helpers import paid

pytestmark = pytest.mark.django_db

THAI_TITLE = "โครงการสนับสนุนโอจีโอพี"
SHEETS = [
    "Summary",
    "Components and budgets",
    "Activities",
    "Transactions",
    "People trained",
    "Participants",
    "Missions",
    "Deliveries",
    "Promotion",
    "Business plans",
    "Results and indicators",
    "Indicators by sex and area",
]


class ReaderWithoutPeople:
    """A reader who may export the programme but not see people's personal data."""

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return perm != "programme.view_person"


@pytest.fixture
def programme():
    """The dashboard's programme, with field work: missions, deliveries, promotion, plans."""
    programme = build_programme()
    trained = Activity.objects.get(
        component__programme=programme,
        kind=ActivityKind.TRAINING,
        status=ActivityStatus.IMPLEMENTATION,
    )
    served = trained.producer_groups.get()
    mission_activity = ActivityFactory(
        component=component(programme, 2),
        kind=ActivityKind.EXPERT_MISSION,
        status=ActivityStatus.CLOSED,
    )
    expert = PersonFactory(name="Somchai Expert")
    Mission.objects.create(
        activity=mission_activity,
        person=expert,
        kind=MissionKind.EXPERT,
        expertise="Packaging design",
        host_group=served,
        start=dt.date(2017, 4, 3),
        end=dt.date(2017, 4, 12),
    )
    # Not linked to one of the programme's activities: not the programme's.
    Mission.objects.create(
        person=PersonFactory(name="Elsewhere"),
        kind=MissionKind.VOLUNTEER,
        expertise="Not this programme",
        host_group=served,
        start=dt.date(2017, 6, 1),
        end=dt.date(2017, 6, 2),
    )
    Mission.objects.create(
        activity=mission_activity,
        person=PersonFactory(name="Nid Volunteer"),
        kind=MissionKind.VOLUNTEER,
        expertise="Bookkeeping",
        host_group=served,
        start=dt.date(2017, 6, 1),
        end=dt.date(2017, 6, 30),
    )
    delivery_activity = ActivityFactory(
        component=component(programme, 4),
        kind=ActivityKind.EQUIPMENT_DELIVERY,
        status=ActivityStatus.CLOSED,
    )
    Delivery.objects.create(
        activity=delivery_activity,
        producer_group=served,
        item='=HYPERLINK("http://example.org")',
        quantity=D("2"),
        unit="set",
        value=D("45000"),
        currency="THB",
        delivered_on=dt.date(2017, 5, 10),
    )
    Delivery.objects.create(
        producer_group=served,
        item="Not for this programme",
        quantity=D("1"),
        value=D("10"),
        currency="THB",
        delivered_on=dt.date(2017, 5, 10),
    )
    PromotionItem.objects.create(
        programme=programme,
        kind=PromotionKind.BROCHURE,
        title="OGOP brochure",
        published_on=dt.date(2017, 8, 1),
        reach=5000,
    )
    for price in ("100", "110"):  # two versions: the report gives the latest
        business_plan_save(
            plan=BusinessPlan(
                producer_group=served,
                product=served.products.first(),
                prepared_on=dt.date(2017, 9, 1),
                fixed_costs=D("12000"),
                variable_cost=D("40"),
                price=D(price),
                expected_volume=500,
            ),
            user=None,
        )
    other = ProducerGroupFactory()
    business_plan_save(
        plan=BusinessPlan(
            producer_group=other,
            product=ProductFactory(producer_group=other),
            prepared_on=dt.date(2017, 9, 1),
            fixed_costs=D("1"),
            variable_cost=D("1"),
            price=D("2"),
            expected_volume=1,
        ),
        user=None,
    )
    return programme


@pytest.fixture
def dashboard(programme):
    return programme_dashboard(programme, today=TODAY)


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


# The workbook -----------------------------------------------------------------------------------


def test_workbook_has_a_sheet_per_section(dashboard, officer):
    assert workbook(report_xlsx(dashboard, user=officer)).sheetnames == SHEETS


def test_without_the_right_to_see_people_there_are_no_names(dashboard):
    book = workbook(report_xlsx(dashboard, user=ReaderWithoutPeople()))
    assert book.sheetnames == [name for name in SHEETS if name != "Participants"]
    missions = rows(book["Missions"])
    assert "Expert or volunteer" not in missions[0]
    every_cell = {cell for sheet in book.worksheets for row in rows(sheet) for cell in row}
    assert "Somchai Expert" not in every_cell


def test_summary_carries_the_dashboards_figures_as_numbers(dashboard, officer):
    summary = dict(rows(workbook(report_xlsx(dashboard, user=officer))["Summary"])[1:])
    assert summary["Title"] == "OGOP support"
    assert summary["Budget"] == 350000
    assert summary["Committed"] == 80000
    assert summary["Spent"] == 90000
    assert summary["Activities late"] == 1
    assert summary["People trained"] == 4
    assert summary["People trained: sex not recorded"] == 1
    assert summary["Paid to producer groups"] == 0  # nothing paid yet
    assert summary["Producer groups paid"] == 0
    assert summary["Planned start"] == dt.datetime(2016, 1, 1)


def test_summary_carries_the_farmers_income(programme, officer):
    group = beneficiary_groups(programme).order_by("pk").first()
    paid(group, dt.date(2017, 3, 1), "600", currency="THB")
    dashboard = programme_dashboard(programme, today=TODAY)
    summary = dict(rows(workbook(report_xlsx(dashboard, user=officer))["Summary"])[1:])
    assert summary["Paid to producer groups"] == 600
    assert summary["Producer groups paid"] == 1
    assert (
        summary["Members of the groups paid: women"],
        summary["Members of the groups paid: men"],
    ) == (5, 4)


def test_components_sheet_gives_each_component_by_year_then_all_years(dashboard, officer):
    sheet = rows(workbook(report_xlsx(dashboard, user=officer))["Components and budgets"])
    assert sheet[0] == ("Component", "Year", "Budget (THB)", "Committed (THB)", "Spent (THB)")
    training = [row for row in sheet if row[0] == "1. Training, study visits and workshops"]
    assert training == [
        ("1. Training, study visits and workshops", 2016, 100000, 80000, 30000),
        ("1. Training, study visits and workshops", 2017, 200000, 0, 20000),
        ("1. Training, study visits and workshops", 2018, 0, 0, 0),
        ("1. Training, study visits and workshops", "All years", 300000, 80000, 50000),
    ]
    assert sheet[-1] == ("All components", "All years", 350000, 80000, 90000)


def test_a_thai_reader_gets_buddhist_era_years(dashboard, officer):
    with translation.override("th"):
        sheet = workbook(report_xlsx(dashboard, user=officer)).worksheets[1]
    assert {row[1] for row in rows(sheet)[1:4]} == {2559, 2560, 2561}


def _date_cells(book: openpyxl.Workbook) -> list:
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.is_date
    ]


@pytest.mark.parametrize(
    ("language", "years", "calendar"),
    [("th", {2559, 2560, 2561}, "[$-107041E]"), ("en", {2016, 2017, 2018}, None)],
)
def test_each_workbook_has_one_calendar_the_readers(dashboard, officer, language, years, calendar):
    """In Thai, the date cells show the Buddhist Era, as the year columns count it; in English
    both are Gregorian. A date stays a date cell either way."""
    with translation.override(language):
        book = workbook(report_xlsx(dashboard, user=officer))
    assert {row[1] for row in rows(book.worksheets[1])[1:4]} == years
    dates = _date_cells(book)
    assert len(dates) > 10
    for cell in dates:
        if calendar:
            assert cell.number_format.startswith(calendar), (cell.coordinate, cell.number_format)
            assert "yyyy" in cell.number_format
        else:
            assert "[$-" not in cell.number_format, (cell.coordinate, cell.number_format)


def test_activities_and_transactions_have_dates_and_amounts(dashboard, officer):
    book = workbook(report_xlsx(dashboard, user=officer))
    activities = book["Activities"]
    header = rows(activities)[0]
    assert len(rows(activities)) == 1 + 7
    assert activities.cell(2, header.index("Planned start") + 1).is_date
    late = [row for row in rows(activities)[1:] if row[header.index("Late")] == "yes"]
    assert [row[header.index("Kind")] for row in late] == ["workshop"]
    transactions = rows(book["Transactions"])
    assert len(transactions) == 1 + 5
    usd = next(row for row in transactions if row[6] == "USD")
    assert (usd[5], usd[7], usd[8]) == (1000, 35, 35000)


def test_people_trained_sheet_counts_by_activity_then_each_person_once(dashboard, officer):
    sheet = rows(workbook(report_xlsx(dashboard, user=officer))["People trained"])
    by_title = {row[0]: row[3:] for row in sheet[1:] if row and row[0]}
    assert sheet[-1][3:] == (2, 1, 1, 4)
    # The woman trained twice is in both activities, and once in the total.
    assert sum(row[0] for title, row in by_title.items() if title != sheet[-1][0]) == 3


def test_participants_sheet_names_everyone_with_their_role(dashboard, officer):
    sheet = rows(workbook(report_xlsx(dashboard, user=officer))["Participants"])
    roles = [row[6] for row in sheet[1:]]
    assert len(roles) == 7
    assert roles.count("trainer") == 1


def test_missions_deliveries_and_plans_are_those_of_the_programme(dashboard, officer):
    book = workbook(report_xlsx(dashboard, user=officer))
    missions = rows(book["Missions"])
    assert [row[2] for row in missions[1:]] == ["Packaging design", "Bookkeeping"]
    assert missions[1][1] == "Somchai Expert"
    assert missions[1][8] == 10  # days
    deliveries = rows(book["Deliveries"])
    assert len(deliveries) == 2
    plans = rows(book["Business plans"])
    header = plans[0]
    assert len(plans) == 2
    assert plans[1][header.index("Version")] == 2
    assert plans[1][header.index("Break-even volume")] == 172  # 12,000 / 70, rounded up
    assert plans[1][header.index("Expected profit")] == 23000
    assert rows(book["Promotion"])[1][2] == "OGOP brochure"


def test_text_that_looks_like_a_formula_stays_text(dashboard, officer):
    cell = workbook(report_xlsx(dashboard, user=officer))["Deliveries"]["C2"]
    assert cell.value.startswith("=HYPERLINK")
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_results_sheet_lists_every_period_with_target_actual_and_share(dashboard, officer):
    book = workbook(report_xlsx(dashboard, user=officer))
    results = rows(book["Results and indicators"])
    header = results[0]
    typed = [row for row in results[1:] if row[2] == "Groups with a plan"]
    assert [(row[header.index("Target")], row[header.index("Actual")]) for row in typed] == [
        (10, 4),
        (20, 15),
        (None, None),
    ]
    assert typed[1][header.index("% of target reached")] == 75
    computed = next(row for row in results[1:] if row[2] == "People trained")
    assert computed[header.index("Actual")] == 4
    by_sex = [row for row in rows(book["Indicators by sex and area"])[1:] if row[3] == "sex"]
    assert [(row[4], row[6]) for row in by_sex] == [
        ("female", 2),
        ("male", 1),
        ("not recorded", 1),
    ]


def test_report_sheets_take_a_bounded_number_of_queries(
    dashboard, officer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        sheets = report_sheets(dashboard, user=officer)
        for sheet in sheets:
            list(sheet.rows)


def test_xlsx_download_is_named_after_the_programme(officer_client, programme):
    response = officer_client.get(reverse("programme_report_xlsx", args=[programme.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{programme.identifier}-report.xlsx"'
    )
    assert workbook(response.content).sheetnames == SHEETS


@pytest.mark.parametrize("name", ["programme_report_xlsx", "programme_report_pdf"])
@pytest.mark.parametrize("role", [Role.PRODUCER, Role.ASSESSOR, Role.EXPERT])
def test_only_programme_staff_export_the_report(client_as, programme, name, role):
    client = client_as(role)
    assert client.get(reverse(name, args=[programme.pk])).status_code == 404


# The PDF ----------------------------------------------------------------------------------------


def pdf_text(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(font name without its subset prefix, embedded: yes or no) for each font of the PDF."""
    pdf = tmp_path / "fonts.pdf"
    pdf.write_bytes(data)
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        embedded = parts[-5]  # name, type…, encoding, emb, sub, uni, object, id
        fonts.append((parts[0].split("+", 1)[-1], embedded))
    return fonts


def comparable(text: str) -> str:
    """Thai text as pdftotext gives it back and as it was written, made comparable: it may
    split a syllable with a space before an upper vowel, and return SARA AM without its
    NIKHAHIT; nothing else is forgiven."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("\u0e4d", "")


THAI_FONTS = ("Loma", "Garuda", "Norasi", "Kinnari", "Laksaman", "Waree", "Sawasdee")


def test_pdf_has_the_title_and_the_figures(officer_client, programme, tmp_path):
    response = officer_client.get(reverse("programme_report_pdf", args=[programme.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{programme.identifier}-report.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert "Programme report: OGOP support" in text
    assert "350,000.00 THB" in text
    assert "1 January 2016 – 31 December 2018" in text
    assert "Indicators against their targets" in text
    assert "Groups with a plan" in text


@pytest.mark.parametrize("illustrative", [True, False])
def test_pdf_cover_says_whether_the_figures_are_made_up(
    officer_client, programme, tmp_path, illustrative
):
    programme.is_illustrative = illustrative
    programme.save()
    response = officer_client.get(reverse("programme_report_pdf", args=[programme.pk]))
    text = " ".join(pdf_text(response.content, tmp_path).split())
    cover = text[: text.index("Budget and spending")]
    assert ("made up for the demonstration" in cover) is illustrative
    assert ("illustrative" in cover) is illustrative  # on the budget and spending figures


def test_pdf_in_thai_has_the_thai_title_in_a_thai_font_and_buddhist_era_dates(
    officer_client, programme, tmp_path
):
    url = reverse("programme_report_pdf", args=[programme.pk]) + "?lang=th"
    data = officer_client.get(url).content
    text = pdf_text(data, tmp_path)
    assert comparable(THAI_TITLE) in comparable(text)
    assert "1 มกราคม 2559" in text
    assert "31 ธันวาคม 2561" in text
    assert "2016" not in text
    assert "\u25cc" not in text  # no mark drawn apart from its letter
    embedded = {name for name, emb in pdf_fonts(data, tmp_path) if emb == "yes"}
    assert any(name.startswith(THAI_FONTS) for name in embedded), embedded


def test_pdf_charts_set_their_labels_as_text_beside_the_bars(dashboard):
    """Labels are HTML text in the PDF (SVG text there is laid out letter by letter, which
    tears Thai marks from their letters)."""
    charts = dashboard_charts(dashboard)
    chart = print_chart(charts["money_by_component"])
    training = chart.bars[0]
    assert training.label == "1. Training, study visits and workshops"  # whole: it wraps
    assert training.marker == 100.0  # the largest budget reaches furthest
    assert training.share == pytest.approx(50000 * 100 / 300000, abs=0.1)
    assert training.target_text == "budget 300,000.00 THB"


def test_pdf_in_dzongkha_sets_the_title_in_a_dzongkha_font(officer_client, programme, tmp_path):
    programme.title_dz = "འོ་ཇི་འོ་པི་རྒྱབ་སྐྱོར།"
    programme.save()
    url = reverse("programme_report_pdf", args=[programme.pk]) + "?lang=dz"
    data = officer_client.get(url).content
    embedded = {name for name, emb in pdf_fonts(data, tmp_path) if emb == "yes"}
    assert any(name.startswith("Jomolhari") for name in embedded), embedded
