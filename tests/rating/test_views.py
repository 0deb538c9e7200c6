"""The rating pages: rounds, the scoring sheet, rubrics; and their query counts."""

import datetime as dt
from decimal import Decimal

import lxml.html
from django.urls import reverse

from ogop.rating.models import AssessmentRound, ProductRating, Score, Submission
from ogop.rating.services import round_close, round_create
from tests.factories import PASSWORD, ProductFactory, UserFactory


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def sheet_data(criteria, fraction, action="save"):
    data = {
        f"criterion_{c.pk}": str((c.max_points * Decimal(fraction)).quantize(Decimal("0.01")))
        for c in criteria
    }
    data["action"] = action
    return data


def test_assessor_saves_then_submits_and_then_sees_the_panel(
    client, open_round, assessor, product, criteria
):
    login(client, assessor)
    url = reverse("assessment_score", args=[open_round.pk, product.code])
    assert "once you have submitted yours" in client.get(url).text
    saved = client.post(url, sheet_data(criteria, "0.5"))
    assert saved.status_code == 302
    assert Score.objects.filter(assessor=assessor).count() == len(criteria)
    submitted = client.post(url, sheet_data(criteria, "0.6", action="submit"), follow=True)
    assert Submission.objects.get().total == Decimal(60)
    assert "The panel&#x27;s scores" in submitted.text or "The panel's scores" in submitted.text


def test_a_score_above_the_maximum_is_shown_and_nothing_written(
    client, open_round, assessor, product, criteria
):
    login(client, assessor)
    data = sheet_data(criteria, "0.5")
    data[f"criterion_{criteria[0].pk}"] = "11"
    response = client.post(reverse("assessment_score", args=[open_round.pk, product.code]), data)
    assert response.status_code == 422
    assert "at most 10.00 points, not 11" in response.text
    assert not Score.objects.exists()


def test_thai_digits_are_accepted_as_points(client, open_round, assessor, product, criteria):
    login(client, assessor)
    data = {f"criterion_{criteria[0].pk}": "๗.๕", "action": "save"}
    client.post(reverse("assessment_score", args=[open_round.pk, product.code]), data)
    assert Score.objects.get().points == Decimal("7.5")


def test_assessor_of_another_round_cannot_open_this_one(client, open_round, make_user, product):
    outsider = make_user("assessor")
    login(client, outsider)
    assert client.get(reverse("round_detail", args=[open_round.pk])).status_code == 404
    url = reverse("assessment_score", args=[open_round.pk, product.code])
    assert client.post(url, {"action": "save"}).status_code == 404


def test_product_not_in_the_round_has_no_sheet(client, open_round, assessor, other_product):
    login(client, assessor)
    url = reverse("assessment_score", args=[open_round.pk, other_product.code])
    assert client.get(url).status_code == 404


def test_officer_creates_a_round_adds_products_and_an_assessor_and_closes_it(
    client, officer, rubric, product, assessor
):
    login(client, officer)
    response = client.post(
        reverse("round_create"),
        {"name": "OGOP panel 2019", "date": "1/6/2562", "rubric": rubric.pk},
    )
    assessment_round = AssessmentRound.objects.get(name="OGOP panel 2019")
    assert response["Location"] == assessment_round.get_absolute_url()
    assert assessment_round.date == dt.date(2019, 6, 1)
    client.post(
        reverse("round_add_products", args=[assessment_round.pk]),
        {"codes": product.code},
        HTTP_HX_REQUEST="true",
    )
    client.post(
        reverse("round_add_assessor", args=[assessment_round.pk]), {"assessor": assessor.username}
    )
    assert list(assessment_round.products.all()) == [product]
    assert list(assessment_round.assessors.all()) == [assessor]
    client.post(reverse("round_close", args=[assessment_round.pk]))
    assessment_round.refresh_from_db()
    assert not assessment_round.is_open


def test_unknown_product_codes_are_named(client, officer, open_round):
    login(client, officer)
    response = client.post(
        reverse("round_add_products", args=[open_round.pk]), {"codes": "NOPE-1, NOPE-2"}
    )
    assert response.status_code == 422
    assert "NOPE-1, NOPE-2" in response.text


