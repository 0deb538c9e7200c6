"""Every results page × every role: programme and partner officers read, programme officers
change; a page of another programme's object is not found, nor is any page for a role that
may not see the programme."""

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.results.models import Result
from tests.programme.factories import PeriodFactory, ProgrammeFactory
from tests.roles import ANONYMOUS, ROLES

# Expected status for each role, in the order of ROLES:
#         admin officer partner producer expert assessor cashier anonymous
READ = (200, 200, 200, 404, 404, 404, 404, 302)
CHANGE = (200, 200, 403, 404, 404, 404, 404, 302)
# Another programme's object under this programme's address.
OTHER_READ = (404, 404, 404, 404, 404, 404, 404, 302)
OTHER_CHANGE = (404, 404, 404, 404, 404, 404, 404, 302)


def _url(name, o, *args):
    return reverse(name, args=[o["programme"].pk, *args])


PAGES = [
    ("framework", lambda o: _url("results_framework", o), READ),
    ("new result", lambda o: _url("result_create", o), CHANGE),
    ("edit result", lambda o: _url("result_edit", o, o["result"].pk), CHANGE),
    ("new indicator", lambda o: _url("indicator_create", o, o["result"].pk), CHANGE),
    ("indicator", lambda o: _url("indicator_detail", o, o["indicator"].pk), READ),
    ("edit indicator", lambda o: _url("indicator_edit", o, o["indicator"].pk), CHANGE),
    ("new period", lambda o: _url("period_create", o, o["indicator"].pk), CHANGE),
    ("edit period", lambda o: _url("period_edit", o, o["period"].pk), CHANGE),
    ("missing programme", lambda o: reverse("results_framework", args=[0]), OTHER_READ),
    (
        "other result",
        lambda o: _url("result_edit", o, o["other"].indicator.result.pk),
        OTHER_CHANGE,
    ),
    ("other indicator", lambda o: _url("indicator_detail", o, o["other"].indicator.pk), OTHER_READ),
    (
        "other indicator edit",
        lambda o: _url("indicator_edit", o, o["other"].indicator.pk),
        OTHER_CHANGE,
    ),
    ("other period", lambda o: _url("period_edit", o, o["other"].pk), OTHER_CHANGE),
]


@pytest.fixture
def objects(db):
    period = PeriodFactory(indicator__result__programme=ProgrammeFactory())
    other = PeriodFactory(indicator__result__programme=ProgrammeFactory())
    return {
        "programme": period.indicator.result.programme,
        "result": period.indicator.result,
        "indicator": period.indicator,
        "period": period,
        "other": other,
    }


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, objects):
    client = client_as(role)
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.PARTNER_OFFICER, Role.PRODUCER, ANONYMOUS])
def test_a_denied_change_changes_nothing(role, client_as, objects):
    client = client_as(role)
    result = objects["result"]
    response = client.post(
        _url("result_edit", objects, result.pk),
        {"kind": "2", "title_en": "Renamed", "position": "0"},
    )
    assert response.status_code in (302, 403, 404)
    assert Result.objects.get(pk=result.pk).title_en == result.title_en
    created = client.post(_url("result_create", objects), {"kind": "2", "title_en": "New"})
    assert created.status_code in (302, 403, 404)
    assert Result.objects.count() == 2


@pytest.mark.parametrize("role", [Role.PARTNER_OFFICER])
def test_a_reader_sees_no_edit_links(role, client_as, objects):
    client = client_as(role)
    page = client.get(_url("results_framework", objects)).text
    assert _url("result_create", objects) not in page
    assert _url("indicator_edit", objects, objects["indicator"].pk) not in page
    detail = client.get(_url("indicator_detail", objects, objects["indicator"].pk)).text
    assert _url("period_edit", objects, objects["period"].pk) not in detail


def test_an_officer_sees_the_edit_links(client_as, objects):
    client = client_as(Role.PROGRAMME_OFFICER)
    page = client.get(_url("results_framework", objects)).text
    assert _url("result_create", objects) in page
    assert _url("indicator_create", objects, objects["result"].pk) in page
    detail = client.get(_url("indicator_detail", objects, objects["indicator"].pk)).text
    assert _url("period_edit", objects, objects["period"].pk) in detail
