"""Concurrent edits: a save made from a stale copy is refused, and nothing is lost.

Two sessions open one record's edit form; the first saves, the second is refused with who
changed what and both values; saving again keeps both changes. Two API clients: a stale
If-Match is refused (412); without If-Match two writes of different fields both survive.
"""

import contextlib
import json
import threading
from decimal import Decimal
from typing import Any

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.accounts.tokens import api_token_create
from ogop.core import concurrency
from ogop.core.history import CHANGE_TYPES
from ogop.producers.models import ProducerGroup
from ogop.products.models import Certification, CertificationKind, Product
from ogop.programme.models import Activity, ComponentBudget, Participation, ProgrammeSector
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory, UserFactory
from tests.programme.factories import (
    ActivityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    component,
)
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# The concurrent test is transactional: it runs on a database that threads share, and the
# shipped data (areas) its flush removes is given back (see tests/shipped.py).
_fixtures = (shipped_data_after_module, shipped_data_before_transactional_test)

API = "/api/v1"


def _session(role: str = Role.PROGRAMME_OFFICER) -> Client:
    client = Client()
    user = UserFactory(role=role)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _opened(client: Client, url: str) -> dict[str, Any]:
    """What a browser would send back from the page's edit form, as the page holds it."""
    response = client.get(url)
    assert response.status_code == 200
    return _form_values(response.content)


def _form_values(content: bytes) -> dict[str, Any]:
    forms = [
        form
        for form in lxml.html.fromstring(content).forms
        if form.inputs.keys() and concurrency.VERSION_INPUT in form.inputs
    ]
    assert len(forms) == 1, "the edit form carries the version it was opened at"
    textareas = {textarea.name for textarea in forms[0].xpath(".//textarea")}
    values: dict[str, list[str]] = {}
    for name, value in forms[0].form_values():
        # a browser drops the newline that opens a textarea's content
        value = value.removeprefix("\n") if name in textareas else value
        values.setdefault(name, []).append(value)
    return values


def _conflict_text(response: Any) -> str:
    panel = lxml.html.fromstring(response.content).xpath("//*[@class='edit-conflict']")
    assert len(panel) == 1, "the refused save shows what changed since"
    return " ".join(panel[0].text_content().split())


def _open_twice_then_save_both(
    url: str, first_change: dict[str, str], second_change: dict[str, str]
) -> tuple[Client, Any]:
    """Two sessions open the edit form; the first saves its change, then the second its own.
    Returns the second session and the answer to its save."""
    first, second = _session(), _session()
    first_form, second_form = _opened(first, url), _opened(second, url)
    first_form.update({name: [value] for name, value in first_change.items()})
    assert first.post(url, first_form).status_code == 302
    second_form.update({name: [value] for name, value in second_change.items()})
    return second, second.post(url, second_form)


# Forms


@pytest.fixture
def product(db: None) -> Product:
    return ProductFactory(description_en="Old story", price=Decimal("100.00"))


def test_a_stale_product_save_is_refused_with_who_changed_what_and_the_story_is_kept(product):
    url = reverse("product_edit", args=[product.code])

    _second, response = _open_twice_then_save_both(
        url, {"description_en": "New story"}, {"price": "150"}
    )

    assert response.status_code == 422
    conflict = _conflict_text(response)
    story = str(Product._meta.get_field("description_en").verbose_name)
    assert story in conflict
    assert "New story" in conflict
    assert "Old story" in conflict
    assert str(Product.history.latest().history_user) in conflict
    product.refresh_from_db()
    assert (product.description_en, product.price) == ("New story", Decimal("100.00"))


def test_keep_mine_saves_the_price_and_the_other_persons_story_survives(product):
    url = reverse("product_edit", args=[product.code])
    second, refused = _open_twice_then_save_both(
        url, {"description_en": "New story"}, {"price": "150"}
    )

    again = second.post(url, _form_values(refused.content))  # "keep mine"

    assert again.status_code == 302
    product.refresh_from_db()
    assert (product.description_en, product.price) == ("New story", Decimal("150.00"))


