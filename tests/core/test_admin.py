"""History in the administration pages is read, never saved back."""

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from ogop.core.admin import HistoryAdmin
from ogop.products.models import Stage
from tests.factories import PASSWORD, ProductFactory


@pytest.fixture
def admin_client(client, make_user):
    administrator = make_user("admin")
    client.login(username=administrator.username, password=PASSWORD)
    return client


def test_a_past_version_is_shown_and_not_saved_back(admin_client):
    product = ProductFactory(name_en="Honey", name="Honey", stage_id=Stage.IDEA)
    version = product.history.latest().history_id
    product.name_en = "Wild honey"
    product.save()
    url = reverse("admin:products_product_simple_history", args=[product.pk, version])
    shown = admin_client.get(url)
    assert shown.status_code == 200
    assert "Revert" not in shown.text
    refused = admin_client.post(url, {"name_en": "Honey", "code": product.code})
    assert refused.status_code == 405
    product.refresh_from_db()
    assert product.name_en == "Wild honey"


def test_every_recorded_models_history_is_read_only():
    with_history = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert len(with_history) > 20
    assert [type(a).__name__ for a in with_history if not isinstance(a, HistoryAdmin)] == []
