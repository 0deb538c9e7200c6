"""What every page carries besides its content: the site's icon, its title, the skip link."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def test_the_site_icon_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file


def test_the_home_page_title_names_the_catalog_once(client, db):
    text = client.get(reverse("catalog_home")).text
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == "Products of One Gewog One Product · OGOP catalog"


@pytest.mark.parametrize("signed_in", [False, True], ids=["catalog", "staff"])
def test_both_layouts_link_the_icon_and_open_with_a_skip_link(client, officer, signed_in):
    if signed_in:
        client.login(username=officer.username, password=PASSWORD)
    text = client.get(reverse("home" if signed_in else "catalog_home")).text
    assert 'rel="icon"' in text
    body = text.split("<body", 1)[1]
    first_link = body.split("<a ", 1)[1]
    assert first_link.startswith('class="skip-link" href="#main"')
    assert '<main id="main" tabindex="-1">' in body