def test_both_changing_one_field_shows_both_values_and_keep_mine_keeps_mine(product):
    url = reverse("product_edit", args=[product.code])
    second, refused = _open_twice_then_save_both(url, {"price": "120"}, {"price": "150"})

    conflict = _conflict_text(refused)
    assert "120" in conflict
    assert "150" in conflict
    second.post(url, _form_values(refused.content))
    product.refresh_from_db()
    assert product.price == Decimal("150.00")


def test_take_theirs_reloads_the_form_with_the_stored_values(product):
    url = reverse("product_edit", args=[product.code])
    first, second = _session(), _session()
    first_form = _opened(first, url)
    _opened(second, url)
    first_form["description_en"] = ["New story"]
    first.post(url, first_form)

    reloaded = _opened(second, url)

    assert reloaded["description_en"] == ["New story"]
    assert reloaded[concurrency.VERSION_INPUT] == [concurrency.record_version(product)]


def test_a_stale_producer_group_save_is_refused_and_keep_mine_keeps_both(db):
    group = ProducerGroupFactory(phone="", story_en="Old story")
    url = reverse("producer_group_edit", args=[group.code])

    area = {"area": group.area.code}  # the page holds the area's key, not its code (#17, 1)

    second, refused = _open_twice_then_save_both(
        url, {"story_en": "New story", **area}, {"phone": "+975 17 123 456", **area}
    )
    assert refused.status_code == 422
    assert "New story" in _conflict_text(refused)
    assert ProducerGroup.objects.get(pk=group.pk).phone == ""

    assert second.post(url, _form_values(refused.content)).status_code == 302
    group.refresh_from_db()
    assert (group.story_en, group.phone) == ("New story", "+975 17 123 456")


def test_a_stale_programme_activity_save_is_refused_and_keep_mine_keeps_both(db):
    activity = ActivityFactory(title_en="Honey training", budget=Decimal("10000.00"))
    url = reverse("activity_edit", args=[activity.pk])

    second, refused = _open_twice_then_save_both(
        url, {"title_en": "Honey and wax training"}, {"budget": "12000"}
    )
    assert refused.status_code == 422
    conflict = _conflict_text(refused)
    assert "Honey and wax training" in conflict
    assert "Honey training" in conflict
    assert Activity.objects.get(pk=activity.pk).budget == Decimal("10000.00")

    assert second.post(url, _form_values(refused.content)).status_code == 302
    activity.refresh_from_db()
    assert (activity.title_en, activity.budget) == ("Honey and wax training", Decimal("12000"))


def test_a_form_sent_without_a_version_is_saved_as_before(product):
    url = reverse("product_edit", args=[product.code])
    client = _session()
    values = _opened(client, url)
    del values[concurrency.VERSION_INPUT]
    values["price"] = ["130"]

    assert client.post(url, values).status_code == 302
    product.refresh_from_db()
    assert product.price == Decimal("130.00")


# The API


