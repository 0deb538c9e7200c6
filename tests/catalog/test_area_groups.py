"""An area's public page lists the producer groups in it, not only their products."""

from django.urls import reverse

from ogop.catalog.indexing import rebuild
from ogop.places.models import Area
from tests.factories import ProducerGroupFactory, ProductFactory


def test_gewog_page_lists_its_public_groups_and_dzongkhag_page_names_their_gewogs(client, db):
    tang = Area.objects.get(code="BT-33-03")
    ProducerGroupFactory(area=tang, name_en="Tang Honey Producers", name="Tang Honey Producers")
    ProducerGroupFactory(
        area=tang, name_en="Hidden Weavers", name="Hidden Weavers", is_public=False
    )
    elsewhere = Area.objects.get(code="BT-15-08")
    ProducerGroupFactory(area=elsewhere, name_en="Elsewhere Group", name="Elsewhere Group")
    rebuild()
    gewog = client.get(reverse("catalog_area", args=["BT-33-03"])).text
    assert "Tang Honey Producers" in gewog
    shown = tang.producer_groups.get(name_en="Tang Honey Producers")
    assert reverse("catalog_group", args=[shown.code]) in gewog
    assert "Hidden Weavers" not in gewog
    assert "Elsewhere Group" not in gewog
    dzongkhag = client.get(reverse("catalog_area", args=["BT-33"])).text
    assert "Tang Honey Producers" in dzongkhag


def test_an_area_without_public_groups_says_so(client, db):
    ProductFactory()  # its group is in Tang, not in Chhume
    rebuild()
    text = client.get(reverse("catalog_area", args=["BT-33-01"])).text
    assert "No public producer groups here yet." in text
