"""Reads of the results framework shared by its pages.

Each `*_for_user` fetches one object of a programme the user may see (fetched by
`programme.selectors.programme_for_user`): 403 when the user may not do `perm` (read or
change results), 404 when the object is not there or not the programme's.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.history import HistoryEntry, history_entries
from ogop.programme.models import Programme
from ogop.results.framework import period_label
from ogop.results.models import Indicator, Period, Result

VIEW = "results.view_result"
CHANGE = "results.change_result"


def _allowed(user: User | AnonymousUser, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def result_for_user(
    *, user: User | AnonymousUser, programme: Programme, pk: int, perm: str = VIEW
) -> Result:
    _allowed(user, perm)
    result = Result.objects.filter(programme=programme, pk=pk).select_related("programme").first()
    if result is None:
        raise Http404
    return result


def indicator_for_user(
    *, user: User | AnonymousUser, programme: Programme, pk: int, perm: str = VIEW
) -> Indicator:
    _allowed(user, perm)
    indicator = (
        Indicator.objects.filter(result__programme=programme, pk=pk)
        .select_related("result", "result__programme")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def period_for_user(
    *, user: User | AnonymousUser, programme: Programme, pk: int, perm: str = VIEW
) -> Period:
    _allowed(user, perm)
    period = (
        Period.objects.filter(indicator__result__programme=programme, pk=pk)
        .select_related("indicator", "indicator__result", "indicator__result__programme")
        .first()
    )
    if period is None:
        raise Http404
    return period


@dataclass(frozen=True)
class Change:
    """A change to an indicator or one of its periods: what it was about, and the change."""

    subject: str
    entry: HistoryEntry


def indicator_history(indicator: Indicator, *, limit: int = 50) -> list[Change]:
    """Who changed the indicator and its periods (targets, typed-in actuals), and when,
    newest first: a few queries for the indicator and a few for each of its periods."""
    changes = [Change(str(indicator), entry) for entry in history_entries(indicator, limit=limit)]
    for period in indicator.periods.order_by("start"):
        label = _("period %(period)s") % {"period": period_label(period)}
        changes.extend(Change(label, entry) for entry in history_entries(period, limit=limit))
    changes.sort(key=lambda change: change.entry.when, reverse=True)
    return changes[:limit]
