"""Backups: the database and the uploaded files in one archive, taken while the server runs.

An archive is a tar file (gzip-compressed) holding:

- `manifest.json`: the format, when and from which database it was taken, the migrations
  applied, every table's row count and the SHA-256 of its content, the SHA-256 of the
  database file and of every uploaded file, and a signature of all of these: an HMAC-SHA256
  keyed by the installation's SECRET_KEY;
- `database.sqlite3` (SQLite, copied with SQLite's online backup API) or `database.dump`
  (PostgreSQL, `pg_dump --format=custom`);
- `media/…`: the uploaded files, copied after the database, so every file the snapshot names
  is there. They are read through Django's storage API, wherever they are kept: a folder
  under OGOP_DATA_DIR or a bucket of an object store (core.storage).

Everything the manifest says of the database is read from the very snapshot the archive
holds, however the server writes meanwhile: on SQLite from the copy itself; on PostgreSQL a
REPEATABLE READ transaction exports its snapshot, `pg_dump --snapshot` dumps exactly it, and
the counts and hashes are read in that same transaction.

A restore changes nothing until the whole archive has been checked: its members (no path
out of its folder, no link), the signature, the hash of the database file and of every
uploaded file, and the database itself, restored aside (SQLite: the extracted copy;
PostgreSQL: a scratch database) and compared table by table, rows and content, with the
manifest. Only then does it write the archive's files that the storage lacks or holds
otherwise, replace the database in one step, remove the stored files the archive does not
hold, and check the result once more. Should the database fail to be replaced, the files
written are taken back.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg import sql

from ogop.core.freshness import renew_all
from ogop.core.storage import stored_names

FORMAT = "ogop-backup/2"
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.dump"
SIGNATURE_SALT = "ogop.core.backup.manifest"
# Fixed, so that a row reads as the same text whatever the server's or the session's defaults.
POSTGRES_SESSION = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 1",
    "SET bytea_output = 'hex'",
)

DAMAGED_DATABASE = gettext_lazy(
    "{archive} is damaged: its database does not hold what the manifest records in "
    "{tables}; nothing was restored."
)
# table -> (rows, SHA-256 of the rows' content)
Fingerprint = dict[str, tuple[int, str]]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


class SignatureError(BackupError):
    """An archive whose manifest this installation's SECRET_KEY did not sign."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


def _vendor() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not {vendor}.").format(
                vendor=connection.vendor
            )
        )
    return connection.vendor


def _tables() -> list[str]:
    """Every table the platform's models (and their many-to-many links) keep."""
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(names & existing)


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256_of(handle)


def _sha256_of(handle: Any) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _file_hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _stored_hash(storage: Storage, name: str) -> str:
    with storage.open(name, "rb") as handle:
        return _sha256_of(handle)


def media_hashes() -> dict[str, str]:
    """The SHA-256 of every uploaded file, by name, wherever the files are kept."""
    return {name: _stored_hash(default_storage, name) for name in stored_names(default_storage)}


def _copy_media(target: Path) -> dict[str, str]:
    """Copy every uploaded file from the storage into the folder `target`, once each: their
    hashes, by name."""
    hashes = {}
    for name in stored_names(default_storage):
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, copy.open("wb") as handle:
            for block in iter(lambda: source.read(1 << 20), b""):
                handle.write(block)
        hashes[name] = _sha256(copy)
    return hashes


def _content(rows: Iterable[bytes]) -> tuple[int, str]:
    """The number of rows and a SHA-256 of their content, in whatever order they come."""
    digests = sorted(hashlib.sha256(row).digest() for row in rows)
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest)
    return len(digests), total.hexdigest()


