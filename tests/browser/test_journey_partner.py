"""The partner officer's day (e.g. at Bhutan's agriculture ministry): reads the programme's
dashboard, its money and its results, charts and their tables of figures, and the report of a
fair; on the way, an officer-only page refuses them plainly, and a product's price typed below
zero is refused with the reason beside the field."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from ogop.accounts.models import Role
from tests.browser.conftest import Journey
from tests.factories import PASSWORD, ProductFactory, UserFactory
from tests.fairs.factories import ExhibitFactory, FairFactory, sale_each_day
from tests.reports.test_dashboard import build_programme

JOURNEY = "partner"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day(transactional_db: None) -> dict[str, Any]:
    """The programme the partner follows, a product of its registry, and a week-long fair with a
    sale on each day."""
    programme = build_programme()
    product = ProductFactory(name_en="Buckwheat noodles", price=D("120"))
    first = dt.date(2017, 12, 17)
    fair = FairFactory(name_en="OTOP CITY", starts_on=first, ends_on=first + dt.timedelta(days=6))
    sale_each_day(ExhibitFactory(booth__fair=fair, product=product, opening_stock=100, stock=100))
    partner = UserFactory(role=Role.PARTNER_OFFICER, first_name="Pema", last_name="Wangmo")
    return {"programme": programme, "product": product, "fair": fair, "partner": partner}


def _chart_with_its_figures(journey: Journey, title: str) -> None:
    """A chart is drawn (its phone drawing on a phone), and its figures open as a table."""
    chart = journey.page.locator("figure.chart", has_text=title).first
    drawing = chart.locator("svg.narrow" if journey.phone else "svg.wide")
    expect(drawing).to_be_visible()
    chart.locator("summary").click()
    table = chart.locator("details table")
    expect(table.locator("caption")).to_have_text(title)
    expect(table.locator("tbody tr").first).to_be_visible()


def test_partner_reads_the_programme_and_a_fair_and_is_refused_what_is_not_theirs(
    journey: Journey, day: dict[str, Any]
) -> None:
    page, say = journey.page, journey.say
    programme, partner = day["programme"], day["partner"]

    # Morning: log in.
    page.goto(reverse("login"))
    journey.reads()
    page.fill("#id_username", partner.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    expect(page.locator(".topbar .who")).to_contain_text(str(partner))

    # The programme's dashboard: its figures, and each chart with its table.
    page.goto(reverse("programme_dashboard", args=[programme.pk]))
    journey.reads()
    expect(page.locator("#dashboard-budget")).to_contain_text("350")
    _chart_with_its_figures(journey, say("Spent against budget by component"))
    journey.shot("dashboard")

    # The money: every component named whole beside its bar.
    page.goto(reverse("programme_money", args=[programme.pk]))
    _chart_with_its_figures(journey, say("Spent against budget, by component"))
    labels = page.locator(
        f"figure.chart {'svg.narrow' if journey.phone else 'svg.wide'} text.label"
    )
    with translation.override(journey.language):
        first = f"1. {programme.components.get(position=1).title}"
    # Whole, over as many lines as it takes (Thai lines break between words, without a space).
    lines = labels.first.locator("tspan").all_text_contents()
    assert "".join(lines).replace(" ", "") == first.replace(" ", "")
    journey.shot("money")

    # Something goes wrong: a colleague's link to record a transaction, an officer's work.
    response = page.goto(reverse("transaction_create", args=[programme.pk]))
    assert response is not None
    assert response.status == 403
    expect(page.locator("h1")).to_have_text(say("Not allowed"))
    expect(page.locator("main")).to_contain_text(
        say("Your role does not allow this page. Ask an administrator if you need it.")
    )
    journey.shot("refused")

    # The results framework, indicator by indicator.
    page.goto(reverse("results_framework", args=[programme.pk]))
    journey.reads()
    expect(page.locator("h1")).to_be_visible()
    journey.shot("results")

    # The fair's report: a chart of its days, with the figures of each day.
    page.goto(reverse("fair_report", args=[day["fair"].code]))
    _chart_with_its_figures(journey, say("Sales by day"))
    expect(page.locator("#report-total")).to_contain_text("1,170.00")
    journey.shot("fair-report")

    # Something else goes wrong: the partner keeps the registry, and types a price below zero.
    product = day["product"]
    page.goto(reverse("product_edit", args=[product.code]))
    page.fill("#id_price", "-5")
    page.locator("form.form button[type=submit]").last.click()
    refusal = say("Ensure this value is greater than or equal to %(limit_value)s.").split("%")[0]
    expect(page.get_by_role("alert").filter(has_text=refusal.strip())).to_be_visible()
    expect(page.locator("#id_price")).to_have_attribute("aria-invalid", "true")
    journey.shot("price-refused")
    product.refresh_from_db()
    assert product.price == D("120")
