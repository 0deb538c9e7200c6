"""Certifications: added, changed and removed on the product's page; expired ones flagged."""

import datetime as dt

from django.urls import reverse

from ogop.products.models import Certification
from ogop.products.selectors import expired_certifications, product_list
from tests.factories import PASSWORD


def test_officer_adds_a_certification_with_buddhist_era_dates(officer_client, product):
    response = officer_client.post(
        reverse("certification_create", args=[product.code]),
        {
            "kind": "thai_fda",
            "issuer": "Thai FDA",
            "number": "10-1-12345-1-0001",
            "valid_from": "1/1/2560",
            "valid_until": "31/12/2562",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    cert = Certification.objects.get()
    assert (cert.valid_from, cert.valid_until) == (dt.date(2017, 1, 1), dt.date(2019, 12, 31))
    assert "10-1-12345-1-0001" in response.text


def test_a_certification_cannot_end_before_it_starts(officer_client, product):
    response = officer_client.post(
        reverse("certification_create", args=[product.code]),
        {"kind": "organic", "valid_from": "1/1/2019", "valid_until": "1/1/2018"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "cannot end before it starts" in response.text
    assert not Certification.objects.exists()


def test_officer_edits_and_removes_a_certification(officer_client, product):
    cert = product.certifications.create(kind="organic", number="1")
    officer_client.post(
        reverse("certification_edit", args=[product.code, cert.pk]),
        {"kind": "organic", "number": "2"},
    )
    cert.refresh_from_db()
    assert cert.number == "2"
    officer_client.post(reverse("certification_delete", args=[product.code, cert.pk]))
    assert not Certification.objects.exists()


def test_a_certification_of_another_product_is_not_reachable(
    officer_client, product, other_product
):
    cert = other_product.certifications.create(kind="organic")
    response = officer_client.post(reverse("certification_delete", args=[product.code, cert.pk]))
    assert response.status_code == 404
    assert Certification.objects.exists()


def test_producer_cannot_change_another_groups_certifications(client, producer, other_product):
    cert = other_product.certifications.create(kind="organic", number="1")
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(
        reverse("certification_edit", args=[other_product.code, cert.pk]),
        {"kind": "organic", "number": "9"},
    )
    assert response.status_code == 404
    cert.refresh_from_db()
    assert cert.number == "1"


def test_expired_certifications_are_flagged(officer, product, other_product):
    product.certifications.create(kind="organic", valid_until=dt.date(2017, 12, 31))
    other_product.certifications.create(kind="organic", valid_until=dt.date(2099, 1, 1))
    flags = {p.code: p.has_expired_certification for p in product_list(user=officer)}
    assert flags == {product.code: True, other_product.code: False}
    assert [c.product for c in expired_certifications(user=officer)] == [product]


def test_expired_flag_shows_on_the_product_page(officer_client, product):
    product.certifications.create(kind="organic", valid_until=dt.date(2017, 12, 31))
    response = officer_client.get(product.get_absolute_url())
    assert "expired" in response.text[response.text.index('id="certifications"') :]
