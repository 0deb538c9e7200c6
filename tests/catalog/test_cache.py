"""The catalog's kept pages: served without a query, and never older than the registry.

Most tests here are transactional, as the server is: a write commits, and its commit retires
the kept pages for every process.
"""

import datetime as dt
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse

from ogop import settings as project_settings
from ogop.accounts.models import Role
from ogop.catalog import cache as catalog_cache
from ogop.catalog.cache import KeptPageMiddleware, cached_page, page_key
from ogop.core.freshness import CATALOG
from ogop.core.versions import changed
from ogop.places.models import Area
from ogop.products.models import Certification, CertificationKind
from ogop.products.services import product_photo_add, products_import
from ogop.rating.models import Criterion, Rubric
from ogop.rating.services import assessment_submit, round_close, round_create, scores_save
from tests.core_images import png_bytes
from tests.factories import ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

committed = pytest.mark.django_db(transaction=True)
BROWSE = reverse("catalog_browse")  # Bhutan's dzongkhags
BUMTHANG = reverse("catalog_area", args=["BT-33"])
HONEY = reverse("catalog_product", args=["HONEY"])


def count_shown(page: str, code: str) -> int:
    """The number of products shown beside an area's link."""
    link = re.escape(reverse("catalog_area", args=[code]))
    return int(re.search(rf'href="{link}">[^<]*</a> <span class="muted">(\d+)', page)[1])


def kept(client, url, django_assert_num_queries) -> str:
    """The page, asked twice: the second answer comes from the cache, with no query."""
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.text == first.text
    return again.text


def add_then_fail(group) -> None:
    with transaction.atomic():
        ProductFactory(name_en="Yak cheese", producer_group=group)
        raise RuntimeError("rolled back")


@pytest.fixture
def honey(db):
    return ProductFactory(code="HONEY", name_en="Wild honey", name="Wild honey")


@committed
def test_a_kept_page_is_served_without_a_query(client, honey, django_assert_num_queries):
    assert count_shown(kept(client, BROWSE, django_assert_num_queries), "BT-33") == 1
    assert "Wild honey" in kept(client, BUMTHANG, django_assert_num_queries)
    kept(client, reverse("catalog_home"), django_assert_num_queries)


@committed
def test_product_group_and_fair_pages_are_kept(client, honey, django_assert_num_queries):
    exhibit = ExhibitFactory(product=honey)
    assert exhibit.booth.fair.name in kept(client, HONEY, django_assert_num_queries)
    group = reverse("catalog_group", args=[honey.producer_group.code])
    assert "Wild honey" in kept(client, group, django_assert_num_queries)
    fair = reverse("catalog_fair", args=[exhibit.booth.fair.code])
    assert "Wild honey" in kept(client, fair, django_assert_num_queries)


@committed
def test_a_product_shown_at_a_fair_lists_it_at_once(client, honey, django_assert_num_queries):
    booth = BoothFactory()
    assert booth.fair.name not in kept(client, HONEY, django_assert_num_queries)
    exhibit = ExhibitFactory(product=honey, booth=booth)
    assert booth.fair.name in client.get(HONEY).text
    booth.fair.name_en = booth.fair.name = "OTOP City"
    booth.fair.save()
    assert "OTOP City" in client.get(HONEY).text
    exhibit.delete()
    assert "OTOP City" not in client.get(HONEY).text


@committed
def test_a_new_certification_shows_at_once(client, honey, django_assert_num_queries):
    assert "<dd>organic" not in kept(client, HONEY, django_assert_num_queries)
    certification = Certification.objects.create(product=honey, kind=CertificationKind.ORGANIC)
    assert "<dd>organic" in client.get(HONEY).text
    certification.delete()
    assert "<dd>organic" not in client.get(HONEY).text


