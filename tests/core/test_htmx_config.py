"""htmx is configured once for every page: refused forms are swapped, and failures are said."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def htmx_config(html: str) -> dict:
    return json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)[1])


@pytest.mark.parametrize("name", ["login", "catalog_home"])
def test_staff_and_public_layouts_swap_refused_forms_and_never_eval(client, name):
    config = htmx_config(client.get(reverse(name)).text)

    assert config["allowEval"] is False
    assert "style" not in config["attributesToSettle"]
    assert 0 < config["timeout"] <= 120_000
    swapped = [rule["code"] for rule in config["responseHandling"] if rule["swap"]]
    for status in ("200", "400", "403", "404", "409", "422"):
        assert any(re.search(code, status) for code in swapped), status
    for status in ("500", "502", "503"):
        assert not any(re.search(code, status) for code in swapped), status


@pytest.mark.parametrize("name", ["login", "catalog_home"])
def test_the_failure_messages_come_with_the_page_in_its_language(client, name):
    with translation.override("th"):
        html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="th").text

    script = re.search(r"<script src=\"[^\"]*requests\.js\"[^>]*>", html, re.S)[0]
    assert "เซิร์ฟเวอร์บันทึกรายการนี้ไม่ได้ (ข้อผิดพลาด %(status)s)" in script
    assert "ติดต่อแพลตฟอร์มไม่ได้" in script
