"""Backups: the database and the uploaded files in one archive, taken while the server runs.

An archive is a tar file (gzip-compressed) holding:

- `manifest.json`: the format, when and from which database it was taken, the migrations
  applied, the number of rows of every table, and the SHA-256 of every uploaded file;
- `database.sqlite3` (SQLite, copied with SQLite's online backup API: a consistent snapshot
  while others read and write) or `database.dump` (PostgreSQL, `pg_dump --format=custom`,
  which reads one snapshot);
- `media/…`: the uploaded files, copied after the database, so every file the snapshot names
  is there.

A restore replaces the database and the uploaded files with the archive's, then checks that
every table has the row count and every file the hash the manifest recorded.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "ogop-backup/1"
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.dump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


def _vendor() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _tables() -> list[str]:
    """Every table the platform's models (and their many-to-many links) keep."""
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(names & existing)


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_hashes() -> dict[str, str]:
    root = _media_root()
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, from the Django settings."""
    conf = connection.settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", conf["HOST"]]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", conf["USER"]]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is needed for PostgreSQL backups: install postgresql-client."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(target: Path) -> Summary:
    """Write an archive of the database and the uploaded files to `target` (atomically: the
    file appears only when it is complete)."""
    vendor = _vendor()
    target = Path(target)
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        if vendor == "sqlite":
            snapshot = work / SQLITE_NAME
            connection.ensure_connection()
            destination = sqlite3.connect(snapshot)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
            # The counts are read from the snapshot, so they describe exactly what it holds.
            counts = _sqlite_counts(snapshot)
        else:
            snapshot = work / POSTGRES_NAME
            args, env = _postgres_env()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(snapshot), *args], env)
            counts = row_counts()
        hashes = media_hashes()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": vendor,
            "migrations": _applied_migrations(),
            "rows": counts,
            "media": hashes,
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            archive.add(snapshot, arcname=snapshot.name)
            root = _media_root()
            for name in hashes:
                archive.add(root / name, arcname=f"media/{name}")
        partial.replace(target)
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(hashes))


def _sqlite_counts(path: Path) -> dict[str, int]:
    tables = set(_tables())
    database = sqlite3.connect(path)
    try:
        names = [
            name
            for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name in tables
        ]
        return {
            name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in sorted(names)
        }
    finally:
        database.close()


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        with tarfile.open(source, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{source} is not a backup of this platform ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} has an unknown backup format: {manifest.get('format')}.")
    return manifest


def restore(source: Path) -> Summary:
    """Replace the database and the uploaded files with those of the archive, then check
    them against its manifest. Raises BackupError, changing nothing, if the archive does not
    fit this installation."""
    source = Path(source)
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']} database; this installation uses {vendor}."
        )
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work, filter="data")
        media = work / "media"
        for name, digest in manifest["media"].items():
            if not (media / name).is_file() or _sha256(media / name) != digest:
                raise BackupError(f"The backup is damaged: {name} does not match its hash.")
        if vendor == "sqlite":
            _restore_sqlite(work / SQLITE_NAME)
        else:
            _restore_postgres(work / POSTGRES_NAME)
        _replace_media(media)
    counts = row_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["rows"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"Restored, but tables differ from the backup: {wrong}.")
    if media_hashes() != manifest["media"]:
        raise BackupError("Restored, but the uploaded files differ from the backup.")
    # Pages cached from the data before the restore describe another database.
    cache.clear()
    return Summary(
        tables=len(counts), rows=sum(manifest["rows"].values()), files=len(manifest["media"])
    )


def _restore_sqlite(snapshot: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(snapshot)
    try:
        # The online backup API, the other way round: the live database becomes the snapshot
        # in one step, under SQLite's own locking.
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgres(snapshot: Path) -> None:
    connections.close_all()
    args, env = _postgres_env()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(snapshot),
        ],
        env,
    )


def _replace_media(extracted: Path) -> None:
    """Make the media folder exactly the archive's: the old one is set aside, then removed."""
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    aside = root.with_name(f".{root.name}-before-restore-{dt.datetime.now():%Y%m%d%H%M%S}")
    if root.exists():
        root.rename(aside)
    if extracted.exists():
        shutil.copytree(extracted, root)
    else:
        root.mkdir()
    if aside.exists():
        shutil.rmtree(aside)
