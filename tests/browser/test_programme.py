"""The programme in a real browser: its page, the plan's timeline with a late activity, the
dashboard's charts, and the report downloaded as a PDF in Thai."""

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.reports.test_dashboard import build_programme
from tests.reports.test_programme_report import THAI_TITLE, comparable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(transactional_db: None) -> Any:
    """The dashboard's programme counted by hand (2016–2018): its open activities are late."""
    return build_programme()


def test_officer_follows_the_programme_from_its_page_to_the_pdf_report(
    page: Page, programme: Any, artifacts: Path, tmp_path: Path
) -> None:
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))

    # The programme's page.
    page.goto(reverse("programme_detail", args=[programme.pk]))
    expect(page.locator("h1")).to_contain_text("OGOP support")

    # The plan: a timeline with bars, and a marker on the late activity.
    page.goto(reverse("programme_plan", args=[programme.pk]))
    timeline = page.locator(".gantt-chart svg")
    expect(timeline).to_be_visible()
    assert timeline.locator("rect.planned").count() >= 5
    late = timeline.locator("g.gantt-row.late")
    expect(late.first).to_be_visible()
    expect(late.first.locator("text", has_text="late")).to_be_visible()

    # The dashboard: figures and six charts drawn by the server.
    page.goto(reverse("programme_dashboard", args=[programme.pk]))
    expect(page.locator("#dashboard-budget")).to_have_text("350,000.00 THB")
    expect(page.locator("#dashboard-trained")).to_have_text("4")
    charts = page.locator("figure.chart svg.wide")
    expect(charts).to_have_count(6)
    expect(page.locator("#indicators svg.wide line.target")).to_have_count(3)
    page.screenshot(path=str(artifacts / "programme-dashboard.png"), full_page=True)

    # In Thai, the PDF report carries the programme's Thai title.
    with page.expect_navigation():
        page.select_option("#language-select", "th")
    expect(page.locator("h1")).to_contain_text(THAI_TITLE)
    expect(page.locator("#money-by-year tbody td").first).to_have_text("2559")
    with page.expect_download() as download_info:
        page.click("#report-pdf")
    download = download_info.value
    assert download.suggested_filename == f"{programme.identifier}-report.pdf"
    pdf = tmp_path / "report.pdf"
    download.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert comparable(THAI_TITLE) in comparable(text)
    assert "มกราคม 2559" in text