def test_a_page_is_kept_apart_for_each_day_and_host(rf, db, monkeypatch):
    """A certification shows as expired from the day after its end: the day is in the key."""
    request = rf.get(HONEY)
    key = page_key(request, ())
    assert page_key(rf.get(HONEY), ()) == key
    assert page_key(rf.get(HONEY, HTTP_HOST="127.0.0.1"), ()) != key
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    later = type("date", (), {"today": staticmethod(lambda: tomorrow)})
    monkeypatch.setattr(catalog_cache, "dt", type("dt", (), {"date": later}))
    assert page_key(rf.get(HONEY), ()) != key


@committed
def test_a_saved_product_shows_at_once(client, honey, django_assert_num_queries):
    kept(client, BUMTHANG, django_assert_num_queries)
    ProductFactory(name_en="Yak cheese", name="Yak cheese", producer_group=honey.producer_group)
    assert count_shown(client.get(BROWSE).text, "BT-33") == 2
    assert "Yak cheese" in client.get(BUMTHANG).text


@committed
def test_a_product_made_private_leaves_at_once(client, honey, django_assert_num_queries):
    kept(client, BUMTHANG, django_assert_num_queries)
    kept(client, BROWSE, django_assert_num_queries)
    honey.is_public = False
    honey.save()
    assert "Wild honey" not in client.get(BUMTHANG).text
    assert count_shown(client.get(BROWSE).text, "BT-33") == 0


@committed
def test_a_deleted_product_leaves_at_once(client, honey, django_assert_num_queries):
    kept(client, BUMTHANG, django_assert_num_queries)
    honey.delete()
    assert "Wild honey" not in client.get(BUMTHANG).text


@committed
def test_a_group_made_private_takes_its_products_off_at_once(
    client, honey, django_assert_num_queries
):
    kept(client, BROWSE, django_assert_num_queries)
    group = honey.producer_group
    group.is_public = False
    group.save()
    assert count_shown(client.get(BROWSE).text, "BT-33") == 0


@committed
def test_imported_products_show_at_once(client, honey, django_assert_num_queries):
    kept(client, BUMTHANG, django_assert_num_queries)
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    row = product_row(
        "P-IMPORTED", producer_code=honey.producer_group.code, area_code="BT-33-03", public="yes"
    )
    products_import(data=csv_bytes(PRODUCT_HEADER, [row]), user=officer)
    page = client.get(BUMTHANG).text
    assert "Product P-IMPORTED" in page
    assert count_shown(client.get(BROWSE).text, "BT-33") == 2


@committed
def test_a_closed_rating_round_shows_its_stars_at_once(client, honey, django_assert_num_queries):
    assert "data-stars" not in kept(client, BUMTHANG, django_assert_num_queries)
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    assessor = UserFactory(role=Role.ASSESSOR)
    rubric = Rubric.objects.get(code="ocop-vn", is_active=True)
    panel = round_create(
        name="Panel",
        date=dt.date(2018, 6, 1),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
        products=[honey],
    )
    criteria = Criterion.objects.filter(part__rubric=rubric)
    points = {c.pk: (c.max_points * Decimal("0.9")).quantize(Decimal("0.01")) for c in criteria}
    scores_save(assessment_round=panel, assessor=assessor, product=honey, points=points)
    assessment_submit(assessment_round=panel, assessor=assessor, product=honey)
    round_close(assessment_round=panel, user=officer)
    honey.refresh_from_db()
    assert honey.stars
    assert f'data-stars="{honey.stars}"' in client.get(BUMTHANG).text


@committed
def test_a_new_photo_shows_at_once(client, honey, django_assert_num_queries):
    assert 'src="/media/' not in kept(client, BUMTHANG, django_assert_num_queries)
    product_photo_add(product=honey, image=ContentFile(png_bytes(), name="honey.png"))
    assert 'src="/media/' in client.get(BUMTHANG).text


@committed
def test_a_renamed_area_shows_at_once(client, honey, django_assert_num_queries):
    kept(client, BROWSE, django_assert_num_queries)
    bumthang = Area.objects.get(code="BT-33")
    bumthang.name_en = "Bumthang Valley"
    bumthang.save()
    assert "Bumthang Valley" in client.get(BROWSE).text


