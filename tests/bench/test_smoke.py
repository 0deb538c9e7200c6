"""The benchmark harness at the smallest scale: it runs, and reports what it should.
No target is asserted here: speed is measured by `make bench`, not by the tests."""

import json

from ogop.demo.synthetic import generate, search_queries


def test_generator_is_deterministic_and_fills_the_index(db):
    first = generate(scale="smoke", seed=3)
    from ogop.products.models import Product

    names = list(Product.objects.order_by("code").values_list("name_th", flat=True))
    assert first == {"groups": 20, "products": 60, "index_entries": first["index_entries"]}
    generate(scale="smoke", seed=3)
    assert list(Product.objects.order_by("code").values_list("name_th", flat=True)) == names
    assert first["index_entries"] > 20


def test_harness_reports_each_case_with_its_baseline(db, tmp_path):
    from bench import run

    generate(scale="smoke")
    report = run.run(repeat=1, output=tmp_path)
    case = report["cases"][0]
    assert case["runs"] == len(search_queries(50))
    assert case["baseline"]["runs"] == case["runs"]
    assert json.loads((tmp_path / "latest.json").read_text())["cases"][0]["case"] == case["case"]
    assert "| catalog search" in (tmp_path / "latest.md").read_text()
