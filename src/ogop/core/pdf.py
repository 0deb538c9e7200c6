"""PDF documents from HTML (WeasyPrint), with Tibetan script at a readable size.

Jomolhari draws Tibetan letters much smaller than Latin ones at the same font size. The pages
enlarge only the Tibetan block with a font face's `size-adjust`, which WeasyPrint does not
support; so each run of Tibetan text is put in a span that the PDF stylesheet enlarges, and
digits and Latin names around it keep their size.
"""

import re

TIBETAN_RUN = re.compile(r"[\u0f00-\u0fff]+(?:[ \u00a0]+[\u0f00-\u0fff]+)*")
TAG = re.compile(r"(<[^>]*>)")
# Elements whose text is not laid out as body text.
RAW_TEXT = re.compile(r"<(style|script|title)\b", re.IGNORECASE)
# Fonts installed with the system packages (scripts/), per language of a document; the next one
# is used if one is missing.
FONTS = {
    "en": '"DejaVu Sans", "Liberation Sans", sans-serif',
    "th": '"Loma", "Garuda", "Norasi", "DejaVu Sans", sans-serif',
    # Latin text (prices, codes) in DejaVu Sans, which has no Tibetan: that falls to Jomolhari.
    "dz": '"DejaVu Sans", "Jomolhari", "DDC Uchen", "Tibetan Machine Uni", sans-serif',
}
PDF_STYLESHEET = """
.tibetan { font-family: "Jomolhari", "DDC Uchen", "Tibetan Machine Uni"; font-size: 130%; }
"""


def tibetan_marked(html: str) -> str:
    """The HTML with each run of Tibetan text in `<span class="tibetan">`."""
    parts = TAG.split(html)
    raw = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if RAW_TEXT.match(part):
                raw = True
            elif raw and part.startswith("</"):
                raw = False
        elif not raw and part:
            parts[index] = TIBETAN_RUN.sub(r'<span class="tibetan">\g<0></span>', part)
    return "".join(parts)


def font_family(language: str) -> str:
    """The CSS font-family of a document in the language (English's for another)."""
    return FONTS.get(language, FONTS["en"])


def html_to_pdf(html: str) -> bytes:
    """The HTML document as PDF bytes."""
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is asked for

    document = HTML(string=tibetan_marked(html))
    return bytes(document.write_pdf(stylesheets=[CSS(string=PDF_STYLESHEET)]))
