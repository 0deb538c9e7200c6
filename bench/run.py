"""The benchmarks: each case is timed beside a baseline measured in the same run, so that
its figure is a ratio that holds on a noisy machine.

    python -m bench.run [--repeat N] [--output bench/results]

Run it on a database filled by `ogop bench-data --scale …` (`make bench` does both).
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogop.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from ogop.catalog.search import search  # noqa: E402
from ogop.demo.synthetic import search_queries  # noqa: E402
from ogop.products.models import Product  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def timings(run: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of each run."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(ordered[-1], 3),
        "runs": len(ordered),
    }


def naive_search(q: str, limit: int = 20) -> list[str]:
    """The baseline: the ORM's icontains over the same public fields, no index."""
    fields = Q()
    for name in ("name_en", "name_th", "name_dz", "description_en", "description_th"):
        fields |= Q(**{f"{name}__icontains": q})
    products = Product.objects.filter(fields, is_public=True, producer_group__is_public=True)
    return list(products.order_by("-is_flagship", "name_en").values_list("code", flat=True)[:limit])


def case_search(repeat: int) -> dict[str, Any]:
    queries = search_queries(50)
    search(queries[0])  # loads the segmentation dictionary once, as a running server has
    naive_search(queries[0])
    indexed: list[float] = []
    naive: list[float] = []
    for q in queries:
        indexed += timings(lambda q=q: search(q, limit=20), repeat)
        naive += timings(lambda q=q: naive_search(q), repeat)
    result = summary(indexed)
    baseline = summary(naive)
    return {
        "case": "catalog search, 50 Thai and English queries",
        **result,
        "baseline": {"what": "ORM name__icontains over the same fields", **baseline},
        "ratio": round(baseline["median_ms"] / result["median_ms"], 1),
        "target": "p95 <= 20 ms and >= 20x faster than the baseline",
        "met": result["p95_ms"] <= 20 and baseline["median_ms"] / result["median_ms"] >= 20,
    }


CASES = {"search": case_search}


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "database": connection.vendor,
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Benchmarks, {report['when']}",
        "",
        f"Data: {report['scale']}. Database: {report['machine']['database']}. "
        f"Machine: {report['machine']['cpus']} CPUs, {report['machine']['platform']}.",
        "",
        "| case | median | p95 | max | baseline median | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in report["cases"]:
        cells = [
            case["case"],
            f"{case['median_ms']} ms",
            f"{case['p95_ms']} ms",
            f"{case['max_ms']} ms",
            f"{case['baseline']['median_ms']} ms",
            f"{case['ratio']}×",
            case["target"],
            "yes" if case["met"] else "no",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run(*, repeat: int, output: Path, only: list[str] | None = None) -> dict[str, Any]:
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "scale": {
            "products": Product.objects.count(),
            "public products": Product.objects.filter(is_public=True).count(),
        },
        "cases": [CASES[name](repeat) for name in only or CASES],
    }
    output.mkdir(parents=True, exist_ok=True)
    (output / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (output / "latest.md").write_text(markdown(report))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    options = parser.parse_args()
    report = run(repeat=options.repeat, output=options.output, only=options.case)
    print(markdown(report))


if __name__ == "__main__":
    main()
