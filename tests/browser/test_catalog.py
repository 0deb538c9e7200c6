"""The public catalog in a browser: no login, Thai search, and no request beyond the server."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from tests.browser.conftest import TIMEOUT_MS
from tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog(db):
    tang = Area.objects.get(code="BT-33-03")
    group = ProducerGroupFactory(area=tang, name_en="Tang Honey Producers", phone="+975 1")
    honey = ProductFactory(
        code="HONEY",
        name_en="Organic wild forest honey",
        name="Organic wild forest honey",
        name_th="น้ำผึ้งป่าอินทรีย์",
        is_flagship=True,
        producer_group=group,
        area=tang,
    )
    ProductFactory(code="RICE", name_en="Red rice", name="Red rice", name_th="ข้าวแดง")
    rebuild()
    return honey


def test_home_browse_by_gewog_and_product_page(page: Page, live_server, catalog):
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("One Gewog One Product")
    expect(page.locator(".product-card").first).to_contain_text("Organic wild forest honey")
    page.click("text=All dzongkhags and gewogs")
    page.click("a:has-text('Bumthang')")
    expect(page.locator("h1")).to_contain_text("Bumthang")
    page.click("a:has-text('Tang')")
    expect(page.locator("h1")).to_contain_text("Tang")
    page.click("text=Organic wild forest honey")
    expect(page).to_have_url(f"{live_server.url}/p/HONEY/")
    expect(page.locator("a[href^='tel:']")).to_be_visible()


def test_search_in_thai_finds_and_highlights(page: Page, live_server, catalog, artifacts):
    page.goto("/search/?lang=th")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    page.fill("input[name=q]", "น้ำผึ้ง")
    page.keyboard.press("Enter")
    results = page.locator("#results")
    expect(results.locator(".product-card")).to_have_count(1)
    expect(results.locator("mark").first).to_have_text("น้ำผึ้ง")
    expect(results).not_to_contain_text("ข้าวแดง")
    page.screenshot(path=artifacts / "catalog-search-th.png", full_page=True)


def test_product_page_asks_nothing_of_other_hosts(page: Page, live_server, catalog):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto("/p/HONEY/")
    page.wait_for_load_state("networkidle")
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert hosts == {urlparse(live_server.url).netloc}


def test_the_policy_blocks_an_injected_inline_script_and_the_tests_notice(page, csp_reports):
    """The guard of every browser test works: a script slipped into a page does not run."""
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'document.body.dataset.pwned = 1'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => document.body.dataset.pwned") is None
    assert any("Content Security Policy" in report for report in csp_reports)
    csp_reports.clear()  # seen: the page fixture must not fail this test


# The reader's language holds from click to click


def reads(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_thai_chosen_by_address_holds_on_the_next_clicks_on_a_phone(
    page: Page, live_server, catalog, artifacts
):
    # Given a buyer on a phone (whose browser asks for English) opening a product in Thai
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/p/HONEY/?lang=th")
    reads(page, "th")
    # When they open its producer group
    page.click(".facts a:has-text('Tang Honey Producers')")
    # Then the group's page is in Thai
    expect(page.locator("h1")).to_contain_text("Tang Honey Producers")
    reads(page, "th")
    page.screenshot(path=artifacts / "catalog-group-th-390.png", full_page=True)
    # And so is the home page, reached by the header
    page.click(".topbar .brand")
    expect(page.locator(".product-card").first).to_contain_text("น้ำผึ้งป่าอินทรีย์")
    reads(page, "th")


def test_dzongkha_chosen_with_the_switcher_sticks_and_the_staff_pages_follow(
    page: Page, live_server, catalog
):
    page.goto("/")
    reads(page, "en")
    page.click(".languages a[hreflang=dz]")
    reads(page, "dz")
    page.click("text=Organic wild forest honey")
    reads(page, "dz")
    page.click(".facts a:has-text('Tang Honey Producers')")
    reads(page, "dz")
    page.goto("/accounts/login/")
    reads(page, "dz")


def test_a_first_visit_reads_the_browser_language_until_the_reader_chooses(
    browser: Browser, live_server, catalog
):
    # Given a browser set to Thai, on its first visit
    context = browser.new_context(base_url=live_server.url, locale="th-TH")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/")
    reads(page, "th")
    expect(page.locator(".product-card").first).to_contain_text("น้ำผึ้งป่าอินทรีย์")
    # When the reader chooses English, then clicks on
    page.click(".languages a[hreflang=en]")
    reads(page, "en")
    page.click("text=Organic wild forest honey")
    reads(page, "en")
    page.click(".topbar .brand")
    # Then the choice beats the browser's language, on a page without the parameter too
    reads(page, "en")
    page.goto("/browse/")
    reads(page, "en")
    context.close()


def test_suggestions_follow_typing_and_a_misspelt_query_offers_what_was_meant(
    page: Page, live_server, catalog, artifacts
):
    page.goto("/")
    box = page.locator("#id_q")
    box.press_sequentially("hon", delay=40)  # the start of a word, as it is typed
    suggestions = page.locator("#suggestions")
    # The product, then its group: both named with a word that starts so.
    expect(suggestions.locator("li")).to_have_count(2, timeout=TIMEOUT_MS)
    expect(suggestions.locator("li a").first).to_have_text("Organic wild forest honey")
    expect(suggestions.locator("li a").last).to_have_text("Tang Honey Producers")
    expect(suggestions.locator("mark").first).to_have_text("honey")  # the whole word it starts
    page.screenshot(path=artifacts / "catalog-suggestions.png", full_page=True)

    box.fill("")
    box.press_sequentially("hunney", delay=40)  # two letters wrong: nothing as typed
    expect(suggestions.locator("li")).to_have_count(0, timeout=TIMEOUT_MS)
    expect(suggestions).to_contain_text("Did you mean: honey", timeout=TIMEOUT_MS)
    page.screenshot(path=artifacts / "catalog-did-you-mean.png", full_page=True)
    suggestions.locator("a:has-text('honey')").click()
    expect(page).to_have_url(f"{live_server.url}/search/?q=honey")
    expect(page.locator("#results .product-card")).to_have_count(1)

    page.goto("/search/?q=qqqxzz")  # no word near it: nothing, and no suggestion
    expect(page.locator("#results")).to_contain_text("Nothing matches")
    expect(page.locator(".did-you-mean")).to_have_count(0)
    page.goto("/search/?q=hunney")
    expect(page.locator("#results .did-you-mean")).to_contain_text("Did you mean: honey")
