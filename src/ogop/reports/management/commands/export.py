import codecs
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from tqdm import tqdm

from ogop.accounts.models import Role, User
from ogop.products.transfer.exporting import export_file
from ogop.products.transfer.kinds import FORMATS, KINDS
from ogop.programme.models import Activity, Programme
from ogop.reports.iati_publishing import (
    Checked,
    activities_checked,
    registry_datasets,
    registry_write,
)

IATI = "iati"


class Command(BaseCommand):
    help = (
        "Export producer groups or products as CSV or XLSX, in the import file's columns; "
        "or programmes as an IATI 2.03 activities file, or with --dir as the files and "
        "metadata the IATI Registry takes (docs/iati.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[*sorted(KINDS), IATI])
        parser.add_argument(
            "--format", choices=FORMATS, help="producers and products: csv (default) or xlsx"
        )
        parser.add_argument(
            "--output", "-o", type=Path, help="file to write (default: standard output)"
        )
        parser.add_argument(
            "--programme",
            help="iati: the programme's id or IATI identifier (default: every programme)",
        )
        parser.add_argument(
            "--dir",
            type=Path,
            help="iati: write the activity and organisation files, each with its IATI Registry "
            "metadata (<dataset>.json), into this folder",
        )
        parser.add_argument(
            "--base-url",
            help="iati with --dir: the address the folder's files will be published at",
        )
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == IATI:
            if options["format"]:
                raise CommandError(_("--format is for producers and products: IATI is XML."))
            if options["dir"]:
                self.registry(options)
                return
            if options["base_url"]:
                raise CommandError(_("--base-url goes with --dir."))
            checked = iati_file(options["programme"], self.progress(options))
            self.warn(checked)
            self.write(iter(lambda: checked.file.read(1024 * 1024), b""), options)
            return
        if options["programme"]:
            raise CommandError(_("--programme is for the iati export."))
        if options["dir"] or options["base_url"]:
            raise CommandError(_("--dir and --base-url are for the iati export."))
        # The command line runs with an administrator's view of the registry.
        everyone = User(username="export", role=Role.ADMIN, is_active=True)
        file_format = options["format"] or "csv"
        if file_format == "xlsx" and not options["output"] and not self.binary_stdout():
            raise CommandError(_("An XLSX file is binary: write it with --output."))
        data = export_file(kind=options["kind"], file_format=file_format, user=everyone)
        self.write([data], options)

    def registry(self, options: dict[str, Any]) -> None:
        """Write the files and metadata for the IATI Registry, once every file passes."""
        if options["output"]:
            raise CommandError(_("Give either --dir or --output."))
        if not options["base_url"]:
            raise CommandError(
                _("--dir needs --base-url: the address the files will be published at.")
            )
        programmes = find_programmes(options["programme"])
        datasets = registry_datasets(programmes, base_url=options["base_url"])
        refused = [
            f"{dataset.filename}: {line}"
            for dataset in datasets
            for line in dataset.checked.refusals()
        ]
        if refused:
            raise CommandError(
                "\n".join([_("The IATI files were not written:"), *(f"- {r}" for r in refused)])
            )
        for dataset in datasets:
            self.warn(dataset.checked)
        for path in registry_write(options["dir"], datasets, base_url=options["base_url"]):
            self.stderr.write(str(path))

    def warn(self, checked: Checked) -> None:
        """The data-quality warnings, on the standard error: the file is written all the same."""
        for finding in checked.warnings:
            self.stderr.write(
                _("Warning: %(where)s: %(message)s")
                % {"where": finding.activity, "message": finding.message}
            )

    def progress(self, options: dict[str, Any]) -> Any:
        def wrap(chunks: Iterable[bytes], total: int) -> Iterable[bytes]:
            return tqdm(
                chunks,
                total=total,
                desc=_("writing activities"),
                unit=_("activity"),
                disable=options["no_progress"],
                file=self.stderr,
            )

        return wrap

    def binary_stdout(self) -> Any:
        """The standard output's bytes, when it is the real one (a test gives a text stream)."""
        return getattr(self.stdout, "buffer", None)

    def write(self, chunks: Iterable[bytes], options: dict[str, Any]) -> None:
        """Write to --output through a temporary file, so that a failure leaves no half file;
        or to the standard output."""
        path: Path | None = options["output"]
        if path is None:
            out = self.binary_stdout() or _TextOut(self.stdout)
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            return
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            # The permissions a file written directly would have (the temporary one is 600).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def iati_file(identifier: str | None, progress: Any) -> Checked:
    """The programmes' IATI file, written aside and checked: raises CommandError, naming what
    is wrong, when a programme lacks what the file needs, or the file breaks the schema or a
    data-quality rule with the severity error."""
    programmes = find_programmes(identifier)
    total = len(programmes) + Activity.objects.filter(component__programme__in=programmes).count()
    checked = activities_checked(programmes, lambda pieces: progress(pieces, total))
    if not checked.publishable:
        raise CommandError(
            "\n".join(
                [_("The IATI file was not written:"), *(f"- {p}" for p in checked.refusals())]
            )
        )
    return checked


def find_programmes(identifier: str | None) -> list[Programme]:
    programmes = Programme.objects.select_related("reporting_organisation").order_by("identifier")
    if identifier is None:
        found = list(programmes)
        if not found:
            raise CommandError(_("There is no programme to export."))
        return found
    found = list(programmes.filter(identifier=identifier))
    if not found and identifier.isdigit():
        found = list(programmes.filter(Q(pk=int(identifier))))
    if not found:
        raise CommandError(
            _("No programme has the id or IATI identifier “%(id)s”.") % {"id": identifier}
        )
    return found


class _TextOut:
    """Bytes written to a text stream, decoded as UTF-8 as they come."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> None:
        self.stream.write(self.decoder.decode(data), ending="")

    def flush(self) -> None:
        self.stream.write(self.decoder.decode(b"", final=True), ending="")
        self.stream.flush()
