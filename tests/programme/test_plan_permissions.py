"""Every page of the programme's plan and money × every role, and anonymous."""

import datetime as dt

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.programme.models import ExchangeRate, Transaction
from tests.factories import PASSWORD
from tests.programme.factories import ActivityFactory, ProgrammeFactory, component, transaction
from tests.roles import ANONYMOUS, ROLES

pytestmark = pytest.mark.django_db

# Expected status for each role, in the order of ROLES:
#       admin officer partner producer expert assessor cashier anonymous
READ = (200, 200, 200, 403, 403, 403, 403, 302)
EDIT = (200, 200, 403, 403, 403, 403, 403, 302)
# A programme's own pages: who may not see it is told nothing of it (404), who may see it but
# not change it is refused (403).
SEE = (200, 200, 200, 404, 404, 404, 404, 302)
CHANGE = (200, 200, 403, 404, 404, 404, 404, 302)

PAGES = [
    ("programme list", lambda o: reverse("programme_list"), READ),
    ("new programme", lambda o: reverse("programme_create"), EDIT),
    ("programme", lambda o: reverse("programme_detail", args=[o["programme"].pk]), SEE),
    ("edit programme", lambda o: reverse("programme_edit", args=[o["programme"].pk]), CHANGE),
    ("plan", lambda o: reverse("programme_plan", args=[o["programme"].pk]), SEE),
    ("edit component", lambda o: reverse("component_edit", args=[o["component"].pk]), CHANGE),
    ("activities", lambda o: reverse("activity_list", args=[o["programme"].pk]), SEE),
    ("new activity", lambda o: reverse("activity_create", args=[o["programme"].pk]), CHANGE),
    ("activity", lambda o: reverse("activity_detail", args=[o["activity"].pk]), SEE),
    ("edit activity", lambda o: reverse("activity_edit", args=[o["activity"].pk]), CHANGE),
    ("product suggestions", lambda o: reverse("activity_product_suggest"), EDIT),
    ("money", lambda o: reverse("programme_money", args=[o["programme"].pk]), SEE),
    ("transactions", lambda o: reverse("transaction_list", args=[o["programme"].pk]), SEE),
    ("new transaction", lambda o: reverse("transaction_create", args=[o["programme"].pk]), CHANGE),
    ("edit transaction", lambda o: reverse("transaction_edit", args=[o["txn"].pk]), CHANGE),
    ("exchange rates", lambda o: reverse("exchange_rate_list"), READ),
    ("new exchange rate", lambda o: reverse("exchange_rate_create"), EDIT),
]


@pytest.fixture
def objects():
    programme = ProgrammeFactory()
    return {
        "programme": programme,
        "component": component(programme, 2),
        "activity": ActivityFactory(component=component(programme)),
        "txn": transaction(programme, "100"),
    }


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, objects):
    client = client_as(role)
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


def test_a_missing_programme_is_not_found(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    assert client.get(reverse("programme_detail", args=[999999])).status_code == 404
    assert client.get(reverse("activity_edit", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [Role.PARTNER_OFFICER, Role.PRODUCER, ANONYMOUS])
def test_writes_by_those_who_may_not_change_nothing(role, client_as, objects):
    client = client_as(role)
    programme = objects["programme"]
    posts = [
        (reverse("programme_edit", args=[programme.pk]), {"title_en": "Taken over"}),
        (reverse("component_edit", args=[objects["component"].pk]), {"title_en": "Taken"}),
        (reverse("activity_edit", args=[objects["activity"].pk]), {"title_en": "Taken"}),
        (
            reverse("transaction_create", args=[programme.pk]),
            {"kind": "3", "date": "2017-01-01", "amount": "5", "currency": "THB"},
        ),
        (
            reverse("exchange_rate_create"),
            {"currency": "USD", "quote": "THB", "valid_from": "2017-01-01", "rate": "30"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403, 404), url
    programme.refresh_from_db()
    objects["component"].refresh_from_db()
    objects["activity"].refresh_from_db()
    assert "Taken" not in programme.title_en
    assert objects["component"].title_en != "Taken"
    assert objects["activity"].title_en != "Taken"
    assert Transaction.objects.count() == 1
    assert not ExchangeRate.objects.filter(valid_from=dt.date(2017, 1, 1)).exists()


def test_partner_officer_reads_but_is_offered_no_edit_links(client_as, objects):
    client = client_as(Role.PARTNER_OFFICER)
    programme = objects["programme"]
    text = client.get(programme.get_absolute_url()).text
    assert reverse("programme_edit", args=[programme.pk]) not in text
    assert reverse("component_edit", args=[objects["component"].pk]) not in text
    money = client.get(reverse("programme_money", args=[programme.pk])).text
    assert reverse("transaction_create", args=[programme.pk]) not in money
