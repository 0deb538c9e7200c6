"""Uploaded photos: only real JPEG, PNG or WebP of a sane size, re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ogop.core.images import MAX_SIDE, clean_image

MAKE, ORIENTATION, GPS_IFD = 0x010F, 0x0112, 0x8825


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save: object
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def jpeg_with_exif(size: tuple[int, int] = (40, 30), orientation: int = 1) -> bytes:
    """A phone photo: the maker, an orientation and where it was taken."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (27.0, 30.0, 0.0)
    return image_bytes("JPEG", size, exif=exif)


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def opened(cleaned) -> Image.Image:
    return Image.open(io.BytesIO(cleaned.read()))


def rejection(data: bytes, name: str = "photo.jpg") -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload(data, name))
    return excinfo.value.messages


def test_the_exif_data_of_a_jpeg_is_dropped():
    data = jpeg_with_exif()
    assert Image.open(io.BytesIO(data)).getexif()  # the upload does carry EXIF
    cleaned = clean_image(upload(data)).read()
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(GPS_IFD) == {}
    assert b"PhoneMaker" not in cleaned


def test_a_jpeg_is_turned_upright_by_its_exif_orientation():
    data = jpeg_with_exif(size=(40, 20), orientation=6)  # "rotate 90° to view"
    assert opened(clean_image(upload(data))).size == (20, 40)


def test_a_jpeg_is_named_after_the_upload_with_the_jpg_extension():
    cleaned = clean_image(upload(jpeg_with_exif(), name="Honey jar.JPEG"))
    assert cleaned.name == "Honey jar.jpg"


def test_a_png_stays_png():
    cleaned = clean_image(upload(image_bytes("PNG", mode="RGBA"), name="logo.png"))
    image = opened(cleaned)
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (40, 30))
    assert cleaned.name == "logo.png"


def test_a_png_loses_its_text_metadata():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at home")
    image = opened(clean_image(upload(image_bytes("PNG", pnginfo=info), name="logo.png")))
    assert "Comment" not in image.info


def test_a_webp_stays_webp():
    cleaned = clean_image(upload(image_bytes("WEBP"), name="tea.webp"))
    assert opened(cleaned).format == "WEBP"
    assert cleaned.name == "tea.webp"


def test_the_name_of_the_upload_decides_nothing_but_the_stem():
    cleaned = clean_image(upload(image_bytes("PNG"), name="../../secret/photo.jpg"))
    assert cleaned.name == "photo.png"
    assert opened(cleaned).format == "PNG"


def test_a_long_upload_name_is_cut_to_60_characters():
    cleaned = clean_image(upload(image_bytes("JPEG"), name="x" * 100 + ".jpg"))
    assert cleaned.name == "x" * 60 + ".jpg"


def test_a_cmyk_jpeg_comes_back_rgb():
    image = opened(clean_image(upload(image_bytes("JPEG", mode="CMYK"))))
    assert (image.format, image.mode) == ("JPEG", "RGB")


def test_bytes_after_the_image_do_not_survive():
    data = image_bytes("JPEG") + b"<script>alert(1)</script>"
    assert b"<script>" not in clean_image(upload(data)).read()


def test_a_gif_is_rejected():
    assert rejection(image_bytes("GIF"), name="anim.gif") == ["Upload a JPEG, PNG or WebP photo."]


def test_a_text_file_renamed_jpg_is_rejected():
    assert rejection(b"This is not a photo.\n" * 10) == [
        "The file is not a photo that can be read."
    ]


def test_a_truncated_jpeg_is_rejected():
    data = image_bytes("JPEG", size=(400, 300))
    assert rejection(data[: len(data) // 2]) == ["The file is not a photo that can be read."]


def test_a_file_over_the_upload_limit_is_rejected_naming_the_limit(settings):
    settings.OGOP_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    assert rejection(b"\xff" * (2 * 1024 * 1024 + 1)) == ["The photo is larger than 2.0\xa0MB."]


def test_a_limit_under_a_megabyte_is_named_exactly(settings):
    settings.OGOP_MAX_UPLOAD_BYTES = 300 * 1024
    assert rejection(b"\xff" * (301 * 1024)) == ["The photo is larger than 300.0\xa0KB."]


def test_the_upload_limit_is_checked_before_the_file_is_read(settings):
    data = image_bytes("JPEG")
    settings.OGOP_MAX_UPLOAD_BYTES = len(data) - 1
    with pytest.raises(ValidationError):
        clean_image(upload(data))
    settings.OGOP_MAX_UPLOAD_BYTES = len(data)
    assert opened(clean_image(upload(data))).format == "JPEG"


def test_an_image_with_too_many_pixels_is_rejected():
    data = image_bytes("PNG", size=(8000, 5001), mode="1")  # 40,008,000 pixels
    assert rejection(data, name="huge.png") == ["The photo has too many pixels."]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((4800, 1200), (MAX_SIDE, 600)),
        ((1000, 3000), (800, MAX_SIDE)),
        ((2400, 2400), (2400, 2400)),
    ],
)
def test_a_huge_image_is_scaled_to_at_most_2400_pixels_on_its_longer_side(size, expected):
    assert opened(clean_image(upload(image_bytes("JPEG", size=size)))).size == expected


def test_a_small_image_keeps_its_size():
    assert opened(clean_image(upload(image_bytes("PNG", size=(640, 480)), "a.png"))).size == (
        640,
        480,
    )


def test_a_truncated_jpeg_is_rejected_even_after_the_pdf_renderer_loaded(settings):
    import weasyprint  # noqa: F401  (it lets Pillow accept truncated images, process-wide)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = image_bytes("JPEG", size=(400, 300))
    assert rejection(data[: len(data) // 2]) == ["The file is not a photo that can be read."]
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as the renderer wants it
