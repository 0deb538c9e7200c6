"""A backup holds the uploads kept in an S3-compatible bucket, read through the storage API,
and a restore puts them back there: the files it lacks or holds otherwise written, the others
removed; a restore that fails to replace the database takes back what it wrote."""

import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from ogop.core import backup
from ogop.core.backup import BackupError, read_manifest
from ogop.core.images import clean_image
from ogop.products.models import Product, ProductPhoto
from ogop.products.services import product_photo_add
from tests import s3
from tests.core_images import png_bytes
from tests.s3 import Endpoint
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# A restore replaces the whole database: the tests run outside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module
_endpoint, _bucket = s3.endpoint_fixture, s3.bucket_fixture


def add_photo(product: Product, size: tuple[int, int]) -> ProductPhoto:
    upload = SimpleUploadedFile("photo.png", png_bytes(size), content_type="image/png")
    return product_photo_add(product=product, image=clean_image(upload))


def contents(endpoint: Endpoint, bucket: str) -> dict[str, bytes]:
    return {key: endpoint.read(bucket, key) for key in endpoint.keys(bucket)}


def damage(endpoint: Endpoint, bucket: str, kept: ProductPhoto, gone: ProductPhoto) -> None:
    """After the backup: a file removed, one changed, one added."""
    client = endpoint.client()
    client.delete_object(Bucket=bucket, Key=gone.image.name)
    client.put_object(Bucket=bucket, Key=kept.thumbnail.name, Body=b"changed")
    client.put_object(Bucket=bucket, Key="products/stray.jpg", Body=b"not in the backup")


def test_a_backup_holds_the_buckets_files_and_a_restore_puts_them_back_there(
    endpoint: Endpoint, bucket: str, product: Product, tmp_path: Path, settings: Any
) -> None:
    kept, gone = add_photo(product, (40, 30)), add_photo(product, (30, 40))
    before = contents(endpoint, bucket)
    assert len(before) == 4
    archive = tmp_path / "ogop.tar.gz"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "and 4 uploaded files" in out.getvalue()
    assert set(read_manifest(archive)["media"]) == set(before)
    with tarfile.open(archive, "r:gz") as stored:
        for key, data in before.items():
            member = stored.extractfile(f"media/{key}")
            assert member is not None
            assert member.read() == data

    damage(endpoint, bucket, kept, gone)
    ProductPhoto.objects.filter(pk=gone.pk).delete()
    call_command("restore", str(archive), "--yes", stdout=StringIO())

    assert contents(endpoint, bucket) == before
    assert ProductPhoto.objects.filter(pk=gone.pk).exists()
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing went through this machine's disk


def test_a_restore_that_cannot_replace_the_database_leaves_the_bucket_as_it_was(
    endpoint: Endpoint,
    bucket: str,
    product: Product,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept, gone = add_photo(product, (40, 30)), add_photo(product, (30, 40))
    archive = tmp_path / "ogop.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    damage(endpoint, bucket, kept, gone)
    damaged = contents(endpoint, bucket)

    def refused(snapshot: Path) -> None:
        raise BackupError("The database server refused the restore.")

    monkeypatch.setattr(backup, "_restore_sqlite", refused)
    monkeypatch.setattr(backup, "_restore_postgres", refused)
    with pytest.raises(CommandError, match=r"The database server refused the restore\."):
        call_command("restore", str(archive), "--yes", stdout=StringIO())

    assert contents(endpoint, bucket) == damaged
