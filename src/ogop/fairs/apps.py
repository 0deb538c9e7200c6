from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "ogop.fairs"
    verbose_name = _("Trade fairs")

    def ready(self) -> None:
        from ogop.fairs import checks  # noqa: F401  (registers the checks)
