"""A backup and a restore bring back every row and every uploaded file, identical; a restore
checks the whole archive, signature, files and database content, before it changes anything."""

import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.core.serializers import serialize
from django.db import connection
from django.db.models import F

from ogop.accounts.models import Role, User
from ogop.core.backup import (
    MANIFEST,
    POSTGRES_NAME,
    SQLITE_NAME,
    BackupError,
    media_hashes,
    read_manifest,
    restore,
    signature,
)
from ogop.fairs.models import Exhibit, Sale
from ogop.fairs.services import sale_record
from ogop.products.models import Product
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory
from tests.fairs.factories import ExhibitFactory
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# A restore replaces the whole database: the tests run outside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module


def _everything() -> dict[str, Any]:
    """Every row of every model, as JSON, in primary-key order."""
    rows = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            rows[model._meta.label] = serialize("json", model._default_manager.order_by("pk"))
    return rows


def _state() -> tuple[dict[str, Any], dict[str, str]]:
    """The installation's data: every row and every uploaded file."""
    return _everything(), media_hashes()


def _database_member() -> str:
    return SQLITE_NAME if connection.vendor == "sqlite" else POSTGRES_NAME


def _backup(archive: Path) -> Path:
    call_command("backup", str(archive), stdout=StringIO())
    return archive


def _member(archive: Path, name: str) -> bytes:
    with tarfile.open(archive, "r:gz") as source:
        member = source.extractfile(name)
        assert member is not None
        return member.read()


def _rewrite(
    archive: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    add: list[tarfile.TarInfo] | None = None,
) -> Path:
    """A copy of the archive with some members' bytes replaced and some members added."""
    replace = replace or {}
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            if member.name in replace:
                member.size = len(replace[member.name])
                copy.addfile(member, io.BytesIO(replace[member.name]))
            else:
                copy.addfile(member, source.extractfile(member))
        for info in add or []:
            copy.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return target


def _sale_totals_times_100() -> None:
    Sale.objects.update(total=F("total") * 100)


def _admin_password_swapped() -> None:
    User.objects.filter(username="admin").update(password=make_password("the attacker's"))


@pytest.fixture
def registry(settings: Any) -> None:
    group = ProducerGroupFactory()
    for index in range(3):
        ProductFactory(producer_group=group, code=f"BK-{index}")
    exhibit = ExhibitFactory(product=Product.objects.get(code="BK-0"))
    cashier = UserFactory(role=Role.CASHIER)
    sale_record(
        exhibit=exhibit,
        quantity=2,
        unit_price=Decimal("90"),
        client_uuid=uuid.uuid4(),
        cashier=cashier,
    )
    UserFactory(username="admin", role=Role.ADMIN, is_superuser=True, is_staff=True)
    media = Path(settings.MEDIA_ROOT)
    (media / "products" / "BK-0").mkdir(parents=True)
    (media / "products" / "BK-0" / "photo.jpg").write_bytes(b"\xff\xd8 a photo \xff\xd9")
    (media / "notes.txt").write_text("กล้วยตาก", encoding="utf-8")


def test_a_round_trip_brings_back_every_row_and_file(
    registry: None, tmp_path: Path, settings: Any
) -> None:
    before_rows, before_files = _everything(), media_hashes()
    archive = tmp_path / "ogop.tar.gz"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "uploaded files" in out.getvalue()

    # Damage everything after the backup: rows changed, added and deleted, files too.
    Product.objects.filter(code="BK-1").update(name_en="Changed")
    Product.objects.filter(code="BK-2").delete()
    ProductFactory(code="BK-NEW")
    media = Path(settings.MEDIA_ROOT)
    (media / "notes.txt").write_text("changed")
    (media / "stray.bin").write_bytes(b"not in the backup")

    call_command("restore", str(archive), "--yes", stdout=StringIO())
    assert _everything() == before_rows
    assert media_hashes() == before_files


