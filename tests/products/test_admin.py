"""Products in the administration pages: stages move on the product's page, where each move is
recorded; photos are added there too."""

import pytest
from django.urls import reverse

from ogop.products.models import Product, ProductPhoto, Stage, StageChange
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory


@pytest.fixture
def admin_client(client, make_user):
    client.login(username=make_user("admin").username, password=PASSWORD)
    return client


def test_a_product_added_past_the_first_stage_has_that_step_recorded(admin_client):
    group = ProducerGroupFactory()
    form = {
        "code": "ADM-1",
        "name_en": "Buckwheat noodles",
        "category": "food",
        "producer_group": str(group.pk),
        "area": str(group.area_id),
        "currency": "BTN",
        "stage": Stage.MARKET_READY,
        "is_public": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "certifications-TOTAL_FORMS": "0",
        "certifications-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:products_product_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(code="ADM-1")
    moves = list(StageChange.objects.filter(product=product).values_list("from_stage", "to_stage"))
    assert moves == [(None, Stage.MARKET_READY)]


def test_a_products_stage_and_photos_are_not_changed_here(admin_client):
    product = ProductFactory()
    page = admin_client.get(reverse("admin:products_product_change", args=[product.pk]))
    form = page.context["adminform"].form
    assert "stage" not in form.fields
    assert "name_en" in form.fields
    photos = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is ProductPhoto)
    assert not photos.has_add_permission
    assert not photos.has_change_permission


def test_recorded_stage_moves_are_not_deleted_here(admin_client):
    product = ProductFactory(stage_id=Stage.PROTOTYPE)
    move = StageChange.objects.create(
        product=product, to_stage_id=Stage.PROTOTYPE, moved_on=product.created_at.date()
    )
    url = reverse("admin:products_stagechange_delete", args=[move.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert StageChange.objects.filter(pk=move.pk).exists()
