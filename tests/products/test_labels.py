"""Printable labels: the QR code in the PDF decodes to the product's public address."""

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from ogop.products.labels import qr_png
from tests.factories import PASSWORD


def decode_pdf(data: bytes, tmp_path: Path) -> list[str]:
    """Render the PDF's first page as an image, and read every QR code on it."""
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png")))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_qr_image_decodes_to_the_address():
    address = "http://example.org/p/P-0001/"
    image = Image.open(__import__("io").BytesIO(qr_png(address)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [address]


@pytest.mark.parametrize("layout", ["single", "sheet"])
def test_label_pdf_qr_code_opens_the_public_product_page(officer_client, product, tmp_path, layout):
    response = officer_client.get(
        reverse("product_label", args=[product.code]) + f"?layout={layout}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected = "http://testserver" + reverse("catalog_product", args=[product.code])
    decoded = decode_pdf(response.content, tmp_path)
    assert decoded
    assert set(decoded) == {expected}
    assert len(decoded) == (1 if layout == "single" else 8)


def test_label_shows_the_name_in_the_chosen_language(officer_client, product, tmp_path):
    product.name_th = "มะนาวดอง"
    product.price = Decimal("250")
    product.save()
    response = officer_client.get(
        reverse("product_label", args=[product.code]) + "?layout=single&language=th"
    )
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "มะนาวดอง" in text
    assert product.producer_group.name in text
    assert "Tang" in text
    assert "Bumthang" in text


def test_producer_prints_own_labels_only(client, producer, product, other_product):
    client.login(username=producer.username, password=PASSWORD)
    assert client.get(reverse("product_label", args=[product.code])).status_code == 200
    assert client.get(reverse("product_label", args=[other_product.code])).status_code == 404
