"""What is made up says so wherever it shows: the dashboard's figures, the registry's list,
the public search, the API, and a fair's report and sales; what is real carries no mark."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.catalog.indexing import rebuild
from ogop.fairs.services import sale_record
from tests.browser.conftest import log_in
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.fairs.factories import ExhibitFactory
from tests.reports.test_dashboard import build_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_like(transactional_db: None) -> dict[str, Any]:
    """An illustrative programme whose SDG target is inferred, a made-up product of a made-up
    group, and a real product of a real group."""
    programme = build_programme()
    programme.is_illustrative = True
    programme.sdg_targets = "17.9"
    programme.sdg_targets_inferred = True
    programme.save()
    made_up = ProductFactory(
        code="BT-MADE-UP",
        name_en="Invented honey",
        producer_group=ProducerGroupFactory(code="PG-MADE-UP", is_illustrative=True),
        is_illustrative=True,
        is_public=True,
    )
    real = ProductFactory(
        code="BT-REAL",
        name_en="Real honey",
        producer_group=ProducerGroupFactory(code="PG-REAL"),
        is_public=True,
    )
    rebuild()
    return {"programme": programme, "made_up": made_up, "real": real}


def test_invented_figures_and_records_are_marked_and_real_ones_are_not(
    page: Page, demo_like: dict[str, Any], artifacts: Path
) -> None:
    programme = demo_like["programme"]
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))

    # The dashboard: the budget and the spending carry the mark, and the page says why.
    page.goto(reverse("programme_dashboard", args=[programme.pk]))
    expect(page.locator("#dashboard-budget")).to_have_text("350,000.00 THB")
    budget = page.locator(".dashboard-cards .card").filter(has=page.locator("#dashboard-budget"))
    expect(budget.locator(".badge")).to_have_text("illustrative")
    spent = page.locator(".dashboard-cards .card").filter(has=page.locator("#dashboard-spent"))
    expect(spent.locator(".badge")).to_have_text("illustrative")
    expect(page.locator("#illustrative-figures")).to_contain_text("made up for the demonstration")
    # The activities, the people they trained and the products they served: made up too.
    for figure in ("#dashboard-activities", "#dashboard-trained", "#dashboard-products"):
        card = page.locator(".dashboard-cards .card").filter(has=page.locator(figure))
        expect(card.locator(".badge")).to_have_text("illustrative")
    page.screenshot(path=str(artifacts / "illustrative-dashboard.png"), full_page=True)

    # The programme's page: its figures are illustrative, its SDG target inferred.
    page.goto(reverse("programme_detail", args=[programme.pk]))
    expect(page.locator("h1 .badge")).to_have_text("illustrative figures")
    expect(page.locator("#targets-inferred")).to_have_text("targets inferred")

    # The registry's list: the made-up product is marked, the real one is not.
    page.goto("/products/")
    made_up_row = page.locator("tr", has_text="Invented honey")
    expect(made_up_row.locator(".badge", has_text="illustrative")).to_have_count(1)
    real_row = page.locator("tr", has_text="Real honey")
    expect(real_row).to_be_visible()
    expect(real_row.locator(".badge", has_text="illustrative")).to_have_count(0)
    page.screenshot(path=str(artifacts / "illustrative-products.png"), full_page=True)

    # The public search: the same, on its cards.
    page.goto(reverse("catalog_search") + "?q=honey")
    made_up_card = page.locator("article", has_text="Invented honey")
    expect(made_up_card.locator(".badge", has_text="illustrative")).to_have_count(1)
    real_card = page.locator("article", has_text="Real honey")
    expect(real_card).to_be_visible()
    expect(real_card.locator(".badge", has_text="illustrative")).to_have_count(0)

    # The API says it too, of products, groups and search results.
    made_up = page.request.get("/api/v1/products/BT-MADE-UP").json()
    real = page.request.get("/api/v1/products/BT-REAL").json()
    assert (made_up["is_illustrative"], real["is_illustrative"]) == (True, False)
    group = page.request.get("/api/v1/producer-groups/PG-MADE-UP").json()
    assert group["is_illustrative"] is True
    found = page.request.get("/api/v1/search?q=honey").json()["results"]
    by_code = {hit["code"]: hit["is_illustrative"] for hit in found if hit["type"] == "product"}
    assert by_code == {"BT-MADE-UP": True, "BT-REAL": False}


def test_a_fairs_made_up_sales_are_marked_in_its_report_and_its_list_of_sales(
    page: Page, artifacts: Path
) -> None:
    # A fair that took place, whose booth sold one real item and two made-up ones.
    cashier = UserFactory(role=Role.CASHIER)
    exhibit = ExhibitFactory(fair_price=Decimal("100"), min_price=None, opening_stock=10)
    fair = exhibit.booth.fair
    sold_at = dt.datetime.combine(fair.starts_on, dt.time(11), tzinfo=fair.tzinfo)
    for quantity, made_up in [(1, False), (2, True), (3, True)]:
        sale_record(
            exhibit=exhibit,
            quantity=quantity,
            unit_price=Decimal("100"),
            client_uuid=uuid4(),
            cashier=cashier,
            sold_at=sold_at,
            is_illustrative=made_up,
        )
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))

    # The report: the total carries the mark, and the page says how much is made up.
    page.goto(reverse("fair_report", args=[fair.code]))
    expect(page.locator("#report-total")).to_have_text("600.00 THB")
    total = page.locator(".cards .card").filter(has=page.locator("#report-total"))
    expect(total.locator(".badge")).to_have_text("illustrative")
    expect(page.locator("#illustrative-sales")).to_contain_text(
        "2 of the 3 sales in this report (500.00 THB) are made up for the demonstration"
    )
    page.screenshot(path=str(artifacts / "illustrative-fair-report.png"), full_page=True)

    # The list of sales: the made-up ones are marked, the real one is not.
    page.goto(reverse("fair_sale_list", args=[fair.code]))
    expect(page.locator(".count")).to_contain_text("made up for the demonstration: 500.00 THB")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has=page.locator(".badge", has_text="illustrative"))).to_have_count(2)
