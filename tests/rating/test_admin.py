"""Administrators define rubrics in the administration pages; used versions are read-only."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from ogop.rating.admin import RubricAdmin, ThresholdInline
from ogop.rating.models import Rubric
from ogop.rating.services import round_close
from tests.factories import PASSWORD


@pytest.fixture
def administrator(make_user):
    return make_user("admin")


def _threshold_formset(rubric, administrator, rows):
    request = RequestFactory().post("/")
    request.user = administrator
    formset_class = ThresholdInline(Rubric, admin.site).get_formset(request, rubric)
    data = {
        "thresholds-TOTAL_FORMS": str(len(rows)),
        "thresholds-INITIAL_FORMS": "0",
        "thresholds-MIN_NUM_FORMS": "0",
        "thresholds-MAX_NUM_FORMS": "5",
    }
    for index, (stars, points) in enumerate(rows):
        data[f"thresholds-{index}-stars"] = str(stars)
        data[f"thresholds-{index}-min_points"] = str(points)
    return formset_class(data, instance=Rubric(code="new", name="New"), prefix="thresholds")


def test_threshold_form_refuses_overlaps_and_gaps(administrator, rubric):
    overlapping = _threshold_formset(rubric, administrator, [(1, 0), (2, 60), (3, 50)])
    assert not overlapping.is_valid()
    assert "overlap" in str(overlapping.non_form_errors())
    gap = _threshold_formset(rubric, administrator, [(1, 0), (3, 50)])
    assert not gap.is_valid()
    assert "gap" in str(gap.non_form_errors())
    good = _threshold_formset(rubric, administrator, [(1, 0), (2, 30), (3, 50)])
    assert good.is_valid(), good.non_form_errors()


def test_rubric_pages_open_for_administrators(client, administrator, rubric):
    client.login(username=administrator.username, password=PASSWORD)
    assert client.get(reverse("admin:rating_rubric_change", args=[rubric.pk])).status_code == 200
    assert client.get(reverse("admin:rating_rubric_add")).status_code == 200
    assert client.get(reverse("admin:products_stage_changelist")).status_code == 200


def test_a_used_rubric_is_read_only_in_the_administration(
    administrator, open_round, officer, assessor, product, score_and_submit
):
    request = RequestFactory().get("/")
    request.user = administrator
    rubric_admin = RubricAdmin(Rubric, admin.site)
    assert rubric_admin.has_change_permission(request, open_round.rubric)
    score_and_submit(open_round, assessor, product, "0.5")
    round_close(assessment_round=open_round, user=officer)
    assert not rubric_admin.has_change_permission(request, open_round.rubric)
    assert not rubric_admin.has_delete_permission(request, open_round.rubric)
    assert open_round.rubric.thresholds.get(stars=5).min_points == Decimal(90)


def test_a_rounds_rubric_products_and_assessors_are_given_when_it_is_made(
    client, administrator, open_round
):
    client.login(username=administrator.username, password=PASSWORD)
    page = client.get(reverse("admin:rating_assessmentround_change", args=[open_round.pk]))
    fields = page.context["adminform"].form.fields
    assert not {"rubric", "products", "assessors"} & fields.keys()
    assert "name" in fields


def test_a_round_is_not_made_with_a_rubric_that_cannot_rate(client, administrator):
    client.login(username=administrator.username, password=PASSWORD)
    empty = Rubric.objects.create(code="empty", name="Empty")
    form = {"name": "Round", "date": "2017-05-01", "rubric": str(empty.pk)}
    page = client.post(reverse("admin:rating_assessmentround_add"), form)
    assert page.status_code == 200
    assert "no criteria" in str(page.context["adminform"].form.errors["rubric"])