def test_the_manifest_records_counts_content_hashes_and_a_signature(
    registry: None, tmp_path: Path, settings: Any
) -> None:
    archive = _backup(tmp_path / "ogop.tar.gz")
    manifest = read_manifest(archive)
    assert manifest["rows"]["products_product"] == 3
    assert set(manifest["content_sha256"]) == set(manifest["rows"])
    assert len(manifest["database_sha256"]) == 64
    assert set(manifest["media"]) == {"products/BK-0/photo.jpg", "notes.txt"}
    assert any(name.startswith("products.") for name in manifest["migrations"])
    assert manifest["signature"] == signature(manifest, secret=settings.SECRET_KEY)


@pytest.mark.usefixtures("concurrent_db")
def test_a_backup_taken_while_sales_are_recorded_restores_every_acknowledged_sale(
    tmp_path: Path,
) -> None:
    """The manifest describes the snapshot the archive holds, whatever is written meanwhile,
    so the archive restores (into an emptied database) and passes its own checks."""
    # Given a cashier recording sale after sale, each acknowledged one kept in a list
    exhibit = ExhibitFactory(opening_stock=1_000_000)
    cashier = UserFactory(role=Role.CASHIER)
    acknowledged: list[uuid.UUID] = []
    errors: list[Exception] = []
    stop = threading.Event()

    def sell() -> None:
        try:
            while not stop.is_set():
                client_uuid = uuid.uuid4()
                sale_record(
                    exhibit=exhibit,
                    quantity=1,
                    unit_price=Decimal("90"),
                    client_uuid=client_uuid,
                    cashier=cashier,
                )
                acknowledged.append(client_uuid)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    seller = threading.Thread(target=sell)
    seller.start()
    archive = tmp_path / "ogop.tar.gz"
    try:
        while len(acknowledged) < 5 and seller.is_alive():
            time.sleep(0.01)
        before_backup = set(acknowledged)
        # When a backup runs while the sales go on
        _backup(archive)
        during_backup = len(acknowledged)
    finally:
        stop.set()
        seller.join(timeout=60)
    assert not errors
    assert during_backup > len(before_backup), "no sale was recorded during the backup"

    # Then it restores into an emptied database, its own checks passing, with every sale
    # acknowledged before it began, and only acknowledged sales
    call_command("flush", "--no-input", stdout=StringIO())
    call_command("restore", str(archive), "--yes", stdout=StringIO())
    restored = set(Sale.objects.values_list("client_uuid", flat=True))
    assert before_backup <= restored <= set(acknowledged)
    assert read_manifest(archive)["rows"]["fairs_sale"] == len(restored)
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 1_000_000 - len(restored)


@pytest.mark.parametrize("edit", [_sale_totals_times_100, _admin_password_swapped])
def test_an_archive_whose_database_was_edited_is_refused_and_nothing_changes(
    registry: None, tmp_path: Path, edit: Callable[[], None]
) -> None:
    # Given an archive whose database file was swapped for an edited one (same row counts)
    original = _backup(tmp_path / "original.tar.gz")
    edit()
    edited = _backup(tmp_path / "edited.tar.gz")
    name = _database_member()
    forged = _rewrite(original, tmp_path / "forged.tar.gz", replace={name: _member(edited, name)})
    Product.objects.filter(code="BK-1").update(name_en="Kept")
    before = _state()
    # When it is restored, then it is refused, and nothing changed
    with pytest.raises(CommandError, match=rf"{name} does not match its hash"):
        call_command("restore", str(forged), "--yes", stdout=StringIO())
    assert _state() == before


def test_an_archive_signed_with_another_key_is_refused_unless_trusted(
    registry: None, tmp_path: Path, settings: Any
) -> None:
    # Given an archive re-made, manifest and all, by someone without this installation's key
    key = settings.SECRET_KEY
    _sale_totals_times_100()
    settings.SECRET_KEY = "another installation's key"
    archive = _backup(tmp_path / "ogop.tar.gz")
    settings.SECRET_KEY = key
    Sale.objects.update(total=F("total") / 100)
    before = _state()
    # When it is restored, then it is refused with the way out, and nothing changed
    with pytest.raises(CommandError, match=r"not signed with this installation's SECRET_KEY"):
        call_command("restore", str(archive), "--yes", stdout=StringIO())
    assert _state() == before
    # And one who trusts it may restore it, still checked against its manifest
    call_command("restore", str(archive), "--yes", "--trust-archive", stdout=StringIO())
    assert Sale.objects.get().total == Decimal("18000.00")


