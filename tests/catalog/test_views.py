import json
import re

import pytest
from django.urls import reverse

from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory


@pytest.fixture
def public_product(db):
    group = ProducerGroupFactory(phone="+975 17 000 000")
    product = ProductFactory(
        code="HONEY",
        name_en="Wild honey",
        name="Wild honey",
        name_th="น้ำผึ้งป่า",
        description_en="From forest hives.",
        producer_group=group,
        is_flagship=True,
    )
    rebuild()
    return product


def test_home_shows_numbers_and_flagships_without_login(client, public_product):
    response = client.get(reverse("catalog_home"))
    assert response.status_code == 200
    assert response.context["numbers"].products == 1
    assert public_product.name_en in response.text
    assert "<svg" in response.text  # the map


def test_product_page_has_structured_data_and_language_alternates(client, public_product):
    response = client.get(reverse("catalog_product", args=["HONEY"]))
    assert response.status_code == 200
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    data = json.loads(block.group(1))
    assert (data["@type"], data["sku"], data["offers"]["priceCurrency"]) == (
        "Product",
        "HONEY",
        "BTN",
    )
    for code in ("en", "th", "dz"):
        assert f'hreflang="{code}"' in response.text
    assert 'href="tel:+97517000000"' in response.text


def test_product_page_in_thai_by_address(client, public_product):
    response = client.get(reverse("catalog_product", args=["HONEY"]) + "?lang=th")
    assert '<html lang="th">' in response.text
    assert "น้ำผึ้งป่า" in response.text
    assert response["Content-Language"] == "th"


def test_private_products_are_not_shown(client, db):
    product = ProductFactory(is_public=False)
    assert client.get(reverse("catalog_product", args=[product.code])).status_code == 404
    hidden = ProductFactory(producer_group=ProducerGroupFactory(is_public=False))
    assert client.get(reverse("catalog_product", args=[hidden.code])).status_code == 404


def test_structured_data_cannot_break_out_of_its_script(client, db):
    ProductFactory(code="XSS", name_en="</script><script>alert(1)</script>", name="x")
    response = client.get(reverse("catalog_product", args=["XSS"]))
    assert "<script>alert(1)</script>" not in response.text


def test_search_page_highlights_matches(client, public_product):
    response = client.get(reverse("catalog_search"), {"q": "honey"})
    assert "Wild <mark>honey</mark>" in response.text


def test_search_page_htmx_gets_results_only(client, public_product):
    response = client.get(reverse("catalog_search"), {"q": "honey"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert 'id="results"' in response.text


def test_search_page_browses_by_category_without_words(client, public_product):
    ProductFactory(category="textile", name_en="Scarf")
    rebuild()
    response = client.get(reverse("catalog_search"), {"category": "textile"})
    assert [p.name_en for p in response.context["results"]] == ["Scarf"]


@pytest.mark.parametrize("q", ["", "x" * 5000, "\"'<>", "NEAR(", "%", "ข้าว\x00"])
def test_search_page_never_fails(client, public_product, q):
    assert (
        client.get(reverse("catalog_search"), {"q": q, "area": "NOPE", "stars": "9"}).status_code
        == 200
    )


def test_browse_by_dzongkhag_and_gewog(client, public_product):
    response = client.get(reverse("catalog_browse"))
    bumthang = next(a for a in response.context["areas"] if a.code == "BT-33")
    assert bumthang.product_count == 1
    gewog = client.get(reverse("catalog_area", args=["BT-33-03"]))
    assert public_product.name_en in gewog.text


def test_group_page_lists_its_public_products(client, public_product):
    response = client.get(reverse("catalog_group", args=[public_product.producer_group.code]))
    assert public_product.name_en in response.text


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("home", lambda: reverse("catalog_home")),
        ("search", lambda: reverse("catalog_search") + "?q=product"),
        ("browse", lambda: reverse("catalog_browse")),
        ("area", lambda: reverse("catalog_area", args=["BT-33"])),
    ],
)
def test_public_pages_query_count_does_not_grow(
    client, db, django_assert_max_num_queries, name, url
):
    ProductFactory.create_batch(3, is_flagship=False)
    rebuild()
    with django_assert_max_num_queries(20) as few:
        client.get(url())
    ProductFactory.create_batch(25, is_flagship=False)
    rebuild()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url())


