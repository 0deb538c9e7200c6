"""PDFs draw Tibetan letters at the size of the Latin ones around them."""

import subprocess
from pathlib import Path

from PIL import Image

from ogop.core.pdf import html_to_pdf, tibetan_marked

# Letters without stem, vowel sign or subjoined letter: their ink is a letter's body, the part
# that Latin's x-height is compared with.
PAGE = """<!DOCTYPE html><html lang="dz"><head><meta charset="utf-8">
<style>body { font-family: "DejaVu Sans", "Jomolhari"; font-size: 24pt; }
p { margin: 0 0 24pt; }</style></head>
<body><p>xxxx</p><p>ངཔངཔ</p></body></html>"""


def ink_bands(pdf: bytes, tmp_path: Path) -> list[int]:
    """The heights, in pixels at 300 dpi, of the bands of ink down the first page."""
    (tmp_path / "page.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", "-gray", "page.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    pixels = image.load()
    width, height = image.size
    inked = [any(pixels[x, y] < 128 for x in range(0, width, 2)) for y in range(height)]
    bands, run = [], 0
    for row in [*inked, False]:
        if row:
            run += 1
        elif run:
            bands.append(run)
            run = 0
    return bands


def test_tibetan_letters_in_a_pdf_stand_as_tall_as_the_latin_x_height(tmp_path):
    latin, tibetan = ink_bands(html_to_pdf(PAGE), tmp_path)
    assert 0.95 <= tibetan / latin <= 1.4, (tibetan, latin)


def test_only_tibetan_text_is_marked_not_tags_styles_or_titles():
    html = (
        '<title>ཐོན་སྐྱེད</title><style>p::after { content: "ཀ"; }</style>'
        '<p title="ཀ">ཐོན་སྐྱེད་ཚུ 12 ཚོང</p>'
    )
    assert tibetan_marked(html) == (
        '<title>ཐོན་སྐྱེད</title><style>p::after { content: "ཀ"; }</style>'
        '<p title="ཀ"><span class="tibetan">ཐོན་སྐྱེད་ཚུ</span> 12 '
        '<span class="tibetan">ཚོང</span></p>'
    )
