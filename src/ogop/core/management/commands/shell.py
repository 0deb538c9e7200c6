"""Django's shell, less the noise of the history models on starting it."""

from django.core.management.commands import shell


class Command(shell.Command):
    def get_auto_imports(self) -> list[str] | None:
        """Django's automatic imports, less the history models: django-simple-history makes them
        at run time, under a module that does not hold them, so the shell listed each (40
        lines) as one it could not import. They are reached through each model's `history`."""
        paths = super().get_auto_imports()
        if paths is None:
            return None
        return [path for path in paths if not path.rsplit(".", 1)[-1].startswith("Historical")]
