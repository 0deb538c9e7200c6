"""A buyer's day in the public catalog: no account, a phone or a desktop, any language.

The buyer searches for what is not there, then for honey; browses a category; opens a
product, its producer group, the group's gewog and a fair that showed it, with the fair's
price; follows a link to a product that is gone; and loses the connection while searching.
"""

import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from ogop.products.models import Category
from tests.browser.conftest import Journey
from tests.factories import ProducerGroupFactory, ProductFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory, FairFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "buyer"

HONEY = {"en": "Wild forest honey", "th": "น้ำผึ้งป่า", "dz": "ནགས་ཚལ་གྱི་སྦྲང་རྩི།"}
BLANKET = {"en": "Yathra wool blanket", "th": "ผ้าห่มขนแกะยาธรา", "dz": "ཡ་ཐྲ།"}
GROUP = {"en": "Tang Honey Producers", "th": "กลุ่มผู้ผลิตน้ำผึ้งตัง", "dz": "སྟང་སྦྲང་རྩི་ཚོགས་པ།"}
FAIR = {"en": "OTOP CITY", "th": "โอทอปซิตี้", "dz": "OTOP CITY"}


def _named(values: dict[str, str]) -> dict[str, str]:
    return {f"name_{code}": value for code, value in values.items()} | {"name": values["en"]}


@pytest.fixture
def catalog(db: None) -> None:
    tang = Area.objects.get(code="BT-33-03")
    group = ProducerGroupFactory(
        code="G-TANG", area=tang, phone="+975 17 11 22 33", **_named(GROUP)
    )
    honey = ProductFactory(
        code="HONEY",
        producer_group=group,
        category=Category.FOOD,
        price=D("350"),
        unit="jar",
        stars=4,
        is_flagship=True,
        **_named(HONEY),
    )
    ProductFactory(code="YATHRA", category=Category.TEXTILE, **_named(BLANKET))
    fair = FairFactory(code="OTOP-CITY", currency="THB", **_named(FAIR))
    ExhibitFactory(booth=BoothFactory(fair=fair), product=honey, fair_price=D("90"))
    rebuild()


def test_buyer_finds_a_product_its_makers_and_where_to_buy_it(
    journey: Journey, catalog: None
) -> None:
    page, say, lang = journey.page, journey.say, journey.language

    # The catalog opens in the browser's language.
    page.goto("/")
    journey.reads()
    expect(page.locator("h1")).to_have_text(say("Products of One Gewog One Product"))
    journey.shot("home")

    # A search that finds nothing says so, and what to try.
    page.locator("main input[name=q]").fill("saffron")
    page.locator("main input[name=q]").press("Enter")
    results = page.locator("#results")
    expect(results).to_contain_text(say("Nothing matches. Try fewer words, or another spelling."))
    journey.shot("nothing-found")

    # Fewer letters: the honey, in the reader's language, with its stars read out as words.
    page.locator("main input[name=q]").fill("honey")
    page.locator("main input[name=q]").press("Enter")
    card = results.locator(".product-card")
    expect(card).to_have_count(1)
    expect(card.locator("h3")).to_contain_text(HONEY[lang])
    expect(card.locator(".stars .visually-hidden")).to_have_text(
        say("%(counter)s of 5 stars") % {"counter": 4}
    )

    # Words cleared, a category chosen: the textiles alone.
    page.locator("main input[name=q]").fill("")
    page.select_option("#id_category", Category.TEXTILE)
    expect(results.locator(".product-card")).to_have_count(1)
    expect(results).to_contain_text(BLANKET[lang])
    expect(page).to_have_url(re.compile(r"[?&]category=textile"))
    journey.shot("category")

    # The honey's own page: its category by name, its group, its gewog.
    page.locator("#id_category").select_option("")
    page.locator("main input[name=q]").fill("honey")
    page.locator("main input[name=q]").press("Enter")
    results.get_by_role("link", name=HONEY[lang]).click()
    expect(page.locator("h1")).to_contain_text(HONEY[lang])
    food = say("food")
    expect(page.locator(".facts")).to_contain_text(food[:1].upper() + food[1:])
    expect(page.locator("a[href^='tel:']")).to_be_visible()
    journey.shot("product")

    page.locator(".facts").get_by_role("link", name=GROUP[lang]).click()
    expect(page.locator("h1")).to_have_text(GROUP[lang])
    expect(page.locator(".product-card")).to_contain_text(HONEY[lang])
    journey.shot("group")

    tang = Area.objects.get(code="BT-33-03")
    gewog = tang.name_dz if lang == "dz" else tang.name_en  # no Thai names for gewogs
    page.locator("main p.muted").get_by_role("link", name=gewog).click()
    expect(page.locator("h1")).to_contain_text(gewog)
    expect(page.locator("ul.groups")).to_contain_text(GROUP[lang])
    journey.shot("gewog")

    # The fair that showed it, with the price there, in the fair's currency.
    page.go_back()
    page.go_back()
    page.locator(".facts").get_by_role("link", name=FAIR[lang]).click()
    expect(page.locator("h1")).to_have_text(FAIR[lang])
    expect(page.locator(".product-card .price")).to_contain_text("90.00 THB / jar")
    journey.shot("fair")

    # A link to a product that is no longer shown: a page in the reader's language that
    # says so and offers the search.
    response = page.goto("/p/GONE-1/")
    assert response is not None
    assert response.status == 404
    journey.reads()
    expect(page.locator("h1")).to_have_text(say("Not found"))
    expect(page.locator("main")).to_contain_text(
        say("There is nothing here: the product may no longer be shown.")
    )
    expect(page.locator("main input[name=q]")).to_be_visible()
    journey.shot("not-found")

    # The connection drops while searching: the page says so and keeps what was typed.
    page.goto("/search/")
    page.context.set_offline(True)
    page.locator("main input[name=q]").fill("blanket")
    expect(page.get_by_role("alert")).to_have_text(
        say(
            "The platform could not be reached: check the connection, then try again. "
            "Nothing was lost on your screen."
        )
    )
    expect(page.locator("main input[name=q]")).to_have_value("blanket")
    journey.shot("offline")
    page.context.set_offline(False)
    page.get_by_role("button", name=say("Search")).click()
    expect(results.locator(".product-card")).to_contain_text(BLANKET[lang])
