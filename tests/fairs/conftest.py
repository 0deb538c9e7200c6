"""Fixtures of the fairs' tests: a fair with a booth, an exhibit and its cashier."""

from collections.abc import Callable
from typing import Any

import pytest

from ogop.accounts.models import Role, User
from tests.fairs.factories import BoothFactory, ExhibitFactory, FairFactory
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test


@pytest.fixture
def fair(db: None) -> Any:
    return FairFactory()


@pytest.fixture
def cashier(make_user: Callable[..., User]) -> User:
    return make_user(Role.CASHIER)


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(Role.PROGRAMME_OFFICER)


@pytest.fixture
def booth(fair: Any, cashier: User, group: Any) -> Any:
    booth = BoothFactory(fair=fair, cashiers=[cashier])
    booth.producer_groups.add(group)
    return booth


@pytest.fixture
def other_booth(fair: Any) -> Any:
    return BoothFactory(fair=fair)


@pytest.fixture
def exhibit(booth: Any, product: Any) -> Any:
    """Product at 90.00 THB, discount allowed down to 80.00, ten in stock."""
    return ExhibitFactory(booth=booth, product=product)


@pytest.fixture
def other_exhibit(other_booth: Any, other_product: Any) -> Any:
    return ExhibitFactory(booth=other_booth, product=other_product)


# Some of the fairs' tests are transactional (concurrent sales): the shipped data their
# flush removes is given back (see tests/shipped.py).
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module
