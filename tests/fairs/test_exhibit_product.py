"""The exhibit form's product: typed as a code, found by name, with suggestions by name."""

import pytest
from django.urls import reverse

from ogop.fairs.models import Exhibit
from tests.factories import PASSWORD, ProductFactory

DATA = {"fair_price": "150", "min_price": "120", "opening_stock": "24"}


@pytest.fixture
def staff_client(client, supervisor):
    client.login(username=supervisor.username, password=PASSWORD)
    return client


def _url(name, booth):
    return reverse(name, args=[booth.fair.code, booth.code])


def test_suggestions_name_products_by_code_and_name(staff_client, booth):
    ProductFactory(code="HONEY-1", name_en="Wild forest honey", name="Wild forest honey")
    ProductFactory(code="RICE-1", name_en="Red rice", name="Red rice")
    response = staff_client.get(_url("fair_exhibit_products", booth), {"product": "honey"})
    assert response.status_code == 200
    assert '<option value="HONEY-1">Wild forest honey' in response.text
    assert "RICE-1" not in response.text


def test_a_name_only_one_product_has_chooses_it_without_scripts(staff_client, booth):
    honey = ProductFactory(code="HONEY-1", name_en="Wild forest honey", name="Wild forest honey")
    ProductFactory(code="RICE-1", name_en="Red rice", name="Red rice")
    response = staff_client.post(_url("fair_exhibit_create", booth), {"product": "forest", **DATA})
    assert response.status_code == 302
    assert Exhibit.objects.get().product == honey


def test_a_name_several_products_have_is_refused_with_their_codes(staff_client, booth):
    ProductFactory(code="HONEY-1", name_en="Wild forest honey", name="Wild forest honey")
    ProductFactory(code="HONEY-2", name_en="Honey wine", name="Honey wine")
    response = staff_client.post(_url("fair_exhibit_create", booth), {"product": "honey", **DATA})
    assert response.status_code == 422
    assert "Several products match “honey”: HONEY-1 (Wild forest honey); HONEY-2 (Honey wine)" in (
        response.text
    )
    assert not Exhibit.objects.exists()


def test_a_name_no_product_has_is_refused(staff_client, booth):
    response = staff_client.post(_url("fair_exhibit_create", booth), {"product": "nope", **DATA})
    assert response.status_code == 422
    assert "No product has the code or name “nope”." in response.text


def test_the_form_sends_no_list_of_every_product(staff_client, booth):
    ProductFactory(code="HONEY-1", name_en="Wild forest honey", name="Wild forest honey")
    text = staff_client.get(_url("fair_exhibit_create", booth)).text
    assert "<select" not in text.split('id="id_product"')[0].rsplit("<label", 1)[-1]
    assert "Wild forest honey" not in text
    assert f'hx-get="{_url("fair_exhibit_products", booth)}"' in text
