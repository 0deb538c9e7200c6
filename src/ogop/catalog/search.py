"""The catalog's search: one box, any of the three languages, answered from the index."""

from ogop.catalog.backends import Filters, Hit, backend
from ogop.catalog.indexing import typo_candidates
from ogop.catalog.segmentation import Unit, query_units

MAX_LIMIT = 100


def _typos(query: list[Unit]) -> dict[str, list[str]]:
    """Index words one typo away from each Latin word, as typed or as stemmed, by stem."""
    latin = [u for u in query if u.script == "other"]
    found = typo_candidates([w for u in latin for w in {u.whole, u.words[0]}])
    return {
        u.words[0]: sorted(set(found.get(u.whole, [])) | set(found.get(u.words[0], [])))
        for u in latin
    }


def search(
    q: str,
    *,
    limit: int = 20,
    category: str = "",
    area_path: str = "",
    min_stars: int = 0,
    kind: str = "",
) -> list[Hit]:
    """Products and producer groups matching every word of `q`, best first.

    Never raises on what a reader may type: an empty query, punctuation only, the index's
    own syntax ("*", "NEAR", quotes) or a very long text gives results or none.
    """
    query = query_units(q or "")
    if not query:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    typos = _typos(query)
    filters = Filters(category=category, area_path=area_path, min_stars=min_stars, kind=kind)
    return backend().find(query, typos, filters, limit)
