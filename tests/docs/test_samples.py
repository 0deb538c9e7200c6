"""The sample files in docs/ import as the documentation says."""

from decimal import Decimal
from pathlib import Path

from ogop.producers.services import producer_groups_import
from ogop.products.models import Product
from ogop.products.services import products_import

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def test_documented_sample_files_import(officer):
    producer_groups_import(data=(SAMPLES / "producer_groups.csv").read_bytes(), user=officer)
    summary = products_import(data=(SAMPLES / "products.csv").read_bytes(), user=officer)
    assert summary.created == 3
    tea = Product.objects.get(code="P-SAMPLE-TEA")
    assert (tea.price, tea.currency, tea.is_public) == (Decimal("120.50"), "THB", False)
    kira = Product.objects.get(code="P-SAMPLE-KIRA")
    assert (kira.price, kira.is_flagship, kira.is_public) == (Decimal("45000.00"), True, True)
