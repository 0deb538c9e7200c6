from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "ogop.catalog"
    verbose_name = _("Public catalog")

    def ready(self) -> None:
        from ogop.catalog import signals  # noqa: F401  (connects the index to the registry)