def _token(db: None = None) -> dict[str, str]:
    _record, key = api_token_create(user=UserFactory(role=Role.PROGRAMME_OFFICER), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _patch(client: Client, path: str, data: dict[str, Any], **headers: str) -> Any:
    return client.patch(API + path, json.dumps(data), content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("path", "change", "field"),
    [
        ("/products/{code}", {"price": "150.00"}, "price"),
        ("/producer-groups/{code}", {"phone": "+975 17 123 456"}, "phone"),
    ],
)
def test_api_sends_an_etag_and_refuses_a_stale_if_match_with_412(db, path, change, field):
    product = ProductFactory(price=Decimal("100.00"))
    code = product.code if path.startswith("/products") else product.producer_group.code
    record = product if path.startswith("/products") else product.producer_group
    client, auth = Client(), _token()
    etag = client.get(API + path.format(code=code), **auth)["ETag"]
    assert etag == concurrency.etag_of(record)
    assert _patch(client, path.format(code=code), {"name_en": "Renamed"}, **auth).status_code == 200
    before = getattr(type(record).objects.get(pk=record.pk), field)

    stale = _patch(client, path.format(code=code), change, HTTP_IF_MATCH=etag, **auth)

    assert stale.status_code == 412
    assert "If-Match" in stale.json()["detail"]
    assert stale["ETag"] == concurrency.etag_of(record)
    assert getattr(type(record).objects.get(pk=record.pk), field) == before

    fresh = _patch(client, path.format(code=code), change, HTTP_IF_MATCH=stale["ETag"], **auth)

    assert fresh.status_code == 200
    assert fresh["ETag"] == concurrency.etag_of(record) != stale["ETag"]
    assert getattr(type(record).objects.get(pk=record.pk), field) != before


def test_api_if_match_star_or_a_weak_current_etag_is_honoured(db):
    product = ProductFactory(price=Decimal("100.00"))
    client, auth = Client(), _token()
    path = f"/products/{product.code}"
    etag = client.get(API + path, **auth)["ETag"]

    weak = _patch(client, path, {"price": "110.00"}, HTTP_IF_MATCH=f"W/{etag}", **auth)
    star = _patch(client, path, {"price": "120.00"}, HTTP_IF_MATCH="*", **auth)

    assert (weak.status_code, star.status_code) == (200, 200)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_api_patches_of_different_fields_both_survive(concurrent_db, monkeypatch):
    """Both requests read the product before either writes; both are sent without If-Match.
    The writes meet at a barrier before saving: where both reach it, the later one writes
    back the stale copy it read; locked, the second waits for the first to commit."""
    product = ProductFactory(description_en="Old story", price=Decimal("100.00"))
    auths = [_token(), _token()]
    barrier = threading.Barrier(2, timeout=2)
    full_clean = Product.full_clean

    def meet_then_clean(self: Product, *args: Any, **kwargs: Any) -> None:
        # where the other request waits for this one's lock, go on alone
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        full_clean(self, *args, **kwargs)

    monkeypatch.setattr(Product, "full_clean", meet_then_clean)
    changes = [{"description_en": "New story"}, {"price": "150.00"}]
    answers: list[int] = []

    def send(change: dict[str, str], auth: dict[str, str]) -> None:
        try:
            answer = _patch(Client(), f"/products/{product.code}", change, **auth)
            answers.append(answer.status_code)
        finally:
            connection.close()

    pairs = zip(changes, auths, strict=True)
    threads = [threading.Thread(target=send, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [200, 200]
    product.refresh_from_db()
    assert (product.description_en, product.price) == ("New story", Decimal("150.00"))


def test_a_stale_save_of_a_record_without_history_is_refused_with_both_values(db):
    """Certifications keep no history: their version is the time of their last save."""
    product = ProductFactory()
    certification = Certification.objects.create(
        product=product, kind=CertificationKind.ORGANIC, number="ORG-1"
    )
    url = reverse("certification_edit", args=[product.code, certification.pk])

    _second, refused = _open_twice_then_save_both(url, {"number": "ORG-2"}, {"number": "ORG-3"})

    conflict = _conflict_text(refused)
    assert "ORG-2" in conflict
    assert "ORG-3" in conflict
    assert Certification.objects.get(pk=certification.pk).number == "ORG-2"


# Rows edited with a record (formsets)


def _row_conflict(url: str, row_change: dict[str, str]) -> tuple[Client, Any]:
    """One session changes the page's rows, another then saves a new title opened before."""
    return _open_twice_then_save_both(url, row_change, {"title_en": "Renamed"})


def test_a_programme_save_opened_before_a_participation_was_added_is_refused_and_keeps_it(db):
    programme = ProgrammeFactory(title_en="Old title")
    organisation = OrganisationFactory(name="Honey Board")
    url = reverse("programme_edit", args=[programme.pk])
    added = {"participations-0-organisation": str(organisation.pk), "participations-0-role": "4"}

    second, refused = _row_conflict(url, added)

    assert refused.status_code == 422
    conflict = _conflict_text(refused)
    assert "Honey Board" in conflict
    assert str(Participation.history.get().history_user) in conflict
    assert str(Participation._meta.verbose_name).capitalize() in conflict
    assert str(CHANGE_TYPES["+"]) in conflict
    programme.refresh_from_db()
    assert programme.title_en == "Old title"

    assert second.post(url, _form_values(refused.content)).status_code == 302  # keep mine
    programme.refresh_from_db()
    assert programme.title_en == "Renamed"
    assert [str(row.organisation) for row in programme.participations.all()] == ["Honey Board"]


def test_a_programme_save_opened_before_a_sector_share_changed_is_refused_and_keeps_it(db):
    programme = ProgrammeFactory(title_en="Old title")
    ProgrammeSector.objects.create(programme=programme, code="31120", percentage=60)
    ProgrammeSector.objects.create(programme=programme, code="32130", percentage=40)
    url = reverse("programme_edit", args=[programme.pk])
    halves = {"sectors-0-percentage": "50", "sectors-1-percentage": "50"}

    _second, refused = _row_conflict(url, halves)

    assert refused.status_code == 422
    conflict = _conflict_text(refused)
    assert "31120" in conflict
    assert str(ProgrammeSector._meta.get_field("percentage").verbose_name) in conflict
    assert "60" in conflict
    shares = ProgrammeSector.objects.filter(programme=programme).values_list("percentage")
    assert sorted(share for (share,) in shares) == [Decimal(50), Decimal(50)]
    programme.refresh_from_db()
    assert programme.title_en == "Old title"


@pytest.fixture
def budgeted(db: None) -> Any:
    """The first component of a programme, with a budget of 1000 for 2017."""
    first = component(ProgrammeFactory(), 1)
    ComponentBudget.objects.create(component=first, year=2017, amount=Decimal(1000))
    return first


def test_a_component_save_opened_before_its_budget_changed_is_refused_and_keeps_it(budgeted):
    first = budgeted
    url = reverse("component_edit", args=[first.pk])

    _second, refused = _row_conflict(url, {"budgets-0-amount": "2000"})

    assert refused.status_code == 422
    conflict = _conflict_text(refused)
    assert str(ComponentBudget.history.latest().history_user) in conflict
    assert f"{str(ComponentBudget._meta.verbose_name).capitalize()}: {first} 2017" in conflict
    assert str(ComponentBudget._meta.get_field("amount").verbose_name) in conflict
    assert first.budgets.get().amount == Decimal(2000)
    first.refresh_from_db()
    assert first.title_en != "Renamed"


def test_a_budget_changed_without_its_component_being_saved_still_refuses_a_stale_save(
    budgeted,
):
    """A row written on its own (a script, a service), its parent untouched, moves the
    page's version too: the stale save does not put the old amount back."""
    first = budgeted
    budget = first.budgets.get()
    url = reverse("component_edit", args=[first.pk])
    client = _session()
    opened = _opened(client, url)
    budget.amount = Decimal(2000)
    budget._history_user = UserFactory()  # type: ignore[attr-defined]
    budget.save()

    opened["title_en"] = ["Renamed"]
    refused = client.post(url, opened)

    assert refused.status_code == 422
    assert str(budget._history_user) in _conflict_text(refused)  # type: ignore[attr-defined]
    assert first.budgets.get().amount == Decimal(2000)


def test_a_component_save_opened_before_its_budget_was_deleted_is_refused(budgeted):
    first = budgeted
    url = reverse("component_edit", args=[first.pk])

    _second, refused = _row_conflict(url, {"budgets-0-DELETE": "on"})

    assert refused.status_code == 422
    assert str(CHANGE_TYPES["-"]) in _conflict_text(refused)
    assert not first.budgets.exists()
    first.refresh_from_db()
    assert first.title_en != "Renamed"


def test_the_version_of_a_page_with_rows_moves_with_any_of_its_rows_only(db):
    """The programme page's version: the programme's, then its participations' and sectors'."""
    programme = ProgrammeFactory()
    other = ProgrammeFactory()
    url = reverse("programme_edit", args=[programme.pk])
    client = _session()
    opened = _opened(client, url)[concurrency.VERSION_INPUT]
    ProgrammeSector.objects.create(programme=other, code="31120", percentage=100)
    assert _opened(client, url)[concurrency.VERSION_INPUT] == opened

    sector = ProgrammeSector.objects.create(programme=programme, code="31120", percentage=100)
    added = _opened(client, url)[concurrency.VERSION_INPUT]
    sector.delete()
    deleted = _opened(client, url)[concurrency.VERSION_INPUT]

    assert len({opened[0], added[0], deleted[0]}) == 3
    assert opened[0].startswith(concurrency.record_version(programme) + "/")
