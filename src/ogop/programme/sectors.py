"""The IATI rule on a programme's sectors: within a vocabulary, their percentages add up to 100.

The sectors' form and the IATI export's checks both apply it, each with its own message.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal


def sector_totals_off(sectors: Iterable[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """The vocabularies whose sectors' percentages do not add up to 100, each with its total,
    in the order the vocabularies first appear among the (vocabulary, percentage) pairs."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for vocabulary, percentage in sectors:
        totals[vocabulary] += percentage
    return [(vocabulary, total) for vocabulary, total in totals.items() if total != 100]
