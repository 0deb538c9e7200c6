from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
            f"Backed up {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"uploaded files to {options['file']}."
        )
