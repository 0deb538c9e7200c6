"""Panel secrecy and star histories."""

import pytest
from django.core.exceptions import PermissionDenied

from ogop.rating.selectors import panel_scores, product_star_history, round_progress
from ogop.rating.services import round_close


def test_an_assessor_cannot_see_others_scores_before_submitting(
    open_round, assessor, second_assessor, product, score_and_submit
):
    score_and_submit(open_round, second_assessor, product, "0.7")
    with pytest.raises(PermissionDenied):
        panel_scores(assessment_round=open_round, product=product, viewer=assessor)


def test_after_submitting_an_assessor_sees_the_whole_panel(
    open_round, assessor, second_assessor, product, score_and_submit
):
    score_and_submit(open_round, second_assessor, product, "0.7")
    score_and_submit(open_round, assessor, product, "0.5")
    rows = panel_scores(assessment_round=open_round, product=product, viewer=assessor)
    assert [(row.assessor, row.total, row.submitted) for row in rows] == [
        (assessor, 50, True),
        (second_assessor, 70, True),
    ]


def test_the_officer_running_the_round_sees_every_score(
    open_round, officer, second_assessor, product, score_and_submit
):
    score_and_submit(open_round, second_assessor, product, "0.7")
    assert len(panel_scores(assessment_round=open_round, product=product, viewer=officer)) == 1


def test_other_users_see_no_scores(open_round, producer, product):
    with pytest.raises(PermissionDenied):
        panel_scores(assessment_round=open_round, product=product, viewer=producer)


def test_star_history_lists_closed_rounds_newest_first(
    open_round, officer, assessor, product, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.95")
    assert list(product_star_history(product)) == []  # open rounds do not count
    round_close(assessment_round=open_round, user=officer)
    assert [r.stars for r in product_star_history(product)] == [5]


def test_progress_counts_submissions_in_constant_queries(
    open_round, assessor, product, score_and_submit, django_assert_max_num_queries
):
    score_and_submit(open_round, assessor, product, "0.5")
    with django_assert_max_num_queries(4):
        assessors, rows = round_progress(open_round)
    assert [r.submitted for r in rows] == [{assessor.pk}]
    assert len(assessors) == 2
