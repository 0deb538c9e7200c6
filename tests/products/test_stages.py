"""Development stages: moves, their history, imports and the board."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ogop.core.imports import ImportRejected
from ogop.products.models import Product, Stage, StageChange
from ogop.products.services import (
    product_create,
    product_stage_move,
    product_update,
    products_import,
)
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row

TODAY = dt.date(2018, 3, 1)


def test_six_stages_ship_in_order(db):
    assert list(Stage.objects.values_list("code", flat=True)) == [
        "idea",
        "prototype",
        "packaging",
        "certified",
        "market_ready",
        "exported",
    ]
    assert Stage.objects.get(code="packaging").name == "packaging and branding"


def test_a_move_is_dated_and_says_who_and_why(officer, product):
    change = product_stage_move(
        product=product,
        to_stage="packaging",
        user=officer,
        moved_on=TODAY,
        reason="New jars",
        helped_by="Packaging design training, Thimphu 2017",
    )
    product.refresh_from_db()
    assert product.stage_id == "packaging"
    assert (change.from_stage_id, change.to_stage_id, change.moved_on, change.moved_by) == (
        "prototype",
        "packaging",
        TODAY,
        officer,
    )
    assert change.helped_by.startswith("Packaging design")
    assert product.history.first().history_user == officer


def test_moving_back_needs_a_reason_and_writes_nothing_without(officer, product):
    with pytest.raises(ValidationError) as caught:
        product_stage_move(product=product, to_stage="idea", user=officer, moved_on=TODAY)
    assert "reason" in caught.value.message_dict
    product.refresh_from_db()
    assert product.stage_id == "prototype"
    assert not StageChange.objects.exists()
    product_stage_move(
        product=product,
        to_stage="idea",
        user=officer,
        moved_on=TODAY,
        reason="Recipe failed the lab test",
    )
    product.refresh_from_db()
    assert product.stage_id == "idea"


def test_a_move_to_the_same_stage_is_refused(officer, product):
    with pytest.raises(ValidationError):
        product_stage_move(product=product, to_stage="prototype", user=officer, moved_on=TODAY)


def test_a_move_cannot_predate_the_last_one_or_be_in_the_future(officer, product):
    product_stage_move(product=product, to_stage="packaging", user=officer, moved_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        product_stage_move(
            product=product,
            to_stage="certified",
            user=officer,
            moved_on=TODAY - dt.timedelta(days=1),
        )
    assert "moved_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        product_stage_move(
            product=product,
            to_stage="certified",
            user=officer,
            moved_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert StageChange.objects.count() == 1


def test_an_inactive_stage_is_not_a_destination(officer, product):
    Stage.objects.filter(code="exported").update(is_active=False)
    with pytest.raises(ValidationError):
        product_stage_move(product=product, to_stage="exported", user=officer, moved_on=TODAY)


def test_a_product_created_past_the_first_stage_records_how_it_entered(officer, group):
    product = product_create(
        user=officer,
        code="P-1",
        name_en="Honey",
        category="food",
        producer_group=group,
        area=group.area,
        stage="certified",
    )
    change = product.stage_changes.get()
    assert (change.from_stage_id, change.to_stage_id, change.moved_by) == (
        None,
        "certified",
        officer,
    )


def test_a_product_created_at_idea_has_no_move_yet(officer, group):
    product = product_create(
        user=officer,
        code="P-1",
        name_en="Honey",
        category="food",
        producer_group=group,
        area=group.area,
    )
    assert product.stage_id == "idea"
    assert not product.stage_changes.exists()


def test_changing_the_stage_on_update_is_a_move(officer, product):
    product_update(product=product, user=officer, stage="market_ready")
    assert product.stage_changes.get().to_stage_id == "market_ready"


def test_import_records_one_change_per_product_whose_stage_changed(officer, gewog):
    ProducerGroupFactory(code="PG-A", area=gewog)
    ProductFactory(code="P-SAME", producer_group__code="PG-X", stage="packaging")
    ProductFactory(code="P-UP", stage="prototype")
    data = csv_bytes(
        PRODUCT_HEADER,
        [
            product_row("P-NEW-IDEA"),
            product_row("P-NEW-READY", stage="market_ready"),
            product_row("P-UP", stage="certified"),
            product_row("P-SAME", stage="packaging"),
            product_row("P-KEEP"),
        ],
    )
    products_import(data=data, user=officer)
    changes = {
        c.product.code: (c.from_stage_id, c.to_stage_id)
        for c in StageChange.objects.select_related("product")
    }
    assert changes == {"P-NEW-READY": (None, "market_ready"), "P-UP": ("prototype", "certified")}


def test_an_empty_stage_cell_keeps_a_stored_products_stage(officer, gewog):
    ProducerGroupFactory(code="PG-A", area=gewog)
    ProductFactory(code="P-OLD", stage="certified")
    products_import(data=csv_bytes(PRODUCT_HEADER, [product_row("P-OLD")]), user=officer)
    assert Product.objects.get(code="P-OLD").stage_id == "certified"
    assert not StageChange.objects.exists()


def test_import_cannot_move_a_product_back(officer, gewog):
    ProducerGroupFactory(code="PG-A", area=gewog)
    ProductFactory(code="P-OLD", stage="certified")
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-NEW"), product_row("P-OLD", stage="idea")])
    with pytest.raises(ImportRejected) as caught:
        products_import(data=data, user=officer)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "stage")]
    assert "needs a reason" in caught.value.errors[0].message
    assert Product.objects.get(code="P-OLD").stage_id == "certified"
    assert not Product.objects.filter(code="P-NEW").exists()


def test_export_writes_the_stage_code(officer, product):
    from ogop.products.transfer.exporting import export_file

    text = export_file(kind="products", file_format="csv", user=officer).decode("utf-8-sig")
    assert ",prototype," in text


def test_timeline_shows_on_the_product_page(officer_client, officer, product):
    product_stage_move(
        product=product,
        to_stage="packaging",
        user=officer,
        moved_on=dt.date(2017, 5, 2),
        helped_by="Expert mission",
    )
    response = officer_client.get(product.get_absolute_url())
    timeline = response.text[response.text.index('id="timeline"') :]
    assert "from prototype to packaging and branding" in timeline
    assert "Expert mission" in timeline
    assert "2 May 2017" in timeline


def test_officer_moves_a_product_back_with_a_reason_through_the_form(officer_client, product):
    url = reverse("product_stage_move", args=[product.code])
    refused = officer_client.post(url, {"to_stage": "idea", "moved_on": "1/3/2561"})
    assert refused.status_code == 422
    assert "needs a reason" in refused.text
    moved = officer_client.post(
        url, {"to_stage": "idea", "moved_on": "1/3/2561", "reason": "Start again"}
    )
    assert moved.status_code == 302
    change = StageChange.objects.get()
    assert (change.moved_on, change.reason) == (dt.date(2018, 3, 1), "Start again")


def test_stage_form_is_an_htmx_fragment(officer_client, product):
    response = officer_client.get(
        reverse("product_stage_move", args=[product.code]), HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.text
    assert 'name="to_stage"' in response.text


def test_board_shows_products_per_stage_filtered_by_dzongkhag(
    officer_client, product, other_product
):
    response = officer_client.get(reverse("stage_board") + "?area=BT-33")  # Bumthang
    assert product.name in response.text
    assert other_product.name not in response.text


def test_board_moves_a_product_to_the_next_stage_with_htmx(officer_client, product):
    response = officer_client.post(
        reverse("stage_board_advance", args=[product.code]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    product.refresh_from_db()
    assert product.stage_id == "packaging"
    assert StageChange.objects.get().moved_on == timezone.localdate()


def test_producer_cannot_move_a_stage(client, producer, product):
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(reverse("stage_board_advance", args=[product.code]))
    assert response.status_code in (403, 404)
    product.refresh_from_db()
    assert product.stage_id == "prototype"


def test_board_query_count_holds_whatever_the_number_of_products(
    officer_client, django_assert_max_num_queries
):
    ProductFactory.create_batch(40, stage="packaging")
    ProductFactory.create_batch(5, stage="exported")
    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("stage_board"))
    assert response.status_code == 200
    assert "30 of 40 shown" in response.text


def test_product_list_query_count_holds_with_stars_and_certifications(
    officer_client, django_assert_max_num_queries
):
    for product in ProductFactory.create_batch(30):
        product.certifications.create(kind="organic", valid_until=dt.date(2017, 1, 1))
    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("product_list"))
    assert response.text.count("expired certification") == 30


def test_stage_names_follow_the_readers_language(officer_client, product):
    response = officer_client.get(product.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="th")
    assert "ต้นแบบ" in response.text  # prototype


def test_stages_are_choices_in_their_order(db):
    Stage.objects.create(code="tested", name="market-tested", position=55)
    codes = [code for code, _name in Stage.choices]
    assert codes.index("market_ready") < codes.index("tested") < codes.index("exported")
