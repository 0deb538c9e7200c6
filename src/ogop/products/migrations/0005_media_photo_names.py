"""Photos stored under random names: index the names (media requests look a photo up by
its file), and rename the files stored before under `products/<code>/<uploader's name>`.

Renaming cannot be undone (the old names are not kept, and need not be): going back leaves
the random names, which the older code serves just as well. The old files are deleted
once the new names are committed, and their emptied folders with them.
"""

import contextlib
import re
import secrets
from pathlib import Path, PurePosixPath

from django.core.files.storage import default_storage
from django.db import migrations, models, transaction

import ogop.products.models

RANDOM_NAME = re.compile(r"^products/[A-Za-z0-9_-]{32}\.[a-z]+$")


def _delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
        with contextlib.suppress(OSError, NotImplementedError):
            Path(default_storage.path(name)).parent.rmdir()  # only when emptied


def rename_photo_files(apps, schema_editor):
    ProductPhoto = apps.get_model("products", "ProductPhoto")
    replaced: list[str] = []
    for photo in ProductPhoto.objects.order_by("pk").iterator():
        changed = []
        for field in ("image", "thumbnail"):
            old = getattr(photo, field).name
            if not old or RANDOM_NAME.match(old) or not default_storage.exists(old):
                continue
            suffix = PurePosixPath(old).suffix.lower()
            with default_storage.open(old, "rb") as file:
                new = default_storage.save(f"products/{secrets.token_urlsafe(24)}{suffix}", file)
            setattr(photo, field, new)
            changed.append(field)
            replaced.append(old)
        if changed:
            photo.save(update_fields=changed)
    transaction.on_commit(lambda: _delete(replaced))


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0004_photo_thumbnail"),
    ]

    operations = [
        migrations.AlterField(
            model_name="productphoto",
            name="image",
            field=models.ImageField(
                db_index=True, upload_to=ogop.products.models.photo_path, verbose_name="photo"
            ),
        ),
        migrations.AlterField(
            model_name="productphoto",
            name="thumbnail",
            field=models.ImageField(
                blank=True,
                db_index=True,
                help_text="A small copy for lists and slow connections, made on upload.",
                upload_to=ogop.products.models.photo_path,
                verbose_name="thumbnail",
            ),
        ),
        migrations.RunPython(rename_photo_files, migrations.RunPython.noop),
    ]
