from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ogop.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files to one archive, while the server runs "
        "(restore it with `ogop restore FILE`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. ogop.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Backed up {rows} rows in {tables} tables and {files} uploaded files to "
                "{archive}, with a signed manifest of their counts and hashes."
            ).format(
                rows=summary.rows,
                tables=summary.tables,
                files=summary.files,
                archive=options["file"],
            )
        )
