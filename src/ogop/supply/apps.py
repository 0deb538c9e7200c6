from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    name = "ogop.supply"
    verbose_name = _("Purchases and batches")

    def ready(self) -> None:
        from ogop.supply import rules  # noqa: F401  (the permissions)
