from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ogop.products.models import Product
from ogop.products.services import product_photo_add
from tests.core_images import png_bytes
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row
from tests.html_forms import as_post, form_data, page_form


def _form(group, **values):
    data = {
        "code": "P-NEW",
        "name_en": "Wild honey",
        "name_th": "น้ำผึ้งป่า",
        "category": "food",
        "producer_group": group.code,
        "area": "",
        "price": "๑,๒๕๐.๕๐",
        "currency": "BTN",
        "unit": "jar",
        "stage": "prototype",
    }
    data.update(values)
    return data


def test_officer_creates_a_product_with_thai_digits_and_the_groups_area(officer_client, group):
    response = officer_client.post(reverse("product_create"), _form(group))
    product = Product.objects.get(code="P-NEW")
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert (product.price, product.area, product.name_th) == (
        Decimal("1250.50"),
        group.area,
        "น้ำผึ้งป่า",
    )


def test_create_with_a_photo_keeps_it(officer_client, group):
    photo = SimpleUploadedFile("jar.png", png_bytes(), content_type="image/png")
    officer_client.post(reverse("product_create"), _form(group, photo=photo))
    assert Product.objects.get(code="P-NEW").photos.count() == 1


def test_create_refuses_a_file_that_is_not_a_photo(officer_client, group):
    fake = SimpleUploadedFile("jar.png", b"<script>alert(1)</script>", content_type="image/png")
    response = officer_client.post(reverse("product_create"), _form(group, photo=fake))
    assert response.status_code == 422
    assert not Product.objects.filter(code="P-NEW").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "-5"), ("price", "cheap"), ("code", "has space"), ("name_en", ""), ("area", "XX")],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(officer_client, group, field, value):
    response = officer_client.post(reverse("product_create"), _form(group, **{field: value}))
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not Product.objects.exists()


def test_a_used_code_is_refused(officer_client, group, product):
    response = officer_client.post(reverse("product_create"), _form(group, code=product.code))
    assert response.status_code == 422
    assert "code" in response.context["form"].errors


def test_producer_edits_own_product_and_history_shows_who(client, producer, product):
    client.login(username=producer.username, password=PASSWORD)
    data = _form(product.producer_group, code=product.code, name_en="Renamed honey")
    data["area"] = product.area.code
    response = client.post(reverse("product_edit", args=[product.code]), data)
    assert response.status_code == 302
    page = client.get(product.get_absolute_url())
    assert "Renamed honey" in page.text
    assert str(producer) in page.text
    assert page.context["history"][0].who == producer


def test_list_filters_by_category_and_search(officer_client):
    honey = ProductFactory(name_en="Forest honey", category="food")
    ProductFactory(name_en="Silk scarf", category="textile")
    response = officer_client.get(reverse("product_list"), {"q": "honey", "category": "food"})
    assert [p.code for p in response.context["page"]] == [honey.code]


def test_list_filters_products_with_and_without_a_photo(officer_client):
    bare = ProductFactory(name_en="Bare honey")
    shown = ProductFactory(name_en="Shown cheese")
    product_photo_add(product=shown, image=ContentFile(png_bytes(), name="a.png"))
    without = officer_client.get(reverse("product_list") + "?photo=no").text
    assert bare.name_en in without
    assert shown.name_en not in without
    with_photo = officer_client.get(reverse("product_list") + "?photo=yes").text
    assert shown.name_en in with_photo
    assert bare.name_en not in with_photo


def test_list_filter_by_dzongkhag_includes_its_gewogs(officer_client, gewog, other_gewog):
    in_bumthang = ProductFactory(producer_group=ProducerGroupFactory(area=gewog))
    ProductFactory(producer_group=ProducerGroupFactory(area=other_gewog))
    response = officer_client.get(reverse("product_list"), {"area": "BT-33"})
    assert [p.code for p in response.context["page"]] == [in_bumthang.code]


def test_htmx_request_gets_only_the_results(officer_client, product):
    response = officer_client.get(reverse("product_list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert product.name_en in response.text
    full = officer_client.get(reverse("product_list"))
    assert "<html" in full.text


def test_list_query_count_does_not_grow_with_products(
    officer_client, django_assert_max_num_queries
):
    ProductFactory.create_batch(3)
    with django_assert_max_num_queries(8) as few:
        officer_client.get(reverse("product_list"))
    ProductFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("product_list"))


def test_area_pages_query_count_is_constant(officer_client, django_assert_max_num_queries):
    ProductFactory.create_batch(5)
    with django_assert_max_num_queries(8) as few:
        officer_client.get(reverse("area_list"))
    ProductFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("area_list"))


