"""Who may fetch a product's photo ("media_file"): everyone for a public product, those who
may see the product otherwise, and a 404, as for a file that does not exist, for others."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.core.images import clean_image
from ogop.products.models import Product, ProductPhoto
from ogop.products.services import product_photo_add
from tests.core_images import png_bytes

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"products/[A-Za-z0-9_-]{32}\.(jpg|png|webp)")


def add_photo(product, name="comment.png"):
    upload = SimpleUploadedFile(name, png_bytes(), content_type="image/png")
    return product_photo_add(product=product, image=clean_image(upload))


def unpublished(product):
    Product.objects.filter(pk=product.pk).update(is_public=False)
    return product


def urls(photo):
    return [photo.image.url, photo.thumbnail.url]


def status_codes(client, photo):
    return [client.get(url).status_code for url in urls(photo)]


def test_an_unpublished_products_photo_is_not_found_for_an_anonymous_visitor(client, product):
    photo = add_photo(unpublished(product))
    assert status_codes(client, photo) == [404, 404]


def test_a_photo_of_a_product_in_an_unpublished_group_is_not_found_for_a_visitor(client, product):
    photo = add_photo(product)
    product.producer_group.is_public = False
    product.producer_group.save()
    assert status_codes(client, photo) == [404, 404]


def test_an_unpublished_products_photo_is_not_found_for_another_groups_producer(
    client, make_user, product
):
    photo = add_photo(unpublished(product))
    client.force_login(make_user(Role.PRODUCER))
    assert status_codes(client, photo) == [404, 404]


def test_an_unpublished_products_photo_is_sent_to_its_producer(client, producer, product):
    photo = add_photo(unpublished(product))
    client.force_login(producer)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    with photo.image.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Cache-Control"] == "private, max-age=600"
    assert status_codes(client, photo) == [200, 200]


def test_an_unpublished_products_photo_is_sent_to_an_officer(client, officer, product):
    photo = add_photo(unpublished(product))
    client.force_login(officer)
    assert status_codes(client, photo) == [200, 200]


def test_a_published_products_photo_is_sent_to_everyone_and_may_be_kept(client, product):
    photo = add_photo(product)
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "sessionid" not in response.cookies
    assert status_codes(client, photo) == [200, 200]


def test_a_file_in_the_uploads_that_is_no_photo_of_a_product_is_not_found(client, settings):
    (settings.MEDIA_ROOT / "products").mkdir(parents=True)
    (settings.MEDIA_ROOT / "products" / "stray.jpg").write_bytes(png_bytes())
    assert client.get("/media/products/stray.jpg").status_code == 404


def test_a_photo_is_stored_under_a_random_name_not_the_uploaders_nor_the_products_code(product):
    photo = add_photo(product, name="comment.png")
    names = [photo.image.name, photo.thumbnail.name]
    for name in names:
        assert RANDOM_NAME.fullmatch(name), name
        assert product.code not in name
        assert "comment" not in name
    assert names[0] != names[1]


def test_the_web_server_sends_the_file_when_told_to_by_x_accel(client, settings, product):
    settings.OGOP_MEDIA_ACCEL = "x-accel"
    settings.OGOP_MEDIA_ACCEL_LOCATION = "/protected-media/"
    photo = add_photo(product)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.image.name}"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""


def test_the_web_server_decides_nothing_under_x_accel_for_an_unpublished_product(
    client, settings, product
):
    settings.OGOP_MEDIA_ACCEL = "x-accel"
    response = client.get(add_photo(unpublished(product)).image.url)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_the_web_server_sends_the_file_when_told_to_by_x_sendfile(client, settings, product):
    settings.OGOP_MEDIA_ACCEL = "x-sendfile"
    photo = add_photo(product)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["X-Sendfile"] == photo.image.path


def test_a_photo_url_answers_only_get_and_head(client, product):
    photo = add_photo(product)
    assert client.head(photo.image.url).status_code == 200
    assert client.post(photo.image.url).status_code == 405


def test_the_route_is_named_media_file(product):
    photo = add_photo(product)
    assert reverse("media_file", args=[photo.image.name]) == photo.image.url


# Photos stored under the old names are renamed -------------------------------------------

rename = importlib.import_module("ogop.products.migrations.0005_media_photo_names")


def test_photos_stored_under_their_old_names_are_renamed_and_the_old_files_removed(
    product, django_capture_on_commit_callbacks
):
    from django.apps import apps

    old_image = default_storage.save(f"products/{product.code}/comment.png", ContentFile(b"big"))
    old_small = default_storage.save(
        f"products/{product.code}/comment-small.jpg", ContentFile(b"small")
    )
    photo = ProductPhoto.objects.create(product=product, image=old_image, thumbnail=old_small)
    with django_capture_on_commit_callbacks(execute=True):
        rename.rename_photo_files(apps, None)
    photo.refresh_from_db()
    assert RANDOM_NAME.fullmatch(photo.image.name)
    assert RANDOM_NAME.fullmatch(photo.thumbnail.name)
    with photo.image.open("rb") as image, photo.thumbnail.open("rb") as small:
        assert (image.read(), small.read()) == (b"big", b"small")
    assert not default_storage.exists(old_image)
    assert not default_storage.exists(old_small)
    assert not default_storage.exists(f"products/{product.code}")  # the emptied folder


def test_renaming_leaves_random_names_and_missing_files_alone(
    product, django_capture_on_commit_callbacks
):
    from django.apps import apps

    kept = add_photo(product)
    missing = ProductPhoto.objects.create(product=product, image="products/P-0/gone.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        rename.rename_photo_files(apps, None)
    assert ProductPhoto.objects.get(pk=kept.pk).image.name == kept.image.name
    assert ProductPhoto.objects.get(pk=missing.pk).image.name == "products/P-0/gone.jpg"


def test_an_unknown_way_of_sending_photos_stops_the_platform_at_start(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "OGOP_DATA_DIR": str(tmp_path), "OGOP_MEDIA_ACCEL": "nginx"}
    result = subprocess.run(
        [sys.executable, "-c", "import ogop.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "OGOP_MEDIA_ACCEL must be x-accel, x-sendfile or off, not 'nginx'." in result.stderr
