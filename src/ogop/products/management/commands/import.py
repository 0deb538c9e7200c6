from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from ogop.core.imports import ImportRejected
from ogop.products.transfer.importing import import_file
from ogop.products.transfer.kinds import KINDS


class Command(BaseCommand):
    help = (
        "Import producer groups or products from a CSV or XLSX file (docs/import.md). "
        "All or nothing: a file with any bad row imports nothing and lists every problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="user name the history records the change under")
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user named %(name)s.") % {"name": options["user"]})

        def progress(rows: Any) -> Any:
            return tqdm(
                rows,
                desc=_("checking rows"),
                unit=_("row"),
                disable=options["no_progress"],
                file=self.stderr,
            )

        try:
            summary = import_file(kind=options["kind"], data=data, user=user, progress=progress)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                ngettext(
                    "Nothing was imported from %(path)s: %(count)s problem.",
                    "Nothing was imported from %(path)s: %(count)s problems.",
                    len(exc.errors),
                )
                % {"path": path, "count": len(exc.errors)}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(kind)s from %(path)s: %(created)s created, %(updated)s updated.")
                % {
                    "kind": KINDS[options["kind"]].label,
                    "path": path,
                    "created": summary.created,
                    "updated": summary.updated,
                }
            )
        )