@committed
def test_loading_the_shipped_areas_again_shows_their_names_at_once(
    client, honey, django_assert_num_queries
):
    # A name changed in the database by hand, as a restored old copy might hold it: no hook
    # sees such a write, and the page shown then is kept.
    Area.objects.filter(code="BT-33").update(name_en="Chamkhar")
    assert "Chamkhar" in kept(client, BROWSE, django_assert_num_queries)
    call_command("load_areas", stdout=StringIO())
    page = client.get(BROWSE).text
    assert "Bumthang" in page
    assert "Chamkhar" not in page


@committed
def test_a_rolled_back_change_leaves_the_kept_page(client, honey, django_assert_num_queries):
    before = kept(client, BUMTHANG, django_assert_num_queries)
    with pytest.raises(RuntimeError):
        add_then_fail(honey.producer_group)
    with django_assert_num_queries(0):
        assert client.get(BUMTHANG).text == before


@committed
def test_a_writer_sees_its_change_before_it_commits(client, honey, django_assert_num_queries):
    kept(client, BUMTHANG, django_assert_num_queries)
    with transaction.atomic():
        ProductFactory(name_en="Yak cheese", name="Yak cheese", producer_group=honey.producer_group)
        assert "Yak cheese" in client.get(BUMTHANG).text
    assert "Yak cheese" in client.get(BUMTHANG).text


def test_each_language_and_each_kind_of_digits_is_kept_apart(client, db):
    assert 'lang="en"' in client.get(BROWSE).text
    assert 'lang="th"' in client.get(BROWSE, {"lang": "th"}).text
    assert 'lang="en"' in client.get(BROWSE).text
    reader = UserFactory(role=Role.PROGRAMME_OFFICER, thai_digits=True)
    plain = client.get(BROWSE, {"country": "TH", "lang": "th"}).text
    client.force_login(reader)
    assert client.get(BROWSE, {"country": "TH", "lang": "th"}).text != plain


def test_other_parameters_are_rendered_not_kept(client, db, django_assert_max_num_queries):
    client.get(BROWSE, {"country": "TH", "utm": "x"})
    with django_assert_max_num_queries(20) as rendered:
        client.get(BROWSE, {"country": "TH", "utm": "x"})
    assert len(rendered.captured_queries) > 0


def test_a_made_up_language_is_rendered_not_kept(client, db, django_assert_max_num_queries):
    client.get(BROWSE, {"lang": "xx"})
    with django_assert_max_num_queries(20) as rendered:
        assert 'lang="en"' in client.get(BROWSE, {"lang": "xx"}).text
    assert len(rendered.captured_queries) > 0


def test_the_pages_are_kept_in_a_cache_the_workers_share():
    cache = project_settings.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"].startswith(str(project_settings.DATA_DIR))


def test_a_page_holding_a_form_token_is_not_kept(rf, db):
    rendered = []

    @cached_page()
    def with_a_form(request):
        rendered.append(request)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    with_a_form(rf.get("/form/"))
    with_a_form(rf.get("/form/"))
    assert len(rendered) == 2


# Visitors without cookies: answered whole, before the other middlewares run


def passed_the_middlewares(response) -> bool:
    return hasattr(response.wsgi_request, "session")


@pytest.fixture
def own_version(transactional_db):
    """A catalog version of this test's own: no page kept before it is served here, and no
    made-up page kept here is served after it."""
    changed(CATALOG)
    yield
    changed(CATALOG)


@committed
def test_a_visitor_without_cookies_gets_the_kept_answer_whole(
    client, honey, django_assert_num_queries
):
    first = client.get(HONEY)
    assert passed_the_middlewares(first)
    with django_assert_num_queries(0):
        again = client.get(HONEY)
    assert not passed_the_middlewares(again)
    assert again.content == first.content
    # Each answer has its own request id (core.request_ids); every other header is kept.
    assert again["X-Request-ID"] != first["X-Request-ID"]
    assert dict(again.items()) | {"X-Request-ID": ""} == dict(first.items()) | {"X-Request-ID": ""}
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert again[header] == first[header]


