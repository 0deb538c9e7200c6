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
