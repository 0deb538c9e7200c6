"""Two app servers, as two machines would run them: `ogop serve` twice, each with its own
OGOP_DATA_DIR, on one database (PostgreSQL when the suite runs on it, else one SQLite file),
with the same SECRET_KEY and one S3-compatible bucket (moto's server, started here). A photo
uploaded through A is served by B; a non-public one is refused to a visitor on B and sent to
its producer there, by B itself or through a signed address of the bucket."""

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
import requests
from bench.loadtest import Server, free_port
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from ogop.accounts.models import Role, User
from tests import s3
from tests.core_images import png_bytes
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.html_forms import form_data
from tests.s3 import Endpoint
from tests.served import served_database
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# The servers run in other processes: they must see committed data.
pytestmark = pytest.mark.django_db(transaction=True)
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module
_endpoint = s3.endpoint_fixture

PASSWORD = "two-servers-password-1"
MEDIA_LINK = re.compile(r'<img src="(/media/products/[^"]+)"')


def producer_of(group: Any) -> User:
    user = UserFactory(role=Role.PRODUCER, username="two-servers-producer")
    # A hasher every configuration knows: the servers' settings are not the tests'.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save()
    group.representatives.add(user)
    return user


def servers(tmp_path: Path, environment: dict[str, str]) -> list[Server]:
    """Servers A and B, each with a data folder of its own."""
    started = []
    for name in ("a", "b"):
        data = tmp_path / name
        data.mkdir()
        env = {**os.environ, **environment, "OGOP_DATA_DIR": str(data)}
        server = Server(free_port(), env, workers=1)
        server.start()
        started.append(server)
    return started


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def upload_photo(session: requests.Session, base: str, code: str) -> None:
    """Add a photo on the product's edit page, as a person would."""
    page = lxml.html.fromstring(session.get(f"{base}/products/{code}/edit/", timeout=30).text)
    (form,) = [form for form in page.iter("form") if form.xpath(".//input[@name='photo']")]
    answer = session.post(
        f"{base}/products/{code}/edit/",
        data=form_data(form),
        files={"photo": ("photo.png", png_bytes((64, 48)), "image/png")},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[:2000]


def photo_links(session: requests.Session, page: str) -> list[str]:
    return MEDIA_LINK.findall(session.get(page, timeout=30).text)


@pytest.mark.parametrize("signed_urls", ["0", "1"], ids=["sent-by-the-app", "signed-urls"])
def test_a_photo_uploaded_through_a_is_served_by_b_and_a_non_public_one_only_to_those_allowed(
    tmp_path: Path, endpoint: Endpoint, signed_urls: str
) -> None:
    group = ProducerGroupFactory()
    ProductFactory(producer_group=group, code="TWO-PUB", is_public=True)
    ProductFactory(producer_group=group, code="TWO-HID", is_public=False)
    producer = producer_of(group)
    bucket = endpoint.new_bucket()
    environment = {
        **endpoint.environment(bucket),
        "OGOP_S3_SIGNED_URLS": signed_urls,
        "DATABASE_URL": served_database(tmp_path),
        "SECRET_KEY": "one-key-for-every-app-server-of-the-installation",
        "OGOP_HTTPS": "0",
        "DEBUG": "0",
    }
    a, b = servers(tmp_path, environment)
    try:
        on_a, on_b = (f"http://127.0.0.1:{server.port}" for server in (a, b))
        session_a = signed_in(on_a, producer.username)
        for code in ("TWO-PUB", "TWO-HID"):
            upload_photo(session_a, on_a, code)
        assert len(endpoint.keys(bucket)) == 4  # each photo and its thumbnail, in the bucket
        assert not (tmp_path / "a" / "media").exists()  # nothing on A's own disk

        visitor = requests.Session()
        # The public product: B's catalog page shows the photo A took in, to a visitor.
        (public,) = photo_links(visitor, f"{on_b}/p/TWO-PUB/")
        answer = visitor.get(f"{on_b}{public}", timeout=30)
        assert answer.status_code == 200
        assert answer.content == endpoint.read(bucket, public.removeprefix("/media/"))
        assert answer.headers["Content-Type"] == "image/jpeg"  # the thumbnail

        # The non-public one: B refuses it to a visitor, and sends it to its producer.
        session_b = signed_in(on_b, producer.username)
        hidden = photo_links(session_b, f"{on_b}/products/TWO-HID/")
        assert len(hidden) == 1
        refused = visitor.get(f"{on_b}{hidden[0]}", allow_redirects=False, timeout=30)
        assert refused.status_code == 404
        assert "Location" not in refused.headers
        assert visitor.get(f"{on_b}/p/TWO-HID/", timeout=30).status_code == 404

        sent = session_b.get(f"{on_b}{hidden[0]}", timeout=30)
        assert sent.status_code == 200
        assert sent.content == endpoint.read(bucket, hidden[0].removeprefix("/media/"))
        if signed_urls == "1":
            assert [step.status_code for step in sent.history] == [302]
            assert urlsplit(sent.url).netloc == urlsplit(endpoint.url).netloc
            assert "X-Amz-Signature=" in sent.url
        else:
            assert sent.history == []
    finally:
        a.stop()
        b.stop()
