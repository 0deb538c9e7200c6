"""Where uploaded files live: a folder under OGOP_DATA_DIR (the default, for one machine), or a
bucket of an S3-compatible object store (S3, MinIO, …) that every app server shares.

The bucket stays private. Pages link every file at the platform's own address (/media/…), as
for local files, so that the platform decides who may see each one (core.media) before it
sends the bytes itself or redirects to a signed address of the object, valid a few minutes.

Backups and restores reach the files through the storage API (stored_names, below), so they
hold and bring back the files wherever they are kept.
"""

from collections.abc import Iterator
from posixpath import join
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import Storage
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class ObjectStorage(S3Storage):
    """django-storages' S3 backend, with the platform's addresses for files."""

    def url(
        self,
        name: str | None,
        parameters: dict[str, str] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        """The platform's address of the file (/media/…), where who asks is checked."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name or ""))

    def signed_url(self, name: str, *, seconds: int, headers: dict[str, str]) -> str:
        """An address of the object itself that works for `seconds`, answered with `headers`
        (S3's Response* parameters: ResponseContentType, ResponseCacheControl …)."""
        return str(super().url(name, parameters=headers, expire=seconds))


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file the storage holds under `folder`, by name, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never made
        return
    for name in sorted(files):
        yield join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, join(folder, sub) if folder else sub)
