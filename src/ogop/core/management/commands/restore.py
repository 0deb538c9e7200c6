import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ogop.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of an archive made by "
        "`ogop backup`, once the whole archive has been checked. Stop the server first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to restore")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing everything"
        )
        parser.add_argument(
            "--trust-archive",
            action="store_true",
            help=(
                "restore an archive whose manifest another SECRET_KEY signed (made by another "
                "installation): its files and database are still checked against the manifest, "
                "but the manifest itself is trusted; only for an archive you kept safe"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        try:
            manifest = read_manifest(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not options["yes"]:
            self._confirm(source, manifest)
        try:
            summary = restore(source, trust_archive=options["trust_archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Restored {rows} rows in {tables} tables and {files} uploaded files from "
                "{archive}; every count, content hash and file matches the backup."
            ).format(rows=summary.rows, tables=summary.tables, files=summary.files, archive=source)
        )

    def _confirm(self, source: Path, manifest: dict[str, Any]) -> None:
        """Ask on the terminal; without one (cron, a pipe), refuse rather than guess."""
        no_terminal = _(
            "Restoring {archive} replaces all data, and there is no terminal to ask whether "
            "to go on. Nothing was restored; pass --yes to restore without asking."
        ).format(archive=source)
        if not sys.stdin or not sys.stdin.isatty():
            raise CommandError(no_terminal)
        try:
            answer = input(
                _(
                    "Replace this installation's data with the backup of {created_at}? "
                    "Type 'yes' to go on: "
                ).format(created_at=manifest["created_at"])
            )
        except EOFError as error:
            raise CommandError(no_terminal) from error
        if answer.strip().lower() != "yes":
            raise CommandError(_("Nothing was restored."))