def _products_in_tambons(count: int) -> None:
    """One group and two public products in each of `count` tambons, spread over provinces."""
    tambons = Area.objects.filter(country="TH", level=3).order_by("-code")[: count * 40 : 40]
    for tambon in tambons:
        ProductFactory.create_batch(2, producer_group=ProducerGroupFactory(area=tambon))


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("catalog_browse") + "?country=TH",
        lambda: reverse("catalog_area", args=["84"]),
    ],
    ids=["provinces", "province"],
)
def test_rendering_the_area_lists_takes_as_many_queries_whatever_the_data(
    client, db, django_assert_max_num_queries, url
):
    """Rendered, not served from the cache: the writes below have not committed."""
    _products_in_tambons(1)
    ProductFactory(producer_group=ProducerGroupFactory(area=Area.objects.get(code="840503")))
    with django_assert_max_num_queries(10) as few:
        client.get(url())
    _products_in_tambons(30)
    ProductFactory.create_batch(
        5, producer_group=ProducerGroupFactory(area=Area.objects.get(code="840503"))
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url())


def test_browse_by_stars_and_stars_show_on_cards(client, db):
    ProductFactory(name_en="Four-star honey", stars=4)
    ProductFactory(name_en="Two-star jam", stars=2)
    rebuild()
    response = client.get(reverse("catalog_search"), {"stars": 3})
    assert [p.name_en for p in response.context["results"]] == ["Four-star honey"]
    assert 'data-stars="4"' in response.text
    assert "?stars=5" in client.get(reverse("catalog_home")).text


def test_product_page_lists_the_fairs_it_went_to_and_the_fair_page_lists_it(client, db):
    from tests.fairs.factories import ExhibitFactory

    exhibit = ExhibitFactory()
    product, fair = exhibit.product, exhibit.booth.fair
    page = client.get(reverse("catalog_product", args=[product.code]))
    assert reverse("catalog_fair", args=[fair.code]) in page.text
    fair_page = client.get(reverse("catalog_fair", args=[fair.code]))
    assert product.name in fair_page.text


def test_a_public_reader_gets_the_catalogs_not_found_page(client, db):
    response = client.get(reverse("catalog_product", args=["NOPE"]))
    assert response.status_code == 404
    assert '<body class="public">' in response.text
    assert reverse("producer_group_list") not in response.text  # no staff menu


def test_a_signed_in_user_gets_the_staff_not_found_page(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    response = client.get(reverse("product_detail", args=["NOPE"]))
    assert response.status_code == 404
    assert reverse("producer_group_list") in response.text


# The reader's language: chosen by address, kept on the next click and in the cookie


def hrefs(page: str) -> list[str]:
    return re.findall(r'<a [^>]*href="(/[^"]*)"', page)


def test_every_link_of_a_page_read_by_address_carries_its_language(client, public_product):
    # Given the product page read in Thai by its address
    page = client.get(reverse("catalog_product", args=["HONEY"]), {"lang": "th"}).text
    # Then the group, the area, the header's links and the switcher all keep a language
    group = reverse("catalog_group", args=[public_product.producer_group.code])
    assert f'href="{group}?lang=th"' in page
    assert f'href="{reverse("catalog_home")}?lang=th"' in page
    assert all("lang=" in href for href in hrefs(page)), hrefs(page)


def test_links_of_a_page_without_a_chosen_language_stay_plain(client, public_product):
    page = client.get(reverse("catalog_product", args=["HONEY"])).text
    group = reverse("catalog_group", args=[public_product.producer_group.code])
    assert f'href="{group}"' in page


def test_query_links_and_search_forms_carry_the_language(client, public_product):
    home = client.get(reverse("catalog_home"), {"lang": "dz"}).text
    assert f'href="{reverse("catalog_search")}?category=food&amp;lang=dz"' in home
    assert '<input type="hidden" name="lang" value="dz">' in home
    browse = client.get(reverse("catalog_browse"), {"lang": "dz"}).text
    assert f'href="{reverse("catalog_browse")}?country=TH&amp;lang=dz"' in browse
    search = client.get(reverse("catalog_search"), {"lang": "dz"}).text
    assert '<input type="hidden" name="lang" value="dz">' in search


def test_search_results_fetched_by_htmx_link_in_the_chosen_language(client, public_product):
    response = client.get(
        reverse("catalog_search"), {"q": "honey", "lang": "th"}, HTTP_HX_REQUEST="true"
    )
    assert f'href="{reverse("catalog_product", args=["HONEY"])}?lang=th"' in response.text


def test_a_language_chosen_by_address_is_remembered_in_the_cookie(client, public_product):
    # Given a visitor whose browser asks for Thai, who chooses Dzongkha
    product = reverse("catalog_product", args=["HONEY"])
    chosen = client.get(product, {"lang": "dz"}, HTTP_ACCEPT_LANGUAGE="th")
    assert chosen.cookies["django_language"].value == "dz"
    assert chosen.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60
    # When they open a page without the parameter, a staff page included
    later = client.get(reverse("catalog_home"), HTTP_ACCEPT_LANGUAGE="th")
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="th")
    # Then the choice beats the browser's language
    assert '<html lang="dz">' in later.text
    assert later["Content-Language"] == "dz"
    assert '<html lang="dz">' in login.text


