"""Fixtures of the catalog tests."""

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _page_cache_of_its_own(settings: Any, tmp_path: Path) -> None:
    """Each test keeps the catalog's pages in a folder of its own: the cache the server's
    workers share, as configured, started empty."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": str(tmp_path / "cache")},
    }