def _sqlite_fingerprint(database: sqlite3.Connection, tables: Iterable[str]) -> Fingerprint:
    present = {
        name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    return {
        table: _content(
            repr(row).encode() for row in database.execute(f"SELECT * FROM {_sqlite_quote(table)}")
        )
        for table in sorted(set(tables) & present)
    }


def _sqlite_quote(name: str) -> str:
    """A table name as an SQL identifier, whatever quotes it holds."""
    return '"' + name.replace('"', '""') + '"'


def _postgres_fingerprint(raw: Any, tables: Iterable[str]) -> Fingerprint:
    """Read in the raw connection's open transaction, row by row from the server."""
    present = {
        name
        for (name,) in raw.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
    }
    fingerprint = {}
    for table in sorted(set(tables) & present):
        with raw.cursor(name="ogop_backup_rows") as cursor:
            cursor.itersize = 2000
            cursor.execute(sql.SQL("SELECT t::text FROM {} AS t").format(sql.Identifier(table)))
            fingerprint[table] = _content(text.encode() for (text,) in cursor)
    return fingerprint


@contextmanager
def _postgres_snapshot(dbname: str | None = None) -> Iterator[Any]:
    """A raw connection (to the configured database, or `dbname` on the same server) inside
    a read-only REPEATABLE READ transaction: every read sees one snapshot."""
    params = connection.get_connection_params()
    if dbname:
        params["dbname"] = dbname
    raw = psycopg.connect(**params)
    try:
        raw.autocommit = True
        for statement in POSTGRES_SESSION:
            raw.execute(statement)
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield raw
        raw.execute("COMMIT")
    finally:
        raw.close()


def _postgres_env(dbname: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, from the Django settings."""
    conf = connection.settings_dict
    args = ["--dbname", dbname or conf["NAME"]]
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
            _("{program} is needed for PostgreSQL backups: install postgresql-client.").format(
                program=command[0]
            )
        ) from error
    if result.returncode != 0:
        raise BackupError(
            _("{program} failed: {error}").format(program=command[0], error=result.stderr.strip())
        )


def signature(manifest: dict[str, Any], *, secret: str) -> str:
    """The HMAC-SHA256, keyed by `secret`, of everything the manifest says but its signature."""
    body = {key: value for key, value in manifest.items() if key != "signature"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return salted_hmac(SIGNATURE_SALT, text, secret=secret, algorithm="sha256").hexdigest()


def _snapshot_sqlite(target: Path) -> tuple[Fingerprint, list[str]]:
    connection.ensure_connection()
    tables = _tables()
    copy = sqlite3.connect(target)
    try:
        # The online backup API: a consistent copy while others read and write.
        connection.connection.backup(copy)
        migrations = copy.execute("SELECT app, name FROM django_migrations").fetchall()
        return _sqlite_fingerprint(copy, tables), [f"{app}.{name}" for app, name in migrations]
    finally:
        copy.close()


def _snapshot_postgres(target: Path) -> tuple[Fingerprint, list[str]]:
    tables = _tables()
    args, env = _postgres_env()
    with _postgres_snapshot() as raw:
        (snapshot,) = raw.execute("SELECT pg_export_snapshot()").fetchone()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        migrations = raw.execute("SELECT app, name FROM django_migrations").fetchall()
        return _postgres_fingerprint(raw, tables), [f"{app}.{name}" for app, name in migrations]


def backup(target: Path) -> Summary:
    """Write an archive of the database and the uploaded files to `target` (atomically: the
    file appears only when it is complete)."""
    vendor = _vendor()
    target = Path(target)
    with tempfile.TemporaryDirectory() as workdir:
        if vendor == "sqlite":
            database = Path(workdir) / SQLITE_NAME
            fingerprint, migrations = _snapshot_sqlite(database)
        else:
            database = Path(workdir) / POSTGRES_NAME
            fingerprint, migrations = _snapshot_postgres(database)
        media = Path(workdir) / "media"
        hashes = _copy_media(media)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": vendor,
            "migrations": sorted(migrations),
            "rows": {table: rows for table, (rows, _digest) in fingerprint.items()},
            "content_sha256": {table: digest for table, (_rows, digest) in fingerprint.items()},
            "database_sha256": _sha256(database),
            "media": hashes,
        }
        manifest["signature"] = signature(manifest, secret=settings.SECRET_KEY)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for name in hashes:
                archive.add(media / name, arcname=f"media/{name}")
        partial.replace(target)
    return Summary(tables=len(fingerprint), rows=sum(manifest["rows"].values()), files=len(hashes))


def _check_members(archive: tarfile.TarFile, source: Path) -> None:
    """Refuse any member a backup never holds: a path out of the archive's folder, a link,
    a device, an unknown name."""
    for member in archive.getmembers():
        parts = PurePosixPath(member.name).parts
        known = (member.isfile() and member.name in {MANIFEST, SQLITE_NAME, POSTGRES_NAME}) or (
            parts[:1] == ("media",) and (member.isfile() or member.isdir())
        )
        if not known or member.name.startswith("/") or ".." in parts:
            raise BackupError(
                _(
                    "{archive} holds “{member}”, which no backup holds (a path out of the "
                    "archive's folder, a link or an unknown file); nothing was restored."
                ).format(archive=source, member=member.name)
            )


def _is_manifest(manifest: Any) -> bool:
    shapes = {
        "format": str,
        "created_at": str,
        "database": str,
        "migrations": list,
        "rows": dict,
        "content_sha256": dict,
        "database_sha256": str,
        "media": dict,
    }
    return (
        isinstance(manifest, dict)
        and all(isinstance(manifest.get(key), kind) for key, kind in shapes.items())
        and all(isinstance(rows, int) for rows in manifest["rows"].values())
        and all(
            isinstance(digest, str)
            for key in ("content_sha256", "media")
            for digest in manifest[key].values()
        )
    )


def read_manifest(source: Path) -> dict[str, Any]:
    """The archive's manifest, once every member of the archive is known to be harmless."""
    source = Path(source)
    try:
        with tarfile.open(source, "r:gz") as archive:
            _check_members(archive, source)
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(
            _("{archive} is not a backup of this platform ({error}).").format(
                archive=source, error=error
            )
        ) from error
    if isinstance(manifest, dict) and manifest.get("format") != FORMAT:
        raise BackupError(
            _(
                "{archive} is in the backup format “{found}”, which this version cannot check "
                "(it reads {expected}); nothing was restored."
            ).format(archive=source, found=manifest.get("format"), expected=FORMAT)
        )
    if not _is_manifest(manifest):
        raise BackupError(
            _("{archive} is not a backup of this platform (its manifest is incomplete).").format(
                archive=source
            )
        )
    return dict(manifest)


def _check_signature(manifest: dict[str, Any], source: Path) -> None:
    given = manifest.get("signature")
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not isinstance(given, str) or not any(
        constant_time_compare(given, signature(manifest, secret=key)) for key in keys
    ):
        raise SignatureError(
            _(
                "The manifest of {archive} is not signed with this installation's SECRET_KEY: "
                "either the archive was altered, or another installation (with another key) "
                "made it. Nothing was restored. If you made this archive and kept it safe, "
                "restore it with --trust-archive."
            ).format(archive=source)
        )


def _check_files(manifest: dict[str, Any], work: Path, database: Path, source: Path) -> None:
    """The database file and every uploaded file are the ones the manifest hashed, and no
    other file came along."""
    if not database.is_file() or _sha256(database) != manifest["database_sha256"]:
        raise BackupError(
            _("{archive} is damaged: {name} does not match its hash; nothing was restored.").format(
                archive=source, name=database.name
            )
        )
    found = _file_hashes(work / "media")
    for name in sorted(found.keys() | manifest["media"].keys()):
        if found.get(name) != manifest["media"].get(name):
            raise BackupError(
                _(
                    "{archive} is damaged: the uploaded file {name} does not match the "
                    "manifest; nothing was restored."
                ).format(archive=source, name=name)
            )


def _compare(manifest: dict[str, Any], found: Fingerprint, message: str, source: Path) -> None:
    """Raise BackupError(message, naming the archive and the tables that differ) unless
    `found` is what the manifest recorded."""
    expected = {
        table: (rows, manifest["content_sha256"].get(table))
        for table, rows in manifest["rows"].items()
    }
    wrong = []
    for table in sorted(expected.keys() | found.keys()):
        rows, digest = expected.get(table, (None, None))
        if (rows, digest) == found.get(table):
            continue
        found_rows = found.get(table, (None, None))[0]
        if rows != found_rows:
            wrong.append(
                _("{table} ({rows} rows recorded, {found} found)").format(
                    table=table, rows=rows, found=found_rows
                )
            )
        else:
            wrong.append(_("{table} (its content differs)").format(table=table))
    if wrong:
        raise BackupError(message.format(archive=source, tables="; ".join(wrong)))


def _scratch_name() -> str:
    base = str(connection.settings_dict["NAME"])[:40]
    return f"{base}_restore_check_{os.getpid()}"


def _check_postgres_aside(dump: Path, manifest: dict[str, Any], source: Path) -> None:
    """Restore the dump into a scratch database on the same server, compare it with the
    manifest, and drop it."""
    scratch = _scratch_name()
    params = connection.get_connection_params()
    admin = psycopg.connect(**params)
    admin.autocommit = True
    try:
        # The scratch database sorts and encodes text as the live one does.
        encoding, collate, ctype = admin.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchall()[0]
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
        try:
            admin.execute(drop)
            admin.execute(
                sql.SQL(
                    "CREATE DATABASE {} TEMPLATE template0 ENCODING {} LC_COLLATE {} LC_CTYPE {}"
                ).format(
                    sql.Identifier(scratch),
                    sql.Literal(encoding),
                    sql.Literal(collate),
                    sql.Literal(ctype),
                )
            )
        except psycopg.Error as error:
            raise BackupError(
                _(
                    "A restore first checks the archive in a scratch database, which the "
                    "database user {user} may not create ({error}). Allow it with "
                    "`ALTER ROLE {user} CREATEDB;`. Nothing was restored."
                ).format(user=params.get("user", ""), error=str(error).strip())
            ) from error
        try:
            args, env = _postgres_env(scratch)
            try:
                _run(
                    [
                        "pg_restore",
                        "--no-owner",
                        "--single-transaction",
                        "--exit-on-error",
                        *args,
                        str(dump),
                    ],
                    env,
                )
            except BackupError as error:
                raise BackupError(
                    _(
                        "{archive}: its database cannot be restored ({error}); nothing was "
                        "restored."
                    ).format(archive=source, error=error)
                ) from error
            with _postgres_snapshot(scratch) as raw:
                found = _postgres_fingerprint(raw, manifest["rows"])
            _compare(manifest, found, str(DAMAGED_DATABASE), source)
        finally:
            admin.execute(drop)
    finally:
        admin.close()


def restore(source: Path, *, trust_archive: bool = False) -> Summary:
    """Replace the database and the uploaded files with those of the archive, once the whole
    archive has been checked against its signed manifest. Raises BackupError, changing
    nothing, if the archive is damaged, altered or does not fit this installation.

    `trust_archive` skips the signature only (for an archive another installation made):
    the files and the database are still checked against the manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    if not trust_archive:
        _check_signature(manifest, source)
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(
            _("The backup is of a {archived} database; this installation uses {vendor}.").format(
                archived=manifest["database"], vendor=vendor
            )
        )
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        try:
            with tarfile.open(source, "r:gz") as archive:
                _check_members(archive, source)
                archive.extractall(work, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(
                _("{archive} cannot be read ({error}); nothing was restored.").format(
                    archive=source, error=error
                )
            ) from error
        database = work / (SQLITE_NAME if vendor == "sqlite" else POSTGRES_NAME)
        _check_files(manifest, work, database, source)
        if vendor == "sqlite":
            copy = sqlite3.connect(database)
            try:
                found = _sqlite_fingerprint(copy, manifest["rows"])
            finally:
                copy.close()
            _compare(manifest, found, str(DAMAGED_DATABASE), source)
        else:
            _check_postgres_aside(database, manifest, source)
        # The archive is sound: now, and only now, change things.
        written = _write_media(work / "media", manifest["media"], aside=work / "replaced")
        try:
            if vendor == "sqlite":
                _restore_sqlite(database)
            else:
                _restore_postgres(database)
        except BackupError:
            _take_back(written, aside=work / "replaced")
            raise
        for name in stored_names(default_storage):
            if name not in manifest["media"]:
                default_storage.delete(name)
    _compare(
        manifest,
        _live_fingerprint(manifest["rows"]),
        _("Restored, but the database differs from the backup {archive} in {tables}."),
        source,
    )
    # Results kept from the data before the restore describe another database.
    renew_all()
    return Summary(
        tables=len(manifest["rows"]),
        rows=sum(manifest["rows"].values()),
        files=len(manifest["media"]),
    )


def _live_fingerprint(tables: Iterable[str]) -> Fingerprint:
    if connection.vendor == "sqlite":
        # Read from a plain copy: Django's own connection converts values as it reads them.
        with tempfile.TemporaryDirectory() as workdir:
            connection.ensure_connection()
            copy = sqlite3.connect(Path(workdir) / SQLITE_NAME)
            try:
                connection.connection.backup(copy)
                return _sqlite_fingerprint(copy, tables)
            finally:
                copy.close()
    with _postgres_snapshot() as raw:
        return _postgres_fingerprint(raw, tables)


def _restore_sqlite(snapshot: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(snapshot)
    try:
        # The online backup API, the other way round: the live database becomes the checked
        # copy in one step, under SQLite's own locking.
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgres(snapshot: Path) -> None:
    connections.close_all()
    args, env = _postgres_env()
    # The dump is the one just checked in the scratch database; in one transaction, it
    # replaces everything or nothing.
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


def _write_media(extracted: Path, hashes: dict[str, str], *, aside: Path) -> dict[str, bool]:
    """Write to the storage every file of the archive that it lacks or holds with other bytes,
    under the archive's names; a file replaced is kept in `aside` first. The names written,
    each with whether it replaced a file."""
    written = {}
    for name, digest in sorted(hashes.items()):
        replaced = default_storage.exists(name)
        if replaced:
            if _stored_hash(default_storage, name) == digest:
                continue
            kept = aside / name
            kept.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source:
                kept.write_bytes(source.read())
        _put(name, extracted / name)
        written[name] = replaced
    return written


def _put(name: str, source: Path) -> None:
    """Store the file `source` under exactly `name`, in place of any file of that name."""
    default_storage.delete(name)
    with source.open("rb") as handle:
        stored = default_storage.save(name, File(handle))
    if stored != name:
        raise BackupError(
            _("The storage kept {name} as {stored}; the restore cannot go on.").format(
                name=name, stored=stored
            )
        )


def _take_back(written: dict[str, bool], *, aside: Path) -> None:
    """Undo _write_media: the files it replaced come back, those it added go."""
    for name, replaced in written.items():
        if replaced:
            _put(name, aside / name)
        else:
            default_storage.delete(name)
