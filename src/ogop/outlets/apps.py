from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutletsConfig(AppConfig):
    name = "ogop.outlets"
    verbose_name = _("Outlets and stock")

    def ready(self) -> None:
        from ogop.outlets import rules  # noqa: F401  (the permissions)
