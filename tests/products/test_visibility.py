"""Who may see which products and producer groups: one definition, on their querysets."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from tests.factories import ProducerGroupFactory, ProductFactory


@pytest.fixture
def shelves(group, other_group):
    """A public product of a public group, and three that the public catalog does not show."""
    hidden_group = ProducerGroupFactory(code="PG-HIDDEN", is_public=False)
    return {
        "open": ProductFactory(code="OPEN", producer_group=other_group),
        "private": ProductFactory(code="PRIVATE", producer_group=other_group, is_public=False),
        "own": ProductFactory(code="OWN", producer_group=group, is_public=False),
        "hidden_group": ProductFactory(code="IN-HIDDEN", producer_group=hidden_group),
    }


def codes(products):
    return sorted(products.values_list("code", flat=True))


def test_the_public_sees_public_products_of_public_groups_only(shelves):
    assert codes(Product.objects.public()) == ["OPEN"]
    assert codes(Product.objects.public_or_visible_to(AnonymousUser())) == ["OPEN"]
    assert codes(Product.objects.visible_to(AnonymousUser())) == []


def test_a_producer_sees_its_own_products_besides_the_public_ones(shelves, producer):
    assert codes(Product.objects.visible_to(producer)) == ["OWN"]
    assert codes(Product.objects.public_or_visible_to(producer)) == ["OPEN", "OWN"]


def test_a_registry_reader_sees_every_product(shelves, make_user):
    expert = make_user(Role.EXPERT)
    everything = ["IN-HIDDEN", "OPEN", "OWN", "PRIVATE"]
    assert codes(Product.objects.visible_to(expert)) == everything
    assert codes(Product.objects.public_or_visible_to(expert)) == everything


def test_the_rule_holds_on_related_managers_and_with_translated_lookups(shelves, other_group):
    assert codes(other_group.products.public()) == ["OPEN"]
    assert codes(Product.objects.public().filter(name=shelves["open"].name_en)) == ["OPEN"]


def test_groups_follow_the_same_rule(shelves, group, other_group, producer, make_user):
    group.is_public = False
    group.save()
    assert codes(ProducerGroup.objects.public()) == [other_group.code]
    assert codes(ProducerGroup.objects.visible_to(producer)) == [group.code]
    assert codes(ProducerGroup.objects.public_or_visible_to(producer)) == sorted(
        [group.code, other_group.code]
    )
    assert ProducerGroup.objects.visible_to(make_user(Role.ASSESSOR)).count() == 3
