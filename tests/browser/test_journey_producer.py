"""A producer's day: their home says what their products lack; they add the names in Thai and
Dzongkha and a photo (a GIF first, refused), renew an expired certification (the connection
drops on the first try), and see their product's public page."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from ogop.accounts.models import Role
from ogop.catalog.indexing import rebuild
from ogop.products.models import Certification
from tests.browser.conftest import Journey, log_in
from tests.core_images import png_bytes
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "producer"
NAMES = {"en": "Yak cheese", "th": "ชีสจามรี", "dz": "གཡག་ཆུ་ར"}


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="GIF")
    return buffer.getvalue()


def test_a_producer_completes_what_the_catalog_lacks(journey: Journey) -> None:
    group = ProducerGroupFactory(name_en="Tang yak herders", name_th="กลุ่มเลี้ยงจามรี")
    group.name_dz = "གཡག་རྫི་སྡེ་ཚན"
    group.is_public = True
    group.save()
    product = ProductFactory(
        producer_group=group, code="BT-YAK", name_en=NAMES["en"], name=NAMES["en"]
    )
    Certification.objects.create(
        product=product,
        kind="organic",
        number="ORG-7",
        valid_until=timezone.localdate() - dt.timedelta(days=3),
    )
    producer = UserFactory(role=Role.PRODUCER, first_name="Pema")
    group.representatives.add(producer)
    rebuild()
    page, say = journey.page, journey.say

    # She lands on her home: her product lacks a photo, both names and a valid certification.
    log_in(page, producer)
    expect(page.locator("h1")).to_have_text(say("Your groups and products"))
    journey.reads()
    item = page.locator(".home-product[data-code='BT-YAK']")
    for action in (
        "Add a photo",
        "Add the name in Thai",
        "Add the name in Dzongkha",
        "Renew the expired certification",
    ):
        expect(item.get_by_role("link", name=say(action))).to_be_visible()
    journey.shot("home")

    # She adds the names, and a photo: a GIF first, which is refused; her names stay typed.
    item.get_by_role("link", name=say("Add the name in Thai")).click()
    expect(page.locator("#id_name_th")).to_be_visible()
    page.fill("#id_name_th", NAMES["th"])
    page.fill("#id_name_dz", NAMES["dz"])
    page.set_input_files(
        "#id_photo", files=[{"name": "cheese.gif", "mimeType": "image/gif", "buffer": gif_bytes()}]
    )
    page.locator("form.form button.primary").click()
    refused = page.locator(".field.has-error .error")
    expect(refused).to_have_text(say("Upload a JPEG, PNG or WebP photo."))
    expect(page.locator("#id_name_th")).to_have_value(NAMES["th"])
    journey.shot("photo-refused")
    page.set_input_files(
        "#id_photo",
        files=[{"name": "cheese.png", "mimeType": "image/png", "buffer": png_bytes((300, 200))}],
    )
    page.locator("form.form button.primary").click()
    expect(page.locator(".messages")).to_contain_text(say("The changes were saved."))

    # Back home, only the certification is left; she renews it, and the connection drops.
    page.goto("/staff/")
    expect(item.get_by_role("link", name=say("Add a photo"))).to_have_count(0)
    expect(item.get_by_role("link", name=say("Add the name in Thai"))).to_have_count(0)
    item.get_by_role("link", name=say("Renew the expired certification")).click()
    certifications = page.locator("#certifications")
    certifications.get_by_role("link", name=say("Edit"), exact=True).click()
    next_year = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    page.fill("#certifications #id_valid_until", next_year)
    page.context.set_offline(True)
    certifications.locator("button.primary").click()
    problem = page.locator(".request-problem")
    expect(problem).to_have_text(
        say(
            "The platform could not be reached: check the connection, then try again. "
            "Nothing was lost on your screen."
        )
    )
    journey.shot("offline")
    page.context.set_offline(False)
    certifications.locator("button.primary").click()
    expect(page.locator("#certifications .badge.warning")).to_have_count(0)
    expect(page.locator(".request-problem")).to_have_count(0)

    # Nothing is missing any more; her public page shows the name in her language, and the photo.
    page.goto("/staff/")
    expect(page.locator("#missing")).to_contain_text(
        say("Nothing is missing: every product has its photo, its names and valid certifications.")
    )
    journey.shot("complete")
    item.get_by_role("link", name=say("Public page")).click()
    expect(page.locator("h1")).to_contain_text(NAMES[journey.language])
    photo = page.locator(".photos img").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    journey.shot("public-page")
