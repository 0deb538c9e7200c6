"""Dzongkha in a browser: Tibetan letters read at the size of the Latin around them, and the
counter and the catalog read in Dzongkha on a phone."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from ogop.accounts.models import Role
from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from ogop.products import shipped
from ogop.products.models import Certification, CertificationKind, Stage
from tests.browser.conftest import PHONE, TIMEOUT_MS, log_in, watch_csp
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tibetan letters without a stem, vowel sign or subjoined letter: their ink is the body of a
# letter (headline to baseline), the part that Latin's x-height is compared with.
TIBETAN_BODY = "ངཔངཔ"
LATIN_BODY = "xxxx"
SCALE = 3  # device pixels per CSS pixel: enough to measure a 16px letter to a third of a pixel


def dz(msgid: str) -> str:
    """The Dzongkha of a text of the interface, which must be written in Dzongkha."""
    with translation.override("dz"):
        text = translation.gettext(msgid)
    assert re.search(r"[\u0f00-\u0fff]", text), f"no Dzongkha for {msgid!r}"
    return text


def dzongkha_page(
    browser: Browser, live_server: Any, viewport: dict[str, int], csp_reports: list[str]
) -> Page:
    """A page whose browser asks for Dzongkha (a first visit honours it); what the
    Content-Security-Policy blocks (a font face, say) goes to csp_reports."""
    context = browser.new_context(
        base_url=live_server.url, locale="dz-BT", viewport=viewport, device_scale_factor=SCALE
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch_csp(page, csp_reports)
    return page


def ink_height(page: Page, element: Locator) -> float:
    """The height, in CSS pixels, of the light ink of an element drawn on a dark ground with
    room around its letters (so that what overflows the line above and below is in it)."""
    box = element.bounding_box()
    assert box is not None
    image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("L")
    pixels = image.load()
    width, height = image.size
    rows = [y for y in range(height) if any(pixels[x, y] > 160 for x in range(width))]
    assert rows, "no ink: the element drew nothing"
    return (rows[-1] - rows[0] + 1) / SCALE


def probe(page: Page, text: str, name: str) -> Locator:
    """A copy of the first menu item holding the text, with every style of the menu, alone on
    a dark ground away from the other items (whose letters would add to its ink)."""
    page.evaluate(
        """([text, name]) => {
            const item = document.querySelector('.mainnav a');
            const copy = item.cloneNode(false);
            copy.textContent = text;
            copy.dataset.probe = name;
            Object.assign(copy.style, {
                position: 'fixed', left: '40px', top: name === 'latin' ? '300px' : '500px',
                padding: '40px', background: '#000',
            });
            item.parentNode.appendChild(copy);
        }""",
        [text, name],
    )
    return page.locator(f"[data-probe={name}]")


def test_dzongkha_menu_letters_stand_as_tall_as_the_latin_x_height(
    browser: Browser, live_server: Any, artifacts: Path, csp_reports: list[str]
):
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    page = dzongkha_page(browser, live_server, {"width": 1280, "height": 800}, csp_reports)
    log_in(page, officer)
    expect(page.locator("html")).to_have_attribute("lang", "dz")
    products = page.locator(".mainnav a", has_text=dz("Products"))
    expect(products).to_be_visible()
    page.locator(".topbar").screenshot(path=artifacts / "dzongkha-menu.png")

    tibetan = ink_height(page, probe(page, TIBETAN_BODY, "tibetan"))
    latin = ink_height(page, probe(page, LATIN_BODY, "latin"))
    # Read at the size of the Latin around it: a Tibetan letter's body about as tall as the
    # Latin x-height beside it (Jomolhari at the same font size draws it at about 80%).
    assert 0.95 <= tibetan / latin <= 1.4, (tibetan, latin)
    # Latin keeps its size: a 16px x-height is about 9px.
    assert 8 <= latin <= 10, latin
    page.context.close()
    assert csp_reports == []


@pytest.fixture
def booth(transactional_db: None) -> Any:
    """A booth of a fair running today, its cashier, and a product named in Dzongkha."""
    shipped.install_stages(Stage)  # a transactional test's flush removed the shipped stages
    cashier = UserFactory(role=Role.CASHIER)
    booth = BoothFactory(cashiers=[cashier])
    ExhibitFactory(
        booth=booth,
        product=ProductFactory(code="HONEY", name_en="Wild honey", name_dz="སྦྲང་རྩི"),
        opening_stock=20,
    )
    return booth


def test_the_counter_reads_in_dzongkha_on_a_phone(
    browser: Browser, live_server: Any, booth: Any, artifacts: Path, csp_reports: list[str]
):
    page = dzongkha_page(browser, live_server, PHONE, csp_reports)
    log_in(page, booth.cashiers.get())
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/")
    expect(page.locator("html")).to_have_attribute("lang", "dz")
    expect(page.locator("#record-sale")).to_have_text(dz("Record sale"))
    expect(page.locator("#connection")).to_have_text(dz("Online"))
    # A sale with no product chosen: the counter's own messages, written by its script, are
    # in Dzongkha too.
    page.click("#record-sale")
    expect(page.locator("#counter-message")).to_have_text(dz("Choose a product first."))
    page.click('.product-button[data-code="HONEY"]')
    page.click("#record-sale")
    expect(page.locator("#counter-message")).to_have_text(dz("Sale recorded."))
    page.screenshot(path=artifacts / "dzongkha-counter-phone.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.context.close()
    assert csp_reports == []


def test_a_catalog_product_reads_in_dzongkha_on_a_phone(
    browser: Browser, live_server: Any, artifacts: Path, csp_reports: list[str]
):
    tang = Area.objects.get(code="BT-33-03")
    group = ProducerGroupFactory(area=tang, name_en="Tang Honey Producers", phone="+975 1")
    honey = ProductFactory(
        code="HONEY",
        name_en="Organic wild forest honey",
        name_dz="སྦྲང་རྩི",
        is_flagship=True,
        producer_group=group,
        area=tang,
        price=450,
    )
    Certification.objects.create(product=honey, kind=CertificationKind.BRAND_BHUTAN)
    rebuild()
    page = dzongkha_page(browser, live_server, PHONE, csp_reports)
    page.goto("/p/HONEY/")
    expect(page.locator("html")).to_have_attribute("lang", "dz")
    expect(page.locator("h1")).to_contain_text("སྦྲང་རྩི")
    main = page.locator("main")
    texts = ["Producer group", "Area", "Category", "Price", "Certifications", "Brand Bhutan"]
    for msgid in [*texts, "Call the producer"]:
        expect(main).to_contain_text(dz(msgid))
    expect(page.locator(".topbar")).to_contain_text(dz("Browse by area"))
    page.screenshot(path=artifacts / "dzongkha-catalog-product-phone.png", full_page=True)
    page.click(f"text={dz('Browse by area')}")
    expect(page.locator("h1")).not_to_contain_text("Browse")
    page.screenshot(path=artifacts / "dzongkha-catalog-browse-phone.png", full_page=True)
    page.context.close()
    assert csp_reports == []
