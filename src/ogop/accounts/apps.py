from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ogop.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ogop.accounts.sessions import start_clocks

        user_logged_in.connect(start_clocks, dispatch_uid="ogop.accounts.sessions.start_clocks")
