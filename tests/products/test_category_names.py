"""A product's category reads as a name on staff pages, as it does in the catalog."""

from django.urls import reverse

from tests.factories import PASSWORD


def test_staff_pages_name_the_category_like_the_catalog(client, officer, product):
    client.login(username=officer.username, password=PASSWORD)
    detail = client.get(reverse("product_detail", args=[product.code])).text
    assert "<dd>Food</dd>" in detail
    listing = client.get(reverse("product_list")).text
    assert "<td>Food</td>" in listing
    group = client.get(reverse("producer_group_detail", args=[product.producer_group.code])).text
    assert "Food · " in group
