from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ogop.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ogop.accounts.sessions import start_clocks
        from ogop.accounts.two_factor import note_step_owed

        user_logged_in.connect(start_clocks, dispatch_uid="ogop.accounts.sessions.start_clocks")
        user_logged_in.connect(
            note_step_owed, dispatch_uid="ogop.accounts.two_factor.note_step_owed"
        )
