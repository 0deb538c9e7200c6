"""The demo, loaded once for a module's tests: loading it takes seconds, and most tests only
read it. Each test still runs in a transaction of its own inside the module's, so what one
test changes is gone for the next; the module's transaction is rolled back after its tests."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from ogop.demo.loader import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """What `load_demo` answered (the same as `ogop demo`), the demo being in the database."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = load_demo()
        yield loaded
        transaction.set_rollback(True)
