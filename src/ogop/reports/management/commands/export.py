import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ogop.accounts.models import Role, User
from ogop.products.transfer import FORMATS, KINDS, export_file


class Command(BaseCommand):
    help = "Export producer groups or products as CSV or XLSX, in the import file's columns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--output", "-o", type=Path, help="file to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The command line runs with an administrator's view of the registry.
        everyone = User(username="export", role=Role.ADMIN, is_active=True)
        data = export_file(kind=options["kind"], file_format=options["format"], user=everyone)
        if options["output"]:
            options["output"].write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
