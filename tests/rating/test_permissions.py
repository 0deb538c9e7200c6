"""Every rating and development page × every role, in the style of the accounts matrix."""

import datetime as dt

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.rating.models import AssessmentRound, Rubric
from ogop.rating.services import round_create
from tests.factories import PASSWORD
from tests.roles import ROLES

# Expected status for each role, in the order of ROLES (the assessor sits on the panel):
#              admin officer partner producer expert assessor cashier anonymous
RUBRICS = (200, 200, 200, 403, 200, 200, 403, 302)
RUBRIC = (200, 200, 200, 404, 200, 200, 404, 302)
ROUNDS = (200, 200, 200, 403, 403, 200, 403, 302)
MANAGE = (200, 200, 200, 403, 403, 403, 403, 302)
ROUND = (200, 200, 200, 404, 404, 200, 404, 302)
SHEET = (200, 200, 200, 404, 404, 200, 404, 302)
BOARD = (200, 200, 200, 403, 200, 200, 403, 302)
MOVE_OWN = (200, 200, 200, 403, 403, 403, 404, 302)
MOVE_OTHER = (200, 200, 200, 404, 403, 403, 404, 302)
LABEL_OWN = (200, 200, 200, 200, 200, 200, 404, 302)
LABEL_OTHER = (200, 200, 200, 404, 200, 200, 404, 302)
CERT_OWN = (200, 200, 200, 200, 403, 403, 404, 302)
CERT_OTHER = (200, 200, 200, 404, 403, 403, 404, 302)

PAGES = [
    ("rubric list", lambda o: reverse("rubric_list"), RUBRICS),
    ("rubric", lambda o: o["rubric"].get_absolute_url(), RUBRIC),
    ("round list", lambda o: reverse("round_list"), ROUNDS),
    ("new round", lambda o: reverse("round_create"), MANAGE),
    ("round", lambda o: o["round"].get_absolute_url(), ROUND),
    (
        "scoring sheet",
        lambda o: reverse("assessment_score", args=[o["round"].pk, o["product"].code]),
        SHEET,
    ),
    ("development board", lambda o: reverse("stage_board"), BOARD),
    (
        "move own product",
        lambda o: reverse("product_stage_move", args=[o["product"].code]),
        MOVE_OWN,
    ),
    (
        "move other product",
        lambda o: reverse("product_stage_move", args=[o["other_product"].code]),
        MOVE_OTHER,
    ),
    ("own label", lambda o: reverse("product_label", args=[o["product"].code]), LABEL_OWN),
    (
        "other label",
        lambda o: reverse("product_label", args=[o["other_product"].code]),
        LABEL_OTHER,
    ),
    (
        "add own certification",
        lambda o: reverse("certification_create", args=[o["product"].code]),
        CERT_OWN,
    ),
    (
        "edit own certification",
        lambda o: reverse("certification_edit", args=[o["product"].code, o["certification"].pk]),
        CERT_OWN,
    ),
    (
        "add other certification",
        lambda o: reverse("certification_create", args=[o["other_product"].code]),
        CERT_OTHER,
    ),
]


@pytest.fixture
def objects(group, other_group, product, other_product, officer):
    rubric = Rubric.objects.get(code="ocop-vn", is_active=True)
    assessment_round = round_create(
        name="Matrix round",
        date=dt.date(2018, 1, 1),
        rubric=rubric,
        user=officer,
        products=[product],
    )
    return {
        "group": group,
        "other_group": other_group,
        "product": product,
        "other_product": other_product,
        "rubric": rubric,
        "round": assessment_round,
        "certification": product.certifications.create(kind="organic", number="OG-1"),
    }


def _client_for(role, client_as, objects):
    return client_as(role, group=objects["group"], assessment_round=objects["round"])


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, name, url, expected, client_as, objects):
    client = _client_for(role, client_as, objects)
    response = client.get(url(objects))
    assert response.status_code == expected[ROLES.index(role)], (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


def test_assessor_off_the_panel_sees_neither_round_nor_sheet(client, make_user, objects):
    outsider = make_user(Role.ASSESSOR)
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(objects["round"].get_absolute_url()).status_code == 404
    sheet = reverse("assessment_score", args=[objects["round"].pk, objects["product"].code])
    assert client.get(sheet).status_code == 404


@pytest.mark.parametrize("role", [Role.PRODUCER, Role.EXPERT, Role.ASSESSOR, Role.CASHIER])
def test_only_officers_close_rounds(role, client_as, objects):
    client = _client_for(role, client_as, objects)
    response = client.post(reverse("round_close", args=[objects["round"].pk]))
    assert response.status_code in (403, 404)
    assert AssessmentRound.objects.get().is_open


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER, Role.ASSESSOR])
def test_only_administrators_make_rubric_versions(role, client_as, objects):
    client = _client_for(role, client_as, objects)
    response = client.post(reverse("rubric_new_version", args=[objects["rubric"].pk]))
    assert response.status_code == 403
    assert Rubric.objects.filter(code="ocop-vn").count() == 1
