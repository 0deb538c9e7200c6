"""What a Bhutanese producer, cashier, partner officer and buyer read is in Dzongkha.

Each page they use is rendered in Dzongkha with the demo's data, while every translation the
page looks up is recorded; a looked-up English text that has no Dzongkha translation is a
text they would read in English. This sees the strings of templates, forms, models and views
alike, and the PDFs (labels, fair and programme reports), whose text is rendered the same way.
"""

import re
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ogop.accounts.models import User
from ogop.fairs.models import Booth, Fair
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.models import Programme
from ogop.supply.models import Batch

LATIN_LETTER = re.compile(r"[A-Za-z]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    yield
    translation.deactivate()


class Untranslated:
    """Records every English text looked up while Dzongkha is active and not translated."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def wrap(self, lookup: Callable[..., str], msgid_at: int) -> Callable[..., str]:
        def recording(*args: Any) -> str:
            result = lookup(*args)
            msgid = str(args[msgid_at])
            words = PLACEHOLDER.sub("", msgid)
            if (
                translation.get_language() == "dz"
                and result == msgid
                and LATIN_LETTER.search(words)
            ):
                self.found.add(msgid)
            return result

        return recording


@pytest.fixture
def untranslated(monkeypatch: pytest.MonkeyPatch) -> Untranslated:
    recorder = Untranslated()
    trans = translation._trans  # type: ignore[attr-defined]
    for name, msgid_at in [("gettext", 0), ("ngettext", 0), ("pgettext", 1), ("npgettext", 1)]:
        monkeypatch.setattr(trans, name, recorder.wrap(getattr(trans, name), msgid_at))
    return recorder


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo", stdout=StringIO())


def _client(username: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="dz")
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def _pages() -> list[tuple[str | None, str]]:
    """(who reads it, address): the pages of the buyer, producer, cashier and partner officer."""
    product = Product.objects.get(code="BT-P003")
    group = product.producer_group
    mine = ProducerGroup.objects.get(code="PG-TANG-HONEY")
    my_product = mine.products.order_by("code").first()
    assert my_product is not None
    fair = Fair.objects.get(code="OTOP-CITY-2017")
    booth = Booth.objects.filter(fair=fair, cashiers__username="cashier").get()
    programme = Programme.objects.get()
    sale = fair.booths.first().exhibits.first().sales.first()  # type: ignore[union-attr]
    batch = Batch.objects.get(product=product, code=f"{product.code}-1712")
    public = [
        reverse("catalog_home"),
        reverse("catalog_search") + "?q=honey",
        reverse("catalog_search") + "?category=food",
        reverse("catalog_browse"),
        reverse("catalog_area", args=[product.area.code]),
        reverse("catalog_area", args=[product.area.parent.code]),  # type: ignore[union-attr]
        reverse("catalog_product", args=[product.code]),
        reverse("catalog_group", args=[group.code]),
        reverse("catalog_fair", args=[fair.code]),
        batch.trace_path(),  # what a shop's customer reads from a label's QR code
        reverse("login"),
    ]
    producer = [
        reverse("home"),
        reverse("producer_group_list"),
        reverse("producer_group_detail", args=[mine.code]),
        reverse("producer_group_edit", args=[mine.code]),
        reverse("product_list"),
        reverse("product_detail", args=[my_product.code]),
        reverse("product_edit", args=[my_product.code]),
        reverse("certification_create", args=[my_product.code]),
        reverse("product_label", args=[my_product.code]) + "?language=dz",
        reverse("my_deliveries"),
        reverse("purchase_list"),
        reverse("group_account", args=[mine.code]),
        reverse("batch_list"),
        reverse("preferences"),
    ]
    cashier = [
        reverse("home"),
        reverse("fair_list"),
        reverse("fair_detail", args=[fair.code]),
        reverse("fair_booth_detail", args=[fair.code, booth.code]),
        reverse("fair_counter", args=[fair.code, booth.code]),
        reverse("preferences"),
    ]
    # A partner's home sends them to the programme's dashboard, read below.
    partner = [
        reverse("area_list"),
        reverse("product_list"),
        reverse("registry_import"),
        reverse("fair_report", args=[fair.code]),
        reverse("fair_report_pdf", args=[fair.code]),
        reverse("fair_sale_list", args=[fair.code]),
        reverse("programme_list"),
        reverse("programme_detail", args=[programme.pk]),
        reverse("programme_dashboard", args=[programme.pk]),
        reverse("programme_money", args=[programme.pk]),
        reverse("results_framework", args=[programme.pk]),
        reverse("programme_report_pdf", args=[programme.pk]),
        reverse("preferences"),
    ]
    officer = [reverse("fair_sale_receipt", args=[fair.code, sale.client_uuid])]  # type: ignore[union-attr]
    return (
        [(None, address) for address in public]
        + [("producer", address) for address in producer]
        + [("cashier", address) for address in cashier]
        + [("partner", address) for address in partner]
        + [("officer", address) for address in officer]
    )


def test_every_text_a_bhutanese_reader_sees_is_in_dzongkha(demo, untranslated):
    assert User.objects.filter(username__in=["producer", "cashier", "partner"]).count() == 3
    english: dict[str, list[str]] = {}
    for username, address in _pages():
        untranslated.found.clear()
        response = _client(username).get(address)
        assert response.status_code == 200, (username, address, response.status_code)
        if response.get("Content-Language"):
            assert response["Content-Language"] == "dz", address
        if untranslated.found:
            english[f"{username or 'public'} {address}"] = sorted(untranslated.found)
    assert english == {}, "\n".join(f"{page}: {texts}" for page, texts in english.items())


def test_a_refused_login_and_a_wrong_form_speak_dzongkha(demo, untranslated):
    client = _client(None)
    refused = client.post(reverse("login"), {"username": "producer", "password": "wrong"})
    assert refused.status_code == 200
    producer = _client("producer")
    code = ProducerGroup.objects.get(code="PG-TANG-HONEY").products.order_by("code")[0].code
    wrong = producer.post(reverse("product_edit", args=[code]), {"price": "-5"})
    assert wrong.status_code in (200, 422)
    assert untranslated.found == set(), sorted(untranslated.found)


def test_the_recorder_sees_an_english_text(db, untranslated):
    # The check above depends on the recorder: an untranslated text must be seen.
    with translation.override("dz"):
        translation.gettext("A text nobody has translated")
        translation.gettext("Products")
    assert untranslated.found == {"A text nobody has translated"}
