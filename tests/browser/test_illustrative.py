"""What is made up says so wherever it shows: the dashboard's figures, the registry's list,
the public search and the API; what is real carries no such mark."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.catalog.indexing import rebuild
from tests.browser.conftest import log_in
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
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
    trained = page.locator(".dashboard-cards .card").filter(has=page.locator("#dashboard-trained"))
    expect(trained.locator(".badge")).to_have_count(0)
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