def test_the_cookie_is_set_only_when_the_choice_changes(client, public_product):
    product = reverse("catalog_product", args=["HONEY"])
    assert client.get(product, {"lang": "th"}).cookies["django_language"].value == "th"
    assert "django_language" not in client.get(product, {"lang": "th"}).cookies
    assert "django_language" not in client.get(product).cookies
    assert client.get(product, {"lang": "xx"}).cookies.get("django_language") is None


def test_a_first_visit_reads_the_browser_language_until_the_reader_chooses(client, public_product):
    # Given first visits from browsers that ask for Thai, Dzongkha and English
    for asked, shown in (("th-TH,th;q=0.9,en;q=0.5", "th"), ("dz", "dz"), ("en-GB", "en")):
        response = client.get(reverse("catalog_home"), HTTP_ACCEPT_LANGUAGE=asked)
        # Then each reads its browser's language, and nothing is remembered
        assert f'<html lang="{shown}">' in response.text
        assert response["Content-Language"] == shown
        assert "django_language" not in response.cookies
    # When the reader of a Thai browser chooses English with the switcher
    client.get(reverse("catalog_home"), {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="th")
    # Then English holds on a page without the parameter
    later = client.get(reverse("catalog_browse"), HTTP_ACCEPT_LANGUAGE="th")
    assert '<html lang="en">' in later.text


def test_a_page_without_the_parameter_varies_with_the_cookie_and_the_browser(
    client, public_product
):
    vary = client.get(reverse("catalog_home"))["Vary"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in vary.split(",")}


def test_structured_data_gives_the_canonical_address_in_the_language_read(client, public_product):
    page = client.get(reverse("catalog_product", args=["HONEY"]), {"lang": "th"}).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    url = json.loads(block.group(1))["url"]
    assert url.endswith("/p/HONEY/?lang=th")
    assert '<link rel="canonical" href="/p/HONEY/?lang=th">' in page


def test_the_next_page_of_an_area_keeps_the_language(client, db):
    # Given more public products in Tang than one page holds
    tang = Area.objects.get(code="BT-33-03")
    group = ProducerGroupFactory(area=tang)
    for number in range(25):
        ProductFactory(code=f"P{number:02}", producer_group=group, area=tang)
    rebuild()
    # When a reader of Thai follows the area's "next" link
    first = client.get(reverse("catalog_area", args=["BT-33-03"]), {"lang": "th"}).text
    link = re.search(r'<nav class="pagination".*?<a href="([^"]+)"', first, re.S)[1]
    second = client.get(reverse("catalog_area", args=["BT-33-03"]) + link.replace("&amp;", "&"))
    # Then they read the second page, in Thai
    assert second.context["page"].number == 2
    assert '<html lang="th">' in second.text
