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


def test_a_jpeg_is_named_by_its_format_not_after_the_upload():
    cleaned = clean_image(upload(jpeg_with_exif(), name="Honey jar.JPEG"))
    assert cleaned.name == "photo.jpg"


def test_a_png_stays_png():
    cleaned = clean_image(upload(image_bytes("PNG", mode="RGBA"), name="logo.png"))
    image = opened(cleaned)
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (40, 30))
    assert cleaned.name == "photo.png"


def test_a_png_loses_its_text_metadata():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at home")
    image = opened(clean_image(upload(image_bytes("PNG", pnginfo=info), name="logo.png")))
    assert "Comment" not in image.info


def test_a_webp_stays_webp():
    cleaned = clean_image(upload(image_bytes("WEBP"), name="tea.webp"))
    assert opened(cleaned).format == "WEBP"
    assert cleaned.name == "photo.webp"


def test_the_name_of_the_upload_decides_nothing():
    cleaned = clean_image(upload(image_bytes("PNG"), name="../../secret/comment.jpg"))
    assert cleaned.name == "photo.png"
    assert opened(cleaned).format == "PNG"


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


# Nothing of the upload but its pixels survives ----------------------------------------------

SCRIPT, GPS_TEXT, XMP_TEXT, PNG_TEXT = (
    b"<script>alert(1)</script>",
    b"GPS 27.5N 90.7E at home",
    b"XMP-creator-at-home",
    b"PNG-text-at-home",
)
# What would show that something besides the pixels came through: the hidden texts, and
# the names of the places they are kept in (EXIF, XMP, an ICC profile, PNG text chunks).
MARKERS = [SCRIPT, GPS_TEXT, XMP_TEXT, PNG_TEXT, b"Exif", b"http://ns.adobe.com/xap", b"acsp"]
PNG_CHUNKS = [b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"]


def hidden_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = SCRIPT.decode()
    gps = exif.get_ifd(GPS_IFD)
    gps[0x001B] = GPS_TEXT.decode()  # GPSProcessingMethod: free text
    gps[1], gps[2] = "N", (27.0, 30.0, 0.0)
    return exif


def srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def loaded_photo(fmt: str) -> bytes:
    """A photo carrying all it can hide: comments, EXIF with a place, XMP, an ICC profile,
    and in a PNG, text chunks."""
    xmp = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + XMP_TEXT + b"</x:xmpmeta>"
    save: dict[str, object] = {"exif": hidden_exif(), "icc_profile": srgb_profile(), "xmp": xmp}
    if fmt == "JPEG":
        save["comment"] = SCRIPT + b" " + GPS_TEXT
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", SCRIPT.decode())
        info.add_text("Location", PNG_TEXT.decode(), zip=True)
        info.add_itxt("Description", GPS_TEXT.decode(), lang="en")
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        save["pnginfo"] = info
    data = image_bytes(fmt, size=(64, 48), **save)
    present = [marker for marker in MARKERS if marker in data]
    assert present, "the test photo carries what it should hide"
    return data


def leftovers(data: bytes) -> list[bytes]:
    return [marker for marker in MARKERS + PNG_CHUNKS if marker in data]


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_nothing_but_the_pixels_of_an_upload_survives_its_re_encoding(fmt, name):
    data = loaded_photo(fmt)
    cleaned = clean_image(upload(data, name)).read()
    assert leftovers(cleaned) == []
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == fmt
    assert not {"comment", "exif", "xmp", "icc_profile"} & set(image.info)


def test_a_jpeg_comment_segment_does_not_survive():
    data = image_bytes("JPEG", comment=SCRIPT)
    assert b"\xff\xfe" + len(SCRIPT + b"xx").to_bytes(2, "big") + SCRIPT in data
    cleaned = clean_image(upload(data)).read()
    assert SCRIPT not in cleaned
    assert "comment" not in Image.open(io.BytesIO(cleaned)).info


def red_and_blue_swapped_profile() -> bytes:
    """An RGB colour profile whose red and blue primaries are sRGB's the other way round."""
    import struct

    data = bytearray(srgb_profile())
    count = struct.unpack(">I", data[128:132])[0]
    entries = {bytes(data[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    data[red + 4 : red + 12], data[blue + 4 : blue + 12] = (
        data[blue + 4 : blue + 12],
        data[red + 4 : red + 12],
    )
    return bytes(data)


def test_a_photo_with_a_colour_profile_is_converted_to_srgb_and_the_profile_dropped():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(
        buffer, format="PNG", icc_profile=red_and_blue_swapped_profile()
    )
    data = buffer.getvalue()
    cleaned = opened(clean_image(upload(data, "a.png")))
    assert "icc_profile" not in cleaned.info
    assert cleaned.getpixel((0, 0)) == (40, 120, 200)  # as the profile says it looks


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_a_stored_photo_and_its_thumbnail_hold_nothing_but_pixels(product, fmt, name):
    from ogop.products.services import product_photo_add

    photo = product_photo_add(product=product, image=clean_image(upload(loaded_photo(fmt), name)))
    for stored in (photo.image, photo.thumbnail):
        with stored.open("rb") as file:
            assert leftovers(file.read()) == []
