from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "ogop.results"
    verbose_name = _("Results framework")

    def ready(self) -> None:
        from ogop.results import signals  # noqa: F401  (connects the receivers)
