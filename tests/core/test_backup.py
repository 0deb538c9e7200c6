"""A backup and a restore bring back every row and every uploaded file, identical."""

import io
import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers import serialize

from ogop.core.backup import BackupError, media_hashes, read_manifest, restore
from ogop.products.models import Product
from tests.factories import ProducerGroupFactory, ProductFactory
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


@pytest.fixture
def registry(settings: Any) -> None:
    group = ProducerGroupFactory()
    for index in range(3):
        ProductFactory(producer_group=group, code=f"BK-{index}")
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


def test_the_manifest_records_counts_and_hashes(registry: None, tmp_path: Path) -> None:
    archive = tmp_path / "ogop.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    manifest = read_manifest(archive)
    assert manifest["rows"]["products_product"] == 3
    assert set(manifest["media"]) == {"products/BK-0/photo.jpg", "notes.txt"}
    assert any(name.startswith("products.") for name in manifest["migrations"])


def test_a_damaged_archive_is_refused_and_nothing_changes(registry: None, tmp_path: Path) -> None:
    archive = tmp_path / "ogop.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    # Rewrite the archive with one uploaded file altered: its hash no longer matches.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "media/notes.txt":
                content = b"tampered"
                member.size = len(content)
                target.addfile(member, io.BytesIO(content))
            else:
                target.addfile(member, data)
    Product.objects.filter(code="BK-1").update(name_en="Kept")
    with pytest.raises(BackupError, match=r"notes\.txt"):
        restore(damaged)
    assert Product.objects.get(code="BK-1").name_en == "Kept"


def test_a_file_that_is_not_a_backup_gets_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus), "--yes")
