"""Search, as the catalog answers it: public products and producer groups, best first."""

from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from ogop.catalog.search import MAX_LIMIT, did_you_mean, search, suggestions
from ogop.catalog.selectors import illustrative_entries

router = Router(tags=["search"])


class SearchResult(Schema):
    type: Literal["product", "producer_group"]
    code: str
    name: str
    score: float
    is_illustrative: bool = Field(description="Made-up demo data, not a real product or group.")


class SearchResults(Schema):
    results: list[SearchResult]


@router.get("/search", response=SearchResults, operation_id="search")
def search_endpoint(
    request: HttpRequest,
    q: str = Query("", max_length=5000, description="words in Thai, English or Dzongkha"),
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
) -> dict[str, object]:
    """Public products and producer groups matching every word, best first. A query of no
    words (empty, punctuation) finds nothing; the index's own syntax is read as words."""
    hits = search(q, limit=limit)
    illustrative = illustrative_entries([(hit.kind, hit.code) for hit in hits])
    return {
        "results": [
            {
                "type": hit.kind,
                "code": hit.code,
                "name": hit.name,
                "score": hit.score,
                "is_illustrative": (hit.kind, hit.code) in illustrative,
            }
            for hit in hits
        ]
    }


class Suggestion(Schema):
    type: Literal["product", "producer_group"]
    code: str
    name: str
    url: str


class Suggestions(Schema):
    suggestions: list[Suggestion]
    did_you_mean: str


PAGES = {"product": "catalog_product", "producer_group": "catalog_group"}


@router.get("/search/suggest", response=Suggestions, operation_id="search_suggest")
def suggest_endpoint(
    request: HttpRequest,
    q: str = Query("", max_length=5000, description="what has been typed so far"),
    limit: int = Query(6, ge=1, le=10),
) -> dict[str, object]:
    """What to offer under a search box as the reader types: the first results, the last
    word read as the start of a word; when there are none, a query that finds something
    ("did you mean"), or an empty text."""
    hits = suggestions(q, limit=limit)
    return {
        "suggestions": [
            {
                "type": hit.kind,
                "code": hit.code,
                "name": hit.name,
                "url": reverse(PAGES[hit.kind], args=[hit.code]),
            }
            for hit in hits
        ],
        "did_you_mean": "" if hits else did_you_mean(q),
    }