def test_stars_show_on_the_product_page_and_in_the_list(
    client, open_round, officer, assessor, product, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.92")
    round_close(assessment_round=open_round, user=officer)
    login(client, officer)
    page = client.get(product.get_absolute_url()).text
    assert 'data-stars="5"' in page
    assert "Panel 2018" in page
    assert 'data-stars="5"' in client.get(reverse("product_list")).text


def test_producer_sees_own_products_stars(
    client, open_round, officer, assessor, producer, product, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.55")
    round_close(assessment_round=open_round, user=officer)
    login(client, producer)
    assert 'data-stars="3"' in client.get(product.get_absolute_url()).text


def test_rubric_page_shows_parts_criteria_and_thresholds(client, officer, rubric):
    login(client, officer)
    page = client.get(rubric.get_absolute_url()).text
    assert "Product and community strength" in page
    assert "Marketing capacity" in page


def test_administrator_makes_a_new_version_of_a_used_rubric(
    client, make_user, open_round, officer, assessor, product, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.5")
    round_close(assessment_round=open_round, user=officer)
    admin = make_user("admin")
    login(client, admin)
    response = client.post(reverse("rubric_new_version", args=[open_round.rubric.pk]))
    assert response.status_code == 302
    open_round.rubric.refresh_from_db()
    assert not open_round.rubric.is_active


def test_round_list_query_count_holds(client, officer, rubric, django_assert_max_num_queries):
    for year in range(2010, 2030):
        round_create(
            name=f"Round {year}",
            date=dt.date(year, 1, 1),
            rubric=rubric,
            user=officer,
            products=ProductFactory.create_batch(2),
            assessors=[UserFactory(role="assessor")],
        )
    login(client, officer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("round_list"))
    assert response.text.count("Round 20") == 20


def test_round_detail_query_count_holds(client, officer, open_round, django_assert_max_num_queries):
    open_round.products.add(*ProductFactory.create_batch(30))
    open_round.assessors.add(*UserFactory.create_batch(5, role="assessor"))
    login(client, officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("round_detail", args=[open_round.pk]))
    assert response.status_code == 200


def test_rubric_list_query_count_holds(client, officer, django_assert_max_num_queries):
    login(client, officer)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("rubric_list"))
    assert "OCOP" in response.text


def test_scoring_sheet_query_count_holds(
    client, open_round, assessor, product, django_assert_max_num_queries
):
    login(client, assessor)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("assessment_score", args=[open_round.pk, product.code]))
    assert response.status_code == 200


def test_closed_round_scores_cannot_be_changed_through_the_page(
    client, open_round, officer, assessor, second_assessor, product, criteria, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.5")
    round_close(assessment_round=open_round, user=officer)
    login(client, second_assessor)
    response = client.post(
        reverse("assessment_score", args=[open_round.pk, product.code]), sheet_data(criteria, "1")
    )
    assert response.status_code == 403
    assert not Score.objects.filter(assessor=second_assessor).exists()
    assert ProductRating.objects.get().stars == 3


def _sheet_as_shown(response):
    """What a browser sends back from the score sheet, as the page holds it."""
    [form] = lxml.html.fromstring(response.content).xpath("//form[@class='score-sheet']")
    return {**dict(form.form_values()), "action": "save"}


def test_a_score_sheet_opened_before_another_tab_saved_is_refused_and_keeps_those_scores(
    client, open_round, assessor, product, criteria
):
    login(client, assessor)
    url = reverse("assessment_score", args=[open_round.pk, product.code])
    first_tab, second_tab = _sheet_as_shown(client.get(url)), _sheet_as_shown(client.get(url))
    first_tab[f"criterion_{criteria[0].pk}"] = "7"
    assert client.post(url, first_tab).status_code == 302

    second_tab[f"criterion_{criteria[1].pk}"] = "5"
    refused = client.post(url, second_tab)

    assert refused.status_code == 422
    [panel] = lxml.html.fromstring(refused.content).xpath("//*[@class='edit-conflict']")
    shown = " ".join(panel.text_content().split())
    assert str(assessor) in shown
    assert f"{criteria[0].code}: 7.00" in shown
    assert dict(Score.objects.values_list("criterion", "points")) == {criteria[0].pk: Decimal(7)}


def test_a_score_sheet_saved_from_where_it_was_opened_is_accepted(
    client, open_round, assessor, product, criteria
):
    login(client, assessor)
    url = reverse("assessment_score", args=[open_round.pk, product.code])
    sheet = _sheet_as_shown(client.get(url))
    sheet[f"criterion_{criteria[0].pk}"] = "7"
    assert client.post(url, sheet).status_code == 302
    sheet = _sheet_as_shown(client.get(url))
    sheet[f"criterion_{criteria[1].pk}"] = "5"

    assert client.post(url, sheet).status_code == 302
    assert dict(Score.objects.values_list("criterion", "points")) == {
        criteria[0].pk: Decimal(7),
        criteria[1].pk: Decimal(5),
    }
