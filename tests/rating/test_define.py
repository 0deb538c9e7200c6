"""An administrator defines a rubric (Bhutan's own) in the staff pages, without code."""

import pytest
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.rating.models import Rubric
from tests.factories import PASSWORD


@pytest.fixture
def admin_client(client, make_user):
    user = make_user(Role.ADMIN)
    client.login(username=user.username, password=PASSWORD)
    return client


def _data(**values):
    data = {
        "code": "bt-ogop",
        "name": "Bhutan OGOP rating",
        "name_th": "",
        "description": "",
        "source": "Drafted by the partner ministry.",
        "stars_5": "90",
        "stars_4": "75",
        "stars_3": "๖๐",
        "stars_2": "40",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-part_code": "A",
        "criteria-0-part_name": "Market",
        "criteria-0-code": "A1",
        "criteria-0-text": "Demand",
        "criteria-0-max_points": "60",
        "criteria-1-part_code": "B",
        "criteria-1-part_name": "Quality",
        "criteria-1-code": "B1",
        "criteria-1-text": "Hygiene",
        "criteria-1-max_points": "40",
    }
    data.update(values)
    return data


def test_administrator_defines_a_rubric_with_parts_and_thresholds(admin_client):
    response = admin_client.post(reverse("rubric_define"), _data())
    rubric = Rubric.objects.get(code="bt-ogop")
    assert response.status_code == 302
    assert [p.code for p in rubric.parts.all()] == ["A", "B"]
    assert dict(rubric.thresholds.values_list("stars", "min_points"))[3] == 60


def test_overlapping_thresholds_are_refused_and_nothing_is_written(admin_client):
    response = admin_client.post(reverse("rubric_define"), _data(stars_4="95"))
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert not Rubric.objects.filter(code="bt-ogop").exists()


def test_defining_with_an_existing_code_makes_the_next_version(admin_client):
    admin_client.post(reverse("rubric_define"), _data())
    first = Rubric.objects.get(code="bt-ogop")
    page = admin_client.get(reverse("rubric_define") + f"?from={first.pk}")
    assert page.context["criteria"].initial[1]["code"] == "B1"
    admin_client.post(
        reverse("rubric_define"), _data(**{"criteria-1-max_points": "30", "stars_5": "80"})
    )
    versions = list(Rubric.objects.filter(code="bt-ogop").order_by("version"))
    assert [(r.version, r.is_active) for r in versions] == [(1, False), (2, True)]
    assert versions[0].parts.get(code="B").criteria.get().max_points == 40


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER, Role.ASSESSOR, Role.PRODUCER]
)
def test_only_administrators_define_rubrics(client_as, role):
    client = client_as(role)
    assert client.post(reverse("rubric_define"), _data()).status_code == 403
    assert not Rubric.objects.filter(code="bt-ogop").exists()