def test_a_database_that_does_not_hold_what_the_signed_manifest_records_is_refused(
    registry: None, tmp_path: Path, settings: Any
) -> None:
    # Given a signed manifest whose database hash fits a database file with other content
    original = _backup(tmp_path / "original.tar.gz")
    _sale_totals_times_100()
    edited = _backup(tmp_path / "edited.tar.gz")
    manifest = read_manifest(original)
    manifest["database_sha256"] = read_manifest(edited)["database_sha256"]
    manifest["signature"] = signature(manifest, secret=settings.SECRET_KEY)
    name = _database_member()
    forged = _rewrite(
        original,
        tmp_path / "forged.tar.gz",
        replace={name: _member(edited, name), MANIFEST: json.dumps(manifest).encode()},
    )
    Sale.objects.update(total=F("total") / 100)
    before = _state()
    # When it is restored, then its database, restored aside, is found to differ
    with pytest.raises(BackupError, match=r"fairs_sale \(its content differs\)"):
        restore(forged)
    assert _state() == before


def test_a_damaged_archive_is_refused_and_nothing_changes(registry: None, tmp_path: Path) -> None:
    archive = _backup(tmp_path / "ogop.tar.gz")
    # Rewrite the archive with one uploaded file altered: its hash no longer matches.
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", replace={"media/notes.txt": b"x"})
    Product.objects.filter(code="BK-1").update(name_en="Kept")
    before = _state()
    with pytest.raises(BackupError, match=r"notes\.txt"):
        restore(damaged)
    assert _state() == before
    assert Product.objects.get(code="BK-1").name_en == "Kept"


def _escaping_member(name: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    if kind == tarfile.SYMTYPE:
        info.linkname = "/etc/passwd"
    else:
        info.size = 3
    return info


@pytest.mark.parametrize(
    "member",
    [
        _escaping_member("../escaped.txt", tarfile.REGTYPE),
        _escaping_member("media/../../escaped.txt", tarfile.REGTYPE),
        _escaping_member("media/passwd", tarfile.SYMTYPE),
    ],
    ids=["parent", "parent-under-media", "link"],
)
def test_an_archive_with_a_member_out_of_its_folder_is_refused_and_nothing_changes(
    registry: None, tmp_path: Path, member: tarfile.TarInfo
) -> None:
    (tmp_path / "backups").mkdir()
    archive = _backup(tmp_path / "backups" / "ogop.tar.gz")
    hostile = _rewrite(archive, tmp_path / "backups" / "hostile.tar.gz", add=[member])
    before = _state()
    with pytest.raises(CommandError, match=rf"hostile\.tar\.gz holds “{member.name}”"):
        call_command("restore", str(hostile), "--yes", stdout=StringIO())
    assert _state() == before
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_without_yes_and_without_a_terminal_asks_for_yes_and_changes_nothing(
    registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _backup(tmp_path / "ogop.tar.gz")
    Product.objects.filter(code="BK-1").update(name_en="Kept")
    before = _state()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError, match=r"no terminal to ask.*pass --yes"):
        call_command("restore", str(archive), stdout=StringIO())
    assert _state() == before


@pytest.mark.parametrize("hostile", [False, True], ids=["no-terminal", "parent-member"])
def test_the_command_line_refuses_with_a_message_and_exit_code_1_not_a_traceback(
    registry: None, tmp_path: Path, hostile: bool
) -> None:
    archive = _backup(tmp_path / "ogop.tar.gz")
    arguments = [str(archive)]
    if hostile:
        member = _escaping_member("../escaped.txt", tarfile.REGTYPE)
        arguments = [str(_rewrite(archive, tmp_path / "hostile.tar.gz", add=[member])), "--yes"]
    # Another installation's own SQLite database: the refusal comes before any database.
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "OGOP_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "ogop", "restore", *arguments],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Nothing was restored" in result.stderr or "nothing was restored" in result.stderr
    assert not (tmp_path / "escaped.txt").exists()


def test_a_file_that_is_not_a_backup_gets_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus), "--yes")
