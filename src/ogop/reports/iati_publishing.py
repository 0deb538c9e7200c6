"""What is published, checked before it leaves: the programme's activity file and its
reporting organisation's file, each through the schema, the codelists and IATI's data-quality
rules; and the same files as the IATI Registry expects them (a folder of files, each with its
dataset's metadata).

A file is written first, then checked as written, and only handed out when no rule with the
severity "error" fails; the warnings go with it.
"""

import io
import json
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.text import slugify

from ogop.accounts.models import Organisation
from ogop.programme.models import Activity, Programme
from ogop.reports.iati import DEFAULT_LANGUAGE, VERSION, check_exportable, iati_chunks
from ogop.reports.iati_organisation import organisation_file
from ogop.reports.iati_quality import Finding, check_activities, check_organisations
from ogop.reports.iati_validation import validate, validate_organisations

# Kept in memory up to this size, on disk beyond.
SPOOL_BYTES = 16 * 1024 * 1024
LICENSE = "cc-by"  # the Registry's id of Creative Commons Attribution
REGISTRY_FORMAT = "IATI-XML"


@dataclass
class Checked:
    """A written file and what its checks found."""

    file: IO[bytes]
    problems: list[str] = field(default_factory=list)  # what stops it being written at all
    invalid: list[str] = field(default_factory=list)  # schema and codelists
    findings: list[Finding] = field(default_factory=list)  # data-quality rules

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.rule.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.rule.is_error]

    @property
    def publishable(self) -> bool:
        return not (self.problems or self.invalid or self.errors)

    def refusals(self) -> list[str]:
        """Everything that stops the file, as readable lines."""
        return [*self.problems, *self.invalid, *(finding.message for finding in self.errors)]

    def data(self) -> bytes:
        self.file.seek(0)
        return self.file.read()


def activities_checked(programmes: list[Programme], chunks: Any = None) -> Checked:
    """The programmes' activity file, written to a spooled file and checked as written.

    `chunks` wraps the writer's pieces (a progress bar); nothing is written when a programme
    lacks what a valid file needs (`check_exportable`)."""
    problems = [
        f"{programme.identifier}: {problem}"
        for programme in programmes
        for problem in check_exportable(programme)
    ]
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  # the caller reads it
    if problems:
        return Checked(spool, problems=problems)
    pieces = iati_chunks(programmes)
    for chunk in chunks(pieces) if chunks else pieces:
        spool.write(chunk)
    spool.seek(0)
    invalid = validate(spool)
    spool.seek(0)
    findings = check_activities(spool)
    spool.seek(0)
    return Checked(spool, invalid=invalid, findings=findings)


def organisation_checked(
    organisation: Organisation, programmes: list[Programme], documents: dict[int, str] | None = None
) -> Checked:
    """The reporting organisation's file, checked."""
    data = organisation_file(organisation, programmes, documents=documents)
    checked = Checked(io.BytesIO(data))
    checked.invalid = validate_organisations(data)
    checked.findings = check_organisations(data)
    return checked


# The IATI Registry ----------------------------------------------------------------------------


@dataclass
class Dataset:
    """One file as the IATI Registry lists it: its name, file and metadata."""

    name: str
    title: str
    publisher: str
    filetype: str  # "activity" or "organisation"
    checked: Checked
    activity_count: int = 0
    country: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.xml"

    def metadata(self, *, base_url: str) -> dict[str, Any]:
        """The dataset's record for the Registry (a CKAN package), as its API takes it."""
        extras = {
            "filetype": self.filetype,
            "iati_version": VERSION,
            "data_updated": timezone.now().replace(microsecond=0).isoformat(),
            "language": DEFAULT_LANGUAGE,
        }
        if self.filetype == "activity":
            extras["activity_count"] = str(self.activity_count)
            extras["country"] = self.country
        return {
            "name": self.name,
            "title": self.title,
            "owner_org": self.publisher,
            "license_id": LICENSE,
            "resources": [
                {"url": f"{base_url.rstrip('/')}/{self.filename}", "format": REGISTRY_FORMAT}
            ],
            "extras": [{"key": key, "value": value} for key, value in extras.items()],
        }


def publisher_id(organisation: Organisation) -> str:
    """The organisation's name on the Registry, as publishers' ids are written: its short
    name (or else its identifier) in lower case, letters, digits, hyphens and underscores."""
    base = str(organisation.short_name or organisation.iati_identifier or organisation.name)
    return slugify(base) or f"organisation-{organisation.pk}"


def dataset_name(publisher: str, suffix: str) -> str:
    """'tica-bt-ogop-2016': the publisher's id and a suffix, as the Registry names datasets."""
    return re.sub(r"[^a-z0-9_-]", "-", f"{publisher}-{suffix}".lower())


def registry_datasets(programmes: Iterable[Programme], *, base_url: str) -> list[Dataset]:
    """Each programme's activity file and each reporting organisation's file, checked."""
    by_organisation: dict[int, list[Programme]] = {}
    for programme in programmes:
        by_organisation.setdefault(programme.reporting_organisation_id, []).append(programme)
    datasets = []
    for grouped in by_organisation.values():
        organisation = grouped[0].reporting_organisation
        publisher = publisher_id(organisation)
        documents = {}
        for programme in grouped:
            prefix = organisation.iati_identifier.strip()
            suffix = programme.identifier.removeprefix(f"{prefix}-") if prefix else ""
            dataset = Dataset(
                name=dataset_name(publisher, suffix or str(programme.pk)),
                title=str(programme.title),
                publisher=publisher,
                filetype="activity",
                checked=activities_checked([programme]),
                activity_count=1 + Activity.objects.filter(component__programme=programme).count(),
                country=programme.recipient_country,
            )
            documents[programme.pk] = f"{base_url.rstrip('/')}/{dataset.filename}"
            datasets.append(dataset)
        datasets.append(
            Dataset(
                name=dataset_name(publisher, "org"),
                title=str(organisation.name),
                publisher=publisher,
                filetype="organisation",
                checked=organisation_checked(organisation, grouped, documents),
            )
        )
    return datasets


def registry_files(datasets: list[Dataset], *, base_url: str) -> Iterable[tuple[str, bytes]]:
    """Each dataset's file and its metadata file ('<name>.json'), by file name."""
    for dataset in datasets:
        yield dataset.filename, dataset.checked.data()
        metadata = json.dumps(dataset.metadata(base_url=base_url), ensure_ascii=False, indent=2)
        yield f"{dataset.name}.json", f"{metadata}\n".encode()


def registry_write(directory: Path, datasets: list[Dataset], *, base_url: str) -> list[Path]:
    """Write the datasets' files and metadata into `directory` (made if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in registry_files(datasets, base_url=base_url):
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written


def registry_zip(datasets: list[Dataset], *, base_url: str) -> bytes:
    """The same files as one zip archive, for a download."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in registry_files(datasets, base_url=base_url):
            archive.writestr(name, data)
    return out.getvalue()
