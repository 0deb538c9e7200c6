"""The relevance set: queries as buyers type them, each with the results that must be in its
first ten and those that must not, over the demo catalog (queries.csv).

    query, kind, must, must_not, guard

`must` and `must_not` are product or producer group codes, space-separated; `guard` marks
the queries the test suite checks on every run (tests/catalog/test_relevance.py). The
measures are those of information retrieval, over the first ten results:

- recall@10: the share of a query's `must` codes found in its first ten, averaged;
- MRR: the mean of 1/rank of the first `must` code found (0 when none is);
- nDCG@10: the discounted gain of the `must` codes where they are, against the gain of
  all of them first, averaged;
- must-not hits: `must_not` codes found in a first ten, summed over the queries.
"""

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).resolve().parent / "queries.csv"
TOP = 10


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    must: tuple[str, ...]
    must_not: tuple[str, ...]
    guard: bool


def cases(path: Path = QUERIES) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Case(
                query=row["query"],
                kind=row["kind"],
                must=tuple(row["must"].split()),
                must_not=tuple(row["must_not"].split()),
                guard=row["guard"] == "yes",
            )
            for row in csv.DictReader(file)
        ]


@dataclass(frozen=True)
class Answer:
    case: Case
    found: tuple[str, ...]  # the codes of the first ten results, in order

    @property
    def missing(self) -> list[str]:
        return [code for code in self.case.must if code not in self.found]

    @property
    def unwanted(self) -> list[str]:
        return [code for code in self.case.must_not if code in self.found]

    @property
    def recall(self) -> float:
        return 1 - len(self.missing) / len(self.case.must)

    @property
    def reciprocal_rank(self) -> float:
        ranks = [n for n, code in enumerate(self.found, 1) if code in self.case.must]
        return 1 / ranks[0] if ranks else 0.0

    @property
    def ndcg(self) -> float:
        gain = sum(
            1 / math.log2(n + 1) for n, code in enumerate(self.found, 1) if code in self.case.must
        )
        ideal = sum(1 / math.log2(n + 1) for n in range(1, min(len(self.case.must), TOP) + 1))
        return gain / ideal


def answer(case: Case, search: Callable[[str], Sequence[str]]) -> Answer:
    return Answer(case=case, found=tuple(search(case.query)[:TOP]))


def measure(answers: list[Answer]) -> dict[str, Any]:
    """The measures over the answers, and the queries that missed or hit what they must not."""
    ranked = [a for a in answers if a.case.must]
    return {
        "queries": len(answers),
        "recall_at_10": round(sum(a.recall for a in ranked) / len(ranked), 4),
        "mrr": round(sum(a.reciprocal_rank for a in ranked) / len(ranked), 4),
        "ndcg_at_10": round(sum(a.ndcg for a in ranked) / len(ranked), 4),
        "must_not_hits": sum(len(a.unwanted) for a in answers),
        "failures": [
            {"query": a.case.query, "missing": a.missing, "unwanted": a.unwanted}
            for a in answers
            if a.missing or a.unwanted
        ],
    }


def load_demo_catalog(user: Any) -> None:
    """The demo's producer groups and products, as the demo loads them (imports, which index
    what they write): the catalog the relevance set is written over."""
    from ogop.demo.tables import data
    from ogop.producers.services import producer_groups_import
    from ogop.products.services import products_import

    producer_groups_import(data=data("producer_groups.csv"), user=user)
    products_import(data=data("products.csv"), user=user)


GENERATED_PREFIX = "GEN-"
# Goods that hold a demo product, named by none of the words the queries use.
SETS = [("Hamper", "ชุดของฝาก"), ("Sampler", "ชุดทดลอง"), ("Gift set", "ชุดของขวัญ")]
GENERATED_AREA = "100101"  # a tambon of Bangkok, where no demo product is
GENERATED_PER_PRODUCT = 30


def load_generated_catalog(user: Any, per_product: int = GENERATED_PER_PRODUCT) -> int:
    """Beside the demo catalog, products placed better than any demo product (five stars) that
    name one of the demo's products in their story only: hampers, samplers and gift sets of
    it, `per_product` for each. A buyer who names a product must still find the product
    itself first, however many better-placed goods mention it. Returns how many were made."""
    import csv
    import io

    from ogop.catalog.indexing import reindex
    from ogop.demo.tables import data
    from ogop.producers.services import producer_groups_import
    from ogop.products.models import Product
    from ogop.products.services import products_import

    demo = list(csv.DictReader(io.StringIO(data("products.csv").decode("utf-8"))))
    group = f"{GENERATED_PREFIX}GIFTS"
    groups = io.StringIO()
    writer = csv.writer(groups)
    writer.writerow(["code", "name_en", "name_th", "kind", "area_code"])
    writer.writerow(
        [group, "Bangkok Gift Makers", "กลุ่มผู้ทำของขวัญกรุงเทพ", "enterprise", GENERATED_AREA]
    )
    producer_groups_import(data=groups.getvalue().encode(), user=user)
    products = io.StringIO()
    writer = csv.writer(products)
    columns = ["code", "name_en", "name_th", "category", "producer_code", "price", "currency"]
    writer.writerow([*columns, "public", "description_en", "description_th"])
    for n, product in enumerate(demo):
        for k in range(per_product):
            set_en, set_th = SETS[k % len(SETS)]
            code, name = f"{GENERATED_PREFIX}{n:02d}-{k:02d}", f"{n}-{k}"
            names = [f"{set_en} {name}", f"{set_th} {name}"]
            stories = [f"A {set_en.lower()} of {product['name_en']}.", set_th + product["name_th"]]
            writer.writerow([code, *names, "household", group, "500", "THB", "yes", *stories])
    products_import(data=products.getvalue().encode(), user=user)
    made = Product.objects.filter(code__startswith=GENERATED_PREFIX)
    made.update(stars=5)
    reindex(product_ids=list(made.values_list("pk", flat=True)))
    return made.count()
