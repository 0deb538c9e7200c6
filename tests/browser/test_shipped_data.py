"""The browser tests leave the areas that migrations load to the tests that run after them."""

import pytest

from ogop.places.models import Area


@pytest.mark.django_db(transaction=True)
def test_areas_are_back_after_the_browser_tests() -> None:
    # Transactional tests run last, in the order collected: this one after test_registry.py,
    # whose tests end with a flush. Under xdist it may run on a worker without them.
    assert Area.objects.filter(code="BT-33-03").exists()
    assert Area.objects.filter(country="BT", level=2).count() == 205
