from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rebuild_stale_index(
    using: str, apps: Apps = global_apps, verbosity: int = 1, **kwargs: Any
) -> None:
    """After migrating (or flushing: no `apps` then), write the search entries anew if the
    words a text is cut into have changed since they were written: an upgrade needs no step
    of its own."""
    if using != DEFAULT_DB_ALIAS:
        return
    try:
        apps.get_model("catalog", "IndexState")
    except LookupError:  # migrated back to before the index kept its words' fingerprint
        return
    from ogop.catalog.indexing import rebuild_if_stale

    def announce() -> None:
        if verbosity:  # a national index takes minutes: say so before
            print("Writing the search index anew: the words a text is cut into have changed…")

    count = rebuild_if_stale(before=announce)
    if count is not None and verbosity:
        print(f"Search index written anew: {count} entries.")


class CatalogConfig(AppConfig):
    name = "ogop.catalog"
    verbose_name = _("Public catalog")

    def ready(self) -> None:
        from ogop.catalog import signals  # noqa: F401  (connects the index to the registry)

        post_migrate.connect(_rebuild_stale_index, sender=self)
