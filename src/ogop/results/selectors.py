"""Reads of the results framework shared by its pages.

Each `*_for_user` fetches one object of a programme, as the programme's own guarded fetches
do: 404 when the programme or the object is not there, or the user may not see the programme
(`programme.selectors.programme_for_user`); 403 when they may see it but not do `perm` (read
or change results).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.history import HistoryEntry, history_entries
from ogop.programme.models import Programme
from ogop.programme.selectors import programme_for_user
from ogop.results.framework import period_label
from ogop.results.models import Indicator, Period, Result

VIEW = "results.view_result"
CHANGE = "results.change_result"


def _allowed(user: User | AnonymousUser, programme: Programme, perm: str) -> None:
    if not user.has_perm(perm, programme):
        raise PermissionDenied


def result_for_user(
    *, user: User | AnonymousUser, programme_pk: int, pk: int, perm: str = VIEW
) -> Result:
    programme = programme_for_user(user=user, pk=programme_pk)
    result = Result.objects.filter(programme=programme, pk=pk).first()
    if result is None:
        raise Http404
    _allowed(user, programme, perm)
    result.programme = programme
    return result


def indicator_for_user(
    *, user: User | AnonymousUser, programme_pk: int, pk: int, perm: str = VIEW
) -> Indicator:
    programme = programme_for_user(user=user, pk=programme_pk)
    indicator = (
        Indicator.objects.filter(result__programme=programme, pk=pk)
        .select_related("result")
        .first()
    )
    if indicator is None:
        raise Http404
    _allowed(user, programme, perm)
    indicator.result.programme = programme
    return indicator


def period_for_user(
    *, user: User | AnonymousUser, programme_pk: int, pk: int, perm: str = VIEW
) -> Period:
    programme = programme_for_user(user=user, pk=programme_pk)
    period = (
        Period.objects.filter(indicator__result__programme=programme, pk=pk)
        .select_related("indicator", "indicator__result")
        .first()
    )
    if period is None:
        raise Http404
    _allowed(user, programme, perm)
    period.indicator.result.programme = programme
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
