"""The arithmetic of a rubric, on plain values: totals, the panel's score, stars, thresholds.

The panel's score is the MEAN of the submitted assessors' totals, rounded half up to two
decimal places; the stars follow from that rounded score (what the page shows is what counts).
"""

import itertools
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CENT = Decimal("0.01")


def panel_score(totals: Sequence[Decimal]) -> Decimal:
    """The mean of the assessors' totals, rounded half up to cents."""
    if not totals:
        raise ValueError("a panel score needs at least one assessor's total")
    return (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)


def stars_for(score: Decimal, thresholds: Iterable[tuple[int, Decimal]]) -> int:
    """The most stars whose threshold the score reaches; 1 when it reaches none."""
    reached = [stars for stars, min_points in thresholds if score >= min_points]
    return max(reached, default=1)


def threshold_errors(thresholds: Sequence[tuple[int, Decimal]], max_total: Decimal) -> list[str]:
    """What is wrong with a rubric's star thresholds: every score from 0 to the maximum must
    fall in exactly one band, and each band needs more points than the one below it."""
    errors: list[str] = []
    by_stars = sorted(thresholds)
    stars = [s for s, _points in by_stars]
    if not by_stars:
        return [_("Give at least the threshold of 1 star (from 0 points).")]
    if len(set(stars)) != len(stars):
        errors.append(_("Each number of stars has one threshold."))
    if any(s < 1 or s > 5 for s in stars):
        errors.append(_("Stars go from 1 to 5."))
    expected = list(range(1, len(stars) + 1))
    if sorted(set(stars)) != expected:
        missing = sorted(set(range(1, max(stars) + 1)) - set(stars))
        errors.append(
            ngettext(
                "The thresholds leave a gap: no threshold for %(missing)s star.",
                "The thresholds leave a gap: no threshold for %(missing)s stars.",
                len(missing) or 1,
            )
            % {"missing": ", ".join(str(m) for m in missing) or "?"}
        )
    lowest = dict(by_stars).get(1)
    if lowest is not None and lowest != 0:
        errors.append(
            _("The thresholds leave a gap: 1 star must start at 0 points, not %(points)s.")
            % {"points": lowest}
        )
    for (low_stars, low_points), (high_stars, high_points) in itertools.pairwise(by_stars):
        if high_points <= low_points:
            errors.append(
                _(
                    "The thresholds overlap: %(high)s stars (from %(hp)s points) must need more "
                    "points than %(low)s stars (from %(lp)s points)."
                )
                % {"high": high_stars, "hp": high_points, "low": low_stars, "lp": low_points}
            )
    if by_stars[-1][1] > max_total:
        errors.append(
            _("%(stars)s stars need %(points)s points, more than the rubric's %(max)s.")
            % {"stars": by_stars[-1][0], "points": by_stars[-1][1], "max": max_total}
        )
    return errors
