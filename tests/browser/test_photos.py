"""Product photos in a browser: shown where they may be seen, and nowhere else."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Browser, Page, expect

from ogop.accounts.models import Role
from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from ogop.products.services import product_photo_add
from tests.browser.conftest import log_in
from tests.core_images import png_bytes
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = "img => img.complete && img.naturalWidth > 0"


@pytest.fixture
def group(db):
    return ProducerGroupFactory(area=Area.objects.get(code="BT-33-03"))


def photographed(group, *, public):
    product = ProductFactory(producer_group=group, is_public=public)
    product_photo_add(product=product, image=ContentFile(png_bytes((300, 200)), name="a.png"))
    return product


def test_a_public_products_photo_shows_in_the_catalog(page: Page, group):
    product = photographed(group, public=True)
    rebuild()
    page.goto(f"/p/{product.code}/")
    photo = page.locator(".photos img").first
    expect(photo).to_be_visible()
    assert photo.evaluate(SHOWN)


def test_an_unpublished_products_photo_shows_to_its_producer_and_to_no_visitor(
    page: Page, browser: Browser, live_server, group
):
    product = photographed(group, public=False)
    producer = UserFactory(role=Role.PRODUCER)
    group.representatives.add(producer)
    log_in(page, producer)
    page.goto(product.get_absolute_url())
    photo = page.locator(".photos img").first
    expect(photo).to_be_visible()
    assert photo.evaluate(SHOWN)
    address = photo.get_attribute("src")

    visitor = browser.new_context(base_url=live_server.url)
    try:
        response = visitor.new_page().goto(address)
        assert response is not None
        assert response.status == 404
    finally:
        visitor.close()
