"""The versions that kept results are kept under (core.versions)."""

from pathlib import Path
from typing import Any

from django.core.cache import cache

from ogop.core.versions import current, site_key


def test_culling_the_kept_results_leaves_their_versions(
    settings: Any, tmp_path: Path, db: None
) -> None:
    # A cache so small that every write culls it whole, as a crawler can keep a full one
    # culling: a version culled would retire the results kept under it that were not.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            **settings.CACHES["default"],
            "LOCATION": str(tmp_path / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 1},
        },
    }
    version = current("catalog", site_key())
    for n in range(3):
        cache.set(f"page-{n}", n)
    assert cache.get("page-0") is None  # culled
    assert current("catalog", site_key()) == version
