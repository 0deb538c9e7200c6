"""Uploads kept in an S3-compatible bucket (core.storage, core.media): stored there, linked on
the platform, sent only to those who may see them, by the platform or through a signed
address; the bucket itself refuses anyone without a signature."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ogop.core.images import clean_image
from ogop.products.models import Product, ProductPhoto
from ogop.products.services import product_photo_add
from tests import s3
from tests.core_images import png_bytes
from tests.s3 import Endpoint

pytestmark = pytest.mark.django_db
_endpoint, _bucket = s3.endpoint_fixture, s3.bucket_fixture


def add_photo(product: Product) -> ProductPhoto:
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    return product_photo_add(product=product, image=clean_image(upload))


def unpublished(product: Product) -> Product:
    Product.objects.filter(pk=product.pk).update(is_public=False)
    return product


def fetch(url: str) -> tuple[int, bytes, Message]:
    """GET an address outside the platform (the bucket's own): the status, the body and the
    headers (their names in any case)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as refused:
        return refused.code, b"", refused.headers


def test_an_uploaded_photo_and_its_thumbnail_are_kept_in_the_bucket_not_on_disk(
    endpoint: Endpoint, bucket: str, product: Product, settings: Any
) -> None:
    photo = add_photo(product)
    assert endpoint.keys(bucket) == sorted([photo.image.name, photo.thumbnail.name])
    assert endpoint.read(bucket, photo.image.name)[:8] == b"\x89PNG\r\n\x1a\n"
    assert not Path(settings.MEDIA_ROOT).exists()
    # Pages link the platform's address, where who asks is checked, never the bucket's.
    assert photo.image.url == f"/media/{photo.image.name}"
    assert photo.thumbnail.url == f"/media/{photo.thumbnail.name}"


def test_a_public_photo_is_sent_by_the_platform_from_the_bucket(
    client: Any, endpoint: Endpoint, bucket: str, product: Product
) -> None:
    photo = add_photo(product)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == endpoint.read(bucket, photo.image.name)
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_non_public_photo_is_refused_to_a_visitor_and_sent_to_its_producer(
    client: Any, endpoint: Endpoint, bucket: str, producer: Any, product: Product
) -> None:
    photo = add_photo(unpublished(product))
    assert [
        client.get(photo.image.url).status_code,
        client.get(photo.thumbnail.url).status_code,
    ] == [
        404,
        404,
    ]
    client.force_login(producer)
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == endpoint.read(bucket, photo.thumbnail.name)
    assert response["Cache-Control"] == "private, max-age=600"


def test_the_bucket_refuses_its_objects_to_anyone_without_a_signature(
    endpoint: Endpoint, bucket: str, product: Product
) -> None:
    photo = add_photo(product)
    status, body, _headers = fetch(f"{endpoint.url}/{bucket}/{photo.image.name}")
    assert status == 403
    assert body == b""


def test_with_signed_urls_an_allowed_person_is_redirected_to_an_address_that_soon_expires(
    client: Any, endpoint: Endpoint, bucket: str, producer: Any, product: Product, settings: Any
) -> None:
    settings.OGOP_S3_SIGNED_URLS = True
    settings.OGOP_S3_SIGNED_SECONDS = 120
    photo = add_photo(unpublished(product))
    assert client.get(photo.image.url).status_code == 404  # a visitor gets no address

    client.force_login(producer)
    response = client.get(photo.image.url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, max-age=60"
    address = urlsplit(response["Location"])
    assert f"{address.scheme}://{address.netloc}{address.path}" == (
        f"{endpoint.url}/{bucket}/{photo.image.name}"
    )
    query = parse_qs(address.query)
    assert query["X-Amz-Expires"] == ["120"]
    assert query["X-Amz-Signature"][0]
    status, body, headers = fetch(response["Location"])
    assert status == 200
    assert body == endpoint.read(bucket, photo.image.name)
    assert headers["Content-Type"] == "image/png"
    assert headers["Cache-Control"] == "private, max-age=600"


def test_a_photo_whose_object_is_missing_from_the_bucket_is_not_found(
    client: Any, endpoint: Endpoint, bucket: str, product: Product
) -> None:
    photo = add_photo(product)
    endpoint.client().delete_object(Bucket=bucket, Key=photo.image.name)
    assert client.get(photo.image.url).status_code == 404
    assert client.get(photo.thumbnail.url).status_code == 200


# Settings read from the environment ----------------------------------------------------------

SHOW_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'default': settings.STORAGES['default'], "
    "'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
)


def settings_under(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OGOP_S3_", "OGOP_MEDIA_ACCEL"))
    }
    env.update(OGOP_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="ogop.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], env=env, capture_output=True, text=True, timeout=60
    )


def test_uploads_stay_on_local_disk_unless_a_bucket_is_named(tmp_path: Path) -> None:
    shown = json.loads(settings_under(tmp_path).stdout)
    assert shown["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert shown["img_src"] == ["'self'", "data:"]


def test_a_bucket_named_in_the_environment_keeps_the_uploads_privately(tmp_path: Path) -> None:
    result = settings_under(
        tmp_path,
        OGOP_S3_BUCKET="ogop-photos",
        OGOP_S3_ENDPOINT_URL="https://store.example.org:9000/",
        OGOP_S3_PREFIX="/thimphu/",
        OGOP_S3_SIGNED_URLS="1",
    )
    shown = json.loads(result.stdout)
    assert shown["default"]["BACKEND"] == "ogop.core.storage.ObjectStorage"
    options = shown["default"]["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("ogop-photos", "thimphu")
    assert (options["default_acl"], options["querystring_auth"]) == (None, True)
    assert options["addressing_style"] == "path"
    # Pages may show photos from the store the platform redirects to, and from nowhere else.
    assert shown["img_src"] == ["'self'", "data:", "https://store.example.org:9000"]


def test_sending_files_from_disk_with_a_bucket_stops_the_platform_at_start(tmp_path: Path) -> None:
    result = settings_under(tmp_path, OGOP_S3_BUCKET="ogop-photos", OGOP_MEDIA_ACCEL="x-accel")
    assert result.returncode != 0
    assert "with OGOP_S3_BUCKET the files are in the bucket: unset OGOP_MEDIA_ACCEL" in (
        result.stderr
    )
