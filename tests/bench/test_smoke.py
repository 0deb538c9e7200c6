"""The benchmark harness at the smallest scale: the generator, and every case of the harness
runs and reports what it should. No target is asserted here: speed is measured by
`make bench`, not by the tests."""

import json
import os

import pytest

from ogop.demo.synthetic import SCALES, SyntheticDataExists, generate, search_queries
from ogop.fairs.models import Sale
from ogop.products.models import Product
from tests.served import served_database
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# The HTTP case runs the server in other processes: it must see committed data.
pytestmark = pytest.mark.django_db(transaction=True)
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

WITH_BASELINE = {"search", "pages", "dashboard", "import", "http"}


def test_generator_is_deterministic_and_replaces_only_when_asked():
    smoke = SCALES["smoke"]
    first = generate(scale="smoke", seed=3)
    names = list(Product.objects.order_by("code").values_list("name_th", "stars", "price"))
    sales = list(Sale.objects.order_by("client_uuid").values_list("client_uuid", "total"))

    with pytest.raises(SyntheticDataExists):
        generate(scale="smoke", seed=3)
    again = generate(scale="smoke", seed=3, replace=True)

    assert again == first
    assert (first["groups"], first["products"]) == (smoke.groups, smoke.products)
    assert first["participants"] == smoke.participants
    assert first["sales"] >= smoke.sales
    assert first["ratings"] > 0
    assert first["index_entries"] > smoke.groups
    assert list(Product.objects.order_by("code").values_list("name_th", "stars", "price")) == names
    assert list(Sale.objects.order_by("client_uuid").values_list("client_uuid", "total")) == sales


def test_harness_runs_every_case_and_reports_it(tmp_path, monkeypatch):
    from bench import run

    generate(scale="smoke")
    monkeypatch.setenv("OGOP_DATA_DIR", str(tmp_path))
    served = served_database(tmp_path)
    before = Product.objects.count()

    report = run.run(repeat=1, slow_repeat=1, seconds=1, output=tmp_path, database_url=served)

    cases = {case["case"]: case for case in report["cases"]}
    assert {case["key"] for case in report["cases"]} == set(run.CASES)
    for case in cases.values():
        assert isinstance(case["met"], bool)
        assert case["target"]
        if "median_ms" in case:
            assert 0 < case["median_ms"] <= case["p95_ms"] <= case["max_ms"]
            assert case["runs"] >= 1
        if case["key"] in WITH_BASELINE and case["key"] != "http":
            assert case["baseline"]["median_ms"] > 0
            assert case["baseline"]["what"]
    by_key = {key: [c for c in report["cases"] if c["key"] == key] for key in run.CASES}

    assert by_key["search"][0]["runs"] == len(search_queries(50))
    assert len(by_key["pages"]) == 3
    # Every catalog page is served from its cache; rendered afresh, the product page reads
    # the database.
    assert [case["queries"] for case in by_key["pages"]] == [0, 0, 0]
    first_view = by_key["pages"][0]["after_a_change"]
    assert first_view["queries"] > 0
    assert 0 < first_view["median_ms"] <= first_view["max_ms"]
    assert by_key["dashboard"][0]["programme"]["participants"] == SCALES["smoke"].participants
    # The dashboard recomputed after a write is a case of its own, with its own target: its
    # figures are counted afresh, where the first case reads them kept; a trainee recorded
    # recounts the people trained only, an activity changed them and whom the programme serves.
    kept, after_trainee, after_activity = by_key["dashboard"]
    assert "after a trainee was recorded" in after_trainee["case"]
    assert "after an activity changed" in after_activity["case"]
    assert kept["queries"] < after_trainee["queries"] < after_activity["queries"]
    assert after_trainee["target"] == after_activity["target"] == kept["target"]
    imported = by_key["import"][0]
    assert imported["same_rows"]
    assert imported["rows"] == SCALES["smoke"].products
    assert Product.objects.count() == before  # both imports were rolled back
    assert by_key["iati"][0]["bytes"] > 0
    assert by_key["iati"][0]["memory"]["tracemalloc_peak_mb"] > 0
    fair = by_key["fair_report"][0]
    assert (
        fair["counted"]
        == Sale.objects.filter(voided_at__isnull=True).count()
        - (
            Sale.objects.filter(exhibit__booth__fair__code__gt="SYN-F01", voided_at__isnull=True)
        ).count()
    )
    assert fair["before"]["median_ms"] > 0
    throughput, memory = by_key["http"]
    assert throughput["requests"] > 0
    assert throughput["errors"] == 0
    assert throughput["baseline"]["requests_per_s"] > 0
    assert memory["peak_mb"] > 0
    assert memory["workers"]

    written = json.loads((tmp_path / "latest.json").read_text())
    assert [case["case"] for case in written["cases"]] == list(cases)
    table = (tmp_path / "latest.md").read_text()
    assert all(f"| {name} |" in table for name in cases)
    assert os.environ["OGOP_DATA_DIR"] == str(tmp_path)
