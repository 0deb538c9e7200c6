"""Printable product labels: a PDF of one label or an A4 sheet, with a QR code of the
product's public address."""

import base64
import io
from collections.abc import Sequence

import qrcode
from django.template.loader import render_to_string
from django.utils import translation
from qrcode.constants import ERROR_CORRECT_M

from ogop.core.pdf import font_family, html_to_pdf
from ogop.products.models import Product

LABELS_PER_SHEET = 8  # two columns of four on A4


def qr_png(address: str) -> bytes:
    """A QR code of the address as a PNG, with the quiet zone readers need around it."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(address)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer)
    return buffer.getvalue()


def label_html(
    *, product: Product, address: str, language: str, layout: str, batch: Sequence[str] = ()
) -> str:
    """The label's page; `batch` are the lines of a batch's label (its code, its dates)."""
    png = base64.b64encode(qr_png(address)).decode("ascii")
    with translation.override(language):
        # Names in the chosen language; a missing one falls back to English.
        context = {
            "product": product,
            "name": product.name,
            "group": product.producer_group.name,
            "gewog": product.area.name,
            "dzongkhag": product.area.parent.name if product.area.parent else "",
            "address": address,
            "qr": f"data:image/png;base64,{png}",
            "font": font_family(language),
            "language": language,
            "copies": range(LABELS_PER_SHEET if layout == "sheet" else 1),
            "layout": layout,
            "batch": batch,
        }
        return render_to_string("products/label.html", context)


def label_pdf(
    *,
    product: Product,
    address: str,
    language: str = "en",
    layout: str = "sheet",
    batch: Sequence[str] = (),
) -> bytes:
    """The label as PDF bytes."""
    html = label_html(
        product=product, address=address, language=language, layout=layout, batch=batch
    )
    return html_to_pdf(html)
