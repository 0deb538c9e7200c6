"""Uploaded images: checked to be real photos of a sane size, re-encoded without metadata.

Nothing of the uploaded bytes but the pixels survives: the photo and its thumbnail are
encoded from a new image that holds only them (no JPEG comment, EXIF, XMP, ICC profile or
PNG text), after the colours were converted to sRGB where the upload named a profile.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400
SRGB = ImageCms.createProfile("sRGB")


@contextmanager
def _complete_images_only() -> Iterator[None]:
    """Refuse truncated images while checking an upload.

    The PDF renderer tells Pillow, for the whole process, to accept truncated images; an
    upload must still be a whole photo.
    """
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _in_srgb(image: Image.Image) -> Image.Image:
    """The image's colours converted to sRGB when it carries a colour profile that can be
    read; as it is otherwise (the profile is dropped in any case)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(
            image, source, SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding nothing but the pixels of `image` (in sRGB): none of its
    comments, EXIF, XMP, colour profile or text chunks, which an encoder would copy."""
    image = _in_srgb(image)
    if "transparency" in image.info or image.mode == "PA":
        image = image.convert("RGBA")  # a transparent colour becomes an alpha channel
    elif image.mode == "P":
        image = image.convert("RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def clean_image(upload: UploadedFile) -> ContentFile:
    """A JPEG, PNG or WebP no larger than the upload limit, re-encoded: EXIF and other
    metadata (such as a phone's location) are dropped, and no other content survives."""
    if upload.size and upload.size > settings.OGOP_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is larger than %(size)s.")
            % {"size": filesizeformat(settings.OGOP_MAX_UPLOAD_BYTES)}
        )
    try:
        with _complete_images_only(), Image.open(upload) as probe:
            fmt = probe.format or ""
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP photo."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            image = ImageOps.exif_transpose(probe)
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a photo that can be read.")) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = pixels_only(image)
    if fmt == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"quality": 85} if fmt != "PNG" else {}))
    # Named by its format only: the uploader's file name is not kept (products.models
    # stores photos under random names).
    return ContentFile(buffer.getvalue(), name=f"photo.{ALLOWED_FORMATS[fmt]}")


THUMBNAIL_SIDE = 480


def make_thumbnail(image: Any) -> ContentFile:
    """A small JPEG (at most 480 px on its longer side) of a checked photo, for lists."""
    image.open()
    with Image.open(image) as source:
        small = pixels_only(source).convert("RGB")
        small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    buffer = io.BytesIO()
    small.save(buffer, format="JPEG", quality=80, optimize=True)
    return ContentFile(buffer.getvalue(), name="thumbnail.jpg")
