from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ogop.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ogop.core import freshness

        freshness.connect()  # what each kept result reads retires it when written
