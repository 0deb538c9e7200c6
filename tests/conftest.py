"""Fixtures shared by the whole suite: users of every role, groups and products in real gewogs."""

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from ogop.accounts import two_factor
from ogop.accounts.models import Role, User
from ogop.places.models import Area
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory, authenticator_for
from tests.roles import sign_in, user_for
from tests.shipped import reload_shipped_areas


def pytest_configure(config: pytest.Config) -> None:
    # A fast hasher: the suite logs in often and is no place to test password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process (xdist's workers, on SQLite or PostgreSQL) has a database of its own
    # but shares OGOP_DATA_DIR's cache folders: its own site name keeps its kept results apart.
    settings.OGOP_SITE_NAME = f"tests-{os.getpid()}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """A task runs where it is queued, as it is queued: a page that starts an import answers
    with its result. tests/core/test_jobs.py and the browser tests of imports run a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _login_throttling_off(settings: Any) -> None:
    """The test client's login() authenticates without a request, which login throttling
    cannot count; tests/accounts/test_security.py turns it back on to test it."""
    settings.AXES_ENABLED = False


def second_step_done(client: Client, user: Any) -> None:
    """Complete the test client's sign-in with its second step, as the person would by typing
    their authenticator's code (an administrator sets the app up first): the session records
    the step as done. The step itself is tested through its pages (tests/accounts/
    test_two_factor.py, tests/browser/test_journey_admin.py)."""
    session = client.session
    if session.get(two_factor.SESSION_KEY) in {two_factor.CODE, two_factor.SETUP}:
        authenticator_for(user)
        session[two_factor.SESSION_KEY] = two_factor.DONE
        session.save()


@pytest.fixture(autouse=True)
def _test_client_signs_in_fully(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test client's login() and force_login() stand for a whole sign-in, the second step
    included, as they stand for the password; two-step sign-in stays required (settings)."""
    login, force_login = Client.login, Client.force_login

    def login_fully(self: Client, **credentials: Any) -> bool:
        signed_in = login(self, **credentials)
        if signed_in:
            second_step_done(self, User.objects.get(pk=self.session["_auth_user_id"]))
        return signed_in

    def force_login_fully(self: Client, user: Any, backend: str | None = None) -> None:
        force_login(self, user, backend)
        second_step_done(self, user)

    monkeypatch.setattr(Client, "login", login_fully)
    monkeypatch.setattr(Client, "force_login", force_login_fully)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in English: a request in Thai must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def gewog(db: None) -> Area:
    """Tang, Bumthang: a real gewog shipped with the platform."""
    return Area.objects.get(code="BT-33-03")


@pytest.fixture
def other_gewog(db: None) -> Area:
    """Soe, Thimphu."""
    return Area.objects.get(code="BT-15-08")


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str = Role.PROGRAMME_OFFICER, **kwargs: Any) -> User:
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def client_as(client: Client, db: None) -> Callable[..., Client]:
    """The test client signed in as a new user of a role, who owns the objects given (see
    tests.roles.user_for); left anonymous for tests.roles.ANONYMOUS."""

    def sign_in_as(role: str, **own: Any) -> Client:
        return sign_in(client, user_for(role, **own))

    return sign_in_as


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.PROGRAMME_OFFICER)


@pytest.fixture
def officer_client(client: Client, officer: User) -> Client:
    """The test client signed in as the programme officer."""
    return sign_in(client, officer)


@pytest.fixture
def group(gewog: Area) -> Any:
    return ProducerGroupFactory(area=gewog)


@pytest.fixture
def other_group(other_gewog: Area) -> Any:
    return ProducerGroupFactory(area=other_gewog)


@pytest.fixture
def producer(make_user: Callable[..., User], group: Any) -> User:
    """A producer who represents `group` (and no other)."""
    user = make_user(Role.PRODUCER)
    group.representatives.add(user)
    return user


@pytest.fixture
def product(group: Any) -> Any:
    return ProductFactory(producer_group=group)


@pytest.fixture
def other_product(other_group: Any) -> Any:
    return ProductFactory(producer_group=other_group)


@pytest.fixture
def concurrent_db(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """The real database, as concurrent requests meet it, with the shipped data.

    On PostgreSQL, the test database itself. On SQLite the test runner's database lives in
    memory with a shared cache, where a second writer fails at once ("table is locked")
    instead of waiting as it does on the file the platform really uses; so for this test the
    database is copied to a file and every connection, the threads' too, opens that file.
    A module using it imports the fixtures of tests/shipped.py, which give the shipped data
    back after its flush.
    """
    reload_shipped_areas()
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
