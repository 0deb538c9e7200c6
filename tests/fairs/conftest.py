"""Fixtures of the fairs' tests: a fair with a booth, an exhibit and its cashier."""

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from ogop.accounts.models import Role, User
from ogop.places.loaders import bhutan_records, load_areas, thailand_records
from ogop.places.models import Area
from ogop.products import shipped
from ogop.products.models import Stage
from tests.fairs.factories import BoothFactory, ExhibitFactory, FairFactory


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


def restore_shipped_data() -> None:
    """Load what the migrations load and these tests need (areas, development stages) if a
    transactional test's flush removed it, as the data migrations do.

    Django's serialized rollback cannot do it here: a flush by an earlier transactional test
    recreates the content types, which the snapshot then collides with."""
    if not Area.objects.exists():
        load_areas(Area, bhutan_records())
        load_areas(Area, thailand_records())
    shipped.install_stages(Stage)


@pytest.fixture
def shipped_data(transactional_db: None) -> None:
    """For transactional tests: the shipped data, whatever an earlier flush removed."""
    restore_shipped_data()


@pytest.fixture(scope="module", autouse=True)
def _shipped_data_after_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """After a module of transactional tests, the tests that follow find the shipped data."""
    yield
    with django_db_blocker.unblock():
        restore_shipped_data()


@pytest.fixture
def concurrent_db(shipped_data: None, tmp_path: Path) -> Iterator[None]:
    """The real database, as concurrent requests meet it.

    On PostgreSQL, the test database itself. On SQLite the test runner's database lives in
    memory with a shared cache, where a second writer fails at once ("table is locked")
    instead of waiting as it does on the file the platform really uses; so for this test the
    database is copied to a file and every connection, the threads' too, opens that file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    in_memory = connection.connection  # kept open: closing the last connection drops it
    path = tmp_path / "concurrent.sqlite3"
    with sqlite3.connect(path) as copy:
        in_memory.backup(copy)
    copy.close()
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)  # shared with the threads' connections
    connection.connection = None
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory
