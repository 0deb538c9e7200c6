"""The data that migrations ship (areas, development stages, rubrics), given back to
transactional tests: such a test ends by flushing every table, shipped data included (see
tests/browser/conftest.py for why serialized_rollback cannot do it)."""

from collections.abc import Iterator
from typing import Any

import pytest

from ogop.places.loaders import bhutan_records, load_areas, thailand_records
from ogop.places.models import Area
from ogop.products.models import Stage
from ogop.products.shipped import install_stages
from ogop.rating import shipped as rubrics
from ogop.rating.models import Criterion, Rubric, RubricPart, StarThreshold

# A gewog that the data migration loads.
SHIPPED_AREA = "BT-33-03"


def reload_shipped_areas() -> None:
    """Load what the data migrations ship, where a flush removed it (each loader skips
    what exists)."""
    if not Area.objects.filter(code=SHIPPED_AREA).exists():
        load_areas(Area, bhutan_records())
        load_areas(Area, thailand_records())
    install_stages(Stage)
    rubrics.install(Rubric, RubricPart, Criterion, StarThreshold)


@pytest.fixture(autouse=True)
def shipped_data_before_transactional_test(request: pytest.FixtureRequest) -> None:
    """A transactional test starts with the shipped data, whatever flushed it before.
    Import it (and the next fixture) into a module or conftest whose tests are transactional."""
    marker = request.node.get_closest_marker("django_db")
    if request.node.get_closest_marker("browser") or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        reload_shipped_areas()
        assert Area.objects.filter(code=SHIPPED_AREA).exists()


@pytest.fixture(scope="module", autouse=True)
def shipped_data_after_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Give the shipped data back to the tests that follow, after the last test's flush."""
    yield
    with django_db_blocker.unblock():
        reload_shipped_areas()
