"""A panel in a real browser: an assessor scores a product, the round closes, the stars show."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.products.models import Stage
from ogop.products.shipped import install_stages
from ogop.rating.models import AssessmentRound, Criterion, Rubric, RubricPart, StarThreshold
from ogop.rating.services import round_create
from ogop.rating.shipped import install as install_rubrics
from tests.browser.conftest import log_in
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reload_shipped_stages_and_rubrics() -> None:
    """A transactional test ends by flushing every table, the migrations' data included."""
    install_stages(Stage)
    install_rubrics(Rubric, RubricPart, Criterion, StarThreshold)


@pytest.fixture(autouse=True)
def _shipped_rating_data(_shipped_data: None) -> None:
    reload_shipped_stages_and_rubrics()


@pytest.fixture(scope="module", autouse=True)
def _shipped_rating_data_after_module(django_db_setup: None, django_db_blocker: Any) -> Any:
    yield
    with django_db_blocker.unblock():
        reload_shipped_stages_and_rubrics()


def test_assessor_scores_a_product_and_its_stars_appear_on_its_page(
    page: Page, live_server: Any, artifacts: Path
) -> None:
    officer = UserFactory(role=Role.PARTNER_OFFICER, first_name="Partner")
    assessor = UserFactory(role=Role.ASSESSOR, first_name="Assessor")
    product = ProductFactory(
        name_en="Bumthang buckwheat noodles",
        name="Bumthang buckwheat noodles",
        producer_group=ProducerGroupFactory(),
    )
    rubric = Rubric.objects.get(code="ocop-vn", is_active=True)
    assessment_round = round_create(
        name="OGOP panel 2018",
        date=dt.date(2018, 6, 1),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
        products=[product],
    )
    page.on("dialog", lambda dialog: dialog.accept())

    # The assessor opens the round, then the product's scoring sheet.
    log_in(page, assessor)
    page.goto(assessment_round.get_absolute_url())
    page.get_by_role("link", name="Score", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Bumthang buckwheat noodles")
    expect(page.locator("body")).to_contain_text("once you have submitted yours")

    # Every criterion at 95 % of its maximum: 95 points, 5 stars in the OCOP rubric.
    for criterion in Criterion.objects.filter(part__rubric=rubric):
        value = (criterion.max_points * 95 / 100).quantize(criterion.max_points)
        page.fill(f"#id_criterion_{criterion.pk}", str(value))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Your scores were saved.")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("are submitted")
    expect(page.locator(".panel-scores")).to_contain_text("95")

    # A partner officer closes the round.
    page.locator(".topbar form button.link").click()
    log_in(page, officer)
    page.goto(assessment_round.get_absolute_url())
    page.get_by_role("button", name="Close the round").click()
    expect(page.locator(".messages")).to_contain_text("1 product rated")

    # The assessor sees the stars on the product's page.
    page.locator(".topbar form button.link").click()
    log_in(page, assessor)
    page.goto(product.get_absolute_url())
    stars = page.locator("#current-stars .stars")
    expect(stars).to_have_attribute("data-stars", "5")
    expect(stars.locator("[aria-hidden=true]")).to_have_text("★★★★★")
    expect(page.locator("#star-history")).to_contain_text("OGOP panel 2018")
    page.screenshot(path=str(artifacts / "rating-stars.png"), full_page=True)
    assert AssessmentRound.objects.get().status == "closed"