@committed
def test_each_language_a_browser_asks_for_is_kept_apart(client, honey):
    for _ in range(2):
        assert 'lang="th"' in client.get(HONEY, HTTP_ACCEPT_LANGUAGE="th").text
        assert 'lang="en"' in client.get(HONEY).text
        assert 'lang="dz"' in client.get(HONEY, {"lang": "dz"}, HTTP_ACCEPT_LANGUAGE="th").text


@committed
def test_a_visitor_with_a_cookie_goes_through_the_middlewares(client, honey):
    client.get(HONEY)
    assert not passed_the_middlewares(client.get(HONEY))
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["django_language"] = "th"
    thai = client.get(HONEY)
    assert passed_the_middlewares(thai)
    assert 'lang="th"' in thai.text


@committed
def test_a_visitor_with_only_the_language_cookie_gets_kept_pages_in_its_language(
    client, honey, django_assert_num_queries
):
    # Given the page kept for a cookie-less visitor whose browser asks for English
    english = client.get(HONEY, HTTP_ACCEPT_LANGUAGE="en").text
    # When a visitor who chose Thai (the cookie only) asks for it, twice
    client.cookies["django_language"] = "th"
    first = client.get(HONEY, HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_num_queries(0):
        again = client.get(HONEY, HTTP_ACCEPT_LANGUAGE="en")
    # Then they read it in Thai, the second time from the kept pages
    assert 'lang="th"' in first.text
    assert not passed_the_middlewares(again)
    assert again.content == first.content
    assert again["Content-Language"] == "th"
    assert first.text != english
    # And the address's language beats the cookie's
    assert 'lang="dz"' in client.get(HONEY, {"lang": "dz"}).text


@committed
def test_a_kept_page_chosen_by_address_still_remembers_the_choice(client, honey):
    client.get(HONEY, {"lang": "dz"})
    client.cookies.clear()
    kept_answer = client.get(HONEY, {"lang": "dz"})
    assert not passed_the_middlewares(kept_answer)
    assert kept_answer.cookies["django_language"].value == "dz"
    assert 'lang="dz"' in kept_answer.text


def test_an_answer_that_sets_a_cookie_or_fails_is_not_kept(rf, own_version):
    answers = []

    def answer(request):
        response = HttpResponse("a page", status=answers[-1] if answers else 200)
        response.set_cookie("visitor", "1")
        answers.append(response.status_code)
        return response

    middleware = KeptPageMiddleware(answer)
    middleware(rf.get(BROWSE))
    middleware(rf.get(BROWSE))
    assert len(answers) == 2

    def failing(request):
        answers.append(500)
        return HttpResponse("broken", status=500)

    middleware = KeptPageMiddleware(failing)
    middleware(rf.get(BROWSE))
    middleware(rf.get(BROWSE))
    assert answers[2:] == [500, 500]


def test_htmx_and_the_page_asked_for_are_in_the_key(rf, own_version):
    middleware = KeptPageMiddleware(lambda request: HttpResponse(request.path))
    assert middleware(rf.get(BROWSE)).content == BROWSE.encode()
    assert middleware(rf.get(BUMTHANG)).content == BUMTHANG.encode()
    kept_htmx = KeptPageMiddleware(lambda request: HttpResponse("partial"))
    assert kept_htmx(rf.get(BROWSE, HTTP_HX_REQUEST="true")).content == b"partial"
    assert middleware(rf.get(BROWSE)).content == BROWSE.encode()


def test_other_pages_and_methods_are_not_kept(rf, own_version):
    calls = []

    def answer(request):
        calls.append(request.method)
        return HttpResponse("ok")

    middleware = KeptPageMiddleware(answer)
    for request in (rf.post(BROWSE), rf.get(reverse("catalog_search")), rf.get("/nowhere/")):
        middleware(request)
        middleware(request)
    assert len(calls) == 6
