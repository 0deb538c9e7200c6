"""What a reader of the public catalog sees on its cards and in its layout, in a browser."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from ogop.catalog.indexing import rebuild
from ogop.products.models import Category
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory, FairFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def group(db):
    """A group of six products (a row of five and a lone sixth on a desktop), none with a
    photo: a food, a drink and four textiles; the drink has four stars."""
    group = ProducerGroupFactory(name_en="Tang Weavers", name="Tang Weavers", code="G-TANG")
    ProductFactory(producer_group=group, name_en="A honey", name="A honey")
    ProductFactory(
        producer_group=group, name_en="B juice", name="B juice", category=Category.BEVERAGE, stars=4
    )
    for name in ("C scarf", "D kira", "E bag", "F belt"):
        ProductFactory(producer_group=group, name_en=name, name=name, category=Category.TEXTILE)
    rebuild()
    return group


def test_a_lone_last_card_is_as_wide_as_the_others(page: Page, group, artifacts: Path):
    page.goto("/g/G-TANG/")
    cards = page.locator(".product-card")
    expect(cards).to_have_count(6)
    first, last = cards.first.bounding_box(), cards.last.bounding_box()
    assert first
    assert last
    assert last["y"] > first["y"], "the sixth card should start a row of its own here"
    assert abs(last["width"] - first["width"]) < 1
    page.screenshot(path=artifacts / "catalog-cards-lone-last.png", full_page=True)


def test_a_product_without_a_photo_shows_its_categorys_drawing(page: Page, group):
    page.goto("/g/G-TANG/")
    for name, drawing in [("A honey", "food.svg"), ("B juice", "beverage.svg")]:
        image = page.locator(".product-card", has_text=name).locator("img.placeholder")
        expect(image).to_be_visible()
        expect(image).to_have_attribute("src", f"/static/products/placeholders/{drawing}")
        assert image.evaluate("img => img.complete && img.naturalWidth") > 0, drawing
        assert (image.bounding_box() or {}).get("height", 0) > 50


@pytest.mark.parametrize("language", ["en", "th"])
def test_stars_are_read_out_as_words(page: Page, group, language):
    with translation.override(language):
        words = translation.ngettext("%(counter)s of 5 stars", "%(counter)s of 5 stars", 4)
    words = words % {"counter": 4}
    page.goto(f"/g/G-TANG/?lang={language}")
    stars = page.locator(".product-card", has_text="B juice").locator(".stars")
    expect(stars.get_by_text(words, exact=True)).to_have_count(1)
    expect(stars.locator("[aria-hidden=true]")).to_have_text("★★★★☆")


@pytest.mark.parametrize("staff", [False, True], ids=["catalog", "staff"])
def test_the_first_tab_reaches_a_visible_skip_link_that_leads_to_the_content(
    page: Page, db, staff, artifacts: Path
):
    if staff:
        from tests.browser.conftest import log_in

        log_in(page, UserFactory(role="programme_officer"))
        page.goto("/staff/")
    else:
        page.goto("/")
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    expect(link).to_have_text("Skip to the content")
    page.screenshot(path=artifacts / f"skip-link-{'staff' if staff else 'catalog'}.png")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(link).not_to_be_in_viewport()


def test_a_fair_page_shows_the_prices_at_the_fair_in_its_currency(page: Page, db, artifacts):
    product = ProductFactory(name_en="Wild honey", name="Wild honey", price=D("350"), unit="jar")
    fair = FairFactory(code="OTOP-CITY", currency="THB")
    ExhibitFactory(booth=BoothFactory(fair=fair), product=product, fair_price=D("90"))
    ExhibitFactory(
        booth=BoothFactory(fair=fair), product=product, fair_price=D("85"), min_price=D("80")
    )
    rebuild()
    page.goto("/fair/OTOP-CITY/")
    card = page.locator(".product-card", has_text="Wild honey")
    expect(card.locator(".price")).to_contain_text("85.00 THB / jar")
    expect(card).not_to_contain_text("BTN")
    page.screenshot(path=artifacts / "catalog-fair-prices.png", full_page=True)
