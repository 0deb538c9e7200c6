"""The kept results' versions are keyed by the site's name (settings.OGOP_SITE_NAME), and by
nothing of how a server reaches its database: tests/deploy/test_two_servers.py serves one
server through `localhost` and the other through 127.0.0.1 on PostgreSQL."""

from typing import Any

from ogop.core.versions import current, site_key


def test_installations_sharing_a_cache_keep_apart_by_their_site_names(settings: Any) -> None:
    settings.OGOP_SITE_NAME = "bhutan"
    bhutan, bhutan_token = site_key(), current("catalog", site_key())
    settings.OGOP_SITE_NAME = "thailand"
    assert site_key() != bhutan
    assert current("catalog", site_key()) != bhutan_token
    settings.OGOP_SITE_NAME = "bhutan"
    assert (site_key(), current("catalog", site_key())) == (bhutan, bhutan_token)
