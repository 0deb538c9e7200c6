"""The walkers (tests/browser/test_walkers.py) reach every page: a named URL that is neither
walked nor excused with a reason in tests/browser/walk.py fails here, outside the browser tests
so that it needs neither a browser nor a database."""

from django.urls import get_resolver

from tests.browser.walk import NOT_WALKED, PAGES
from tests.test_url_permissions import _url_patterns


def test_every_page_is_walked_or_has_a_reason() -> None:
    names = {
        name
        for name, _pattern in _url_patterns(get_resolver())
        if name and not name.startswith("api:")
    }
    assert sorted(names - set(PAGES) - set(NOT_WALKED)) == [], "neither walked nor excused"
    # No stale entries, and no URL both walked and excused.
    assert sorted((set(PAGES) | set(NOT_WALKED)) - names) == []
    assert set(PAGES) & set(NOT_WALKED) == set()