def test_area_counts_include_the_whole_subtree(officer_client, group):
    ProductFactory.create_batch(2, producer_group=group)
    response = officer_client.get(reverse("area_list"))
    bumthang = next(a for a in response.context["areas"] if a.code == "BT-33")
    assert (bumthang.group_count, bumthang.product_count) == (1, 2)
    gewogs = officer_client.get(reverse("area_detail", args=["BT-33"])).context["children"]
    assert {a.code: a.product_count for a in gewogs}["BT-33-03"] == 2


def test_area_suggestions_find_a_gewog_by_name(officer_client):
    response = officer_client.get(reverse("area_suggest"), {"area": "Tang"})
    assert 'value="BT-33-03"' in response.text
    assert "Tang, Bumthang" in response.text


def test_import_page_reports_every_bad_row_and_writes_nothing(officer_client, group):
    data = csv_bytes(
        PRODUCT_HEADER,
        [
            product_row("P-1", producer_code=group.code),
            product_row("P-2", producer_code=group.code, price="-1"),
        ],
    )
    upload = SimpleUploadedFile("products.csv", data, content_type="text/csv")
    response = officer_client.post(reverse("registry_import"), {"kind": "products", "file": upload})
    assert response.status_code == 422
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "price")]
    assert not Product.objects.exists()


def test_import_page_imports_a_good_file(officer_client, group):
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-1", producer_code=group.code)])
    upload = SimpleUploadedFile("products.csv", data, content_type="text/csv")
    response = officer_client.post(
        reverse("registry_import"), {"kind": "products", "file": upload}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.context["summary"].created == 1
    assert "<html" not in response.text


def test_import_page_refuses_a_file_over_the_size_limit(officer_client, settings):
    settings.OGOP_MAX_IMPORT_BYTES = 100
    upload = SimpleUploadedFile("big.csv", b"code,name_en\n" + b"x" * 200, content_type="text/csv")
    response = officer_client.post(reverse("registry_import"), {"kind": "products", "file": upload})
    assert response.status_code == 422
    assert "larger than" in response.text


def test_a_producer_creates_its_product_at_the_first_stage_whatever_the_form_sends(
    client, producer, group
):
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(reverse("product_create"), _form(group, stage="exported"))
    assert response.status_code == 302
    product = Product.objects.get(code="P-NEW")
    assert product.stage_id == "idea"
    assert not product.stage_changes.exists()


def test_a_taken_code_reads_alike_whether_or_not_the_producer_sees_its_product(
    client, producer, group, product, other_product
):
    Product.objects.filter(pk=other_product.pk).update(is_public=False)
    client.login(username=producer.username, password=PASSWORD)
    hidden = client.post(reverse("product_create"), _form(group, code=other_product.code))
    own = client.post(reverse("product_create"), _form(group, code=product.code))
    assert hidden.status_code == own.status_code == 422
    assert hidden.context["form"].errors == own.context["form"].errors
    assert own.context["form"].errors["code"] == ["This code is not available: choose another."]


@pytest.mark.parametrize("role", ["producer", "officer"])
def test_saving_the_edit_form_with_only_a_new_price_keeps_group_and_area(
    client, request, role, product, other_gewog
):
    # Given a product whose area is not its group's, and its edit page: the producer picks
    # the group in a list, the officer types its code
    Product.objects.filter(pk=product.pk).update(area=other_gewog)
    group_code = product.producer_group.code
    client.force_login(request.getfixturevalue(role))
    address = reverse("product_edit", args=[product.code])
    data = as_post(form_data(page_form(client.get(address).content, address)))
    # When only the price is changed
    data["price"] = ["125.50"]
    response = client.post(address, data)
    # Then group and area are those it had
    product.refresh_from_db()
    assert response.status_code == 302
    assert (product.price, product.producer_group.code, product.area.code) == (
        Decimal("125.50"),
        group_code,
        "BT-15-08",
    )
    assert (data["producer_group"], data["area"]) == ([group_code], ["BT-15-08"])
