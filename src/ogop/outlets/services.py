"""Every write of outlets and their stock, with its rules.

Each change of stock is a move in the ledger and the same change of the outlet's counter for
the batch, in one transaction, under the counter's row lock (SELECT … FOR UPDATE; on SQLite
the database's single writer). Rows are locked in the batches' order, so that two changes of
one outlet never wait for each other in a circle. The packing house is not an outlet: what it
holds of a batch is what was packed less what it sent, read under the batch's own lock.

A refusal is a ValidationError naming the field it is about, in the user's language; nothing
is written then.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.history import recorded_save
from ogop.outlets.models import Dispatch, DispatchLine, MoveKind, Outlet, Stock, StockMove
from ogop.outlets.selectors import packing_left
from ogop.supply.models import Batch

# The most units one line may move: beyond it a number is a slip of the finger.
MAX_UNITS = 1_000_000


def _day_errors(errors: dict[str, str], field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        errors[field] = _("The date %(day)s is in the future.") % {"day": formats.date_format(day)}


def _locked_stock(outlet: Outlet, batches: Iterable[int]) -> dict[int, Stock]:
    """The outlet's counters of the batches, made where missing, locked in the batches' order."""
    ids = sorted(set(batches))
    have = set(Stock.objects.filter(outlet=outlet, batch__in=ids).values_list("batch", flat=True))
    for batch_id in ids:
        if batch_id not in have:
            Stock.objects.get_or_create(outlet=outlet, batch_id=batch_id)
    rows = Stock.objects.select_for_update().filter(outlet=outlet, batch__in=ids).order_by("batch")
    return {row.batch_id: row for row in rows}


def _move(
    stock: Stock,
    *,
    kind: str,
    quantity: int,
    on: dt.date,
    user: User,
    line: DispatchLine | None = None,
    note: str = "",
    is_illustrative: bool = False,
) -> StockMove:
    """Write a move and change its counter by as much; the caller holds the counter's lock."""
    move = StockMove.objects.create(
        outlet_id=stock.outlet_id,
        batch_id=stock.batch_id,
        kind=kind,
        quantity=quantity,
        on=on,
        by=user,
        line=line,
        note=note,
        is_illustrative=is_illustrative,
    )
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity)
    stock.quantity += quantity
    return move


def _units(count: int) -> str:
    return formats.number_format(count, force_grouping=True)


def dispatch_send(
    *,
    destination: Outlet,
    lines: Sequence[tuple[Batch, int]],
    sent_on: dt.date,
    user: User,
    source: Outlet | None = None,
    note: str = "",
    is_illustrative: bool = False,
) -> Dispatch:
    """Send units of batches from an outlet, or from the packing house (`source` None), to
    another outlet. What is sent leaves the source at once; it enters the destination when
    received. Nothing leaves a place that does not hold it."""
    errors: dict[str, str] = {}
    if source is not None and source.pk == destination.pk:
        errors["destination"] = _("Choose another outlet than the one the goods leave.")
    elif not destination.is_active:
        errors["destination"] = _("%(outlet)s is closed: it receives nothing.") % {
            "outlet": destination
        }
    _day_errors(errors, "sent_on", sent_on)
    batches = [batch.pk for batch, _count in lines]
    if not lines:
        errors["lines"] = _("Name at least one batch to send.")
    elif len(set(batches)) != len(batches):
        errors["lines"] = _("Name each batch once.")
    else:
        for batch, count in lines:
            problem = _line_problem(batch, count, sent_on)
            if problem:
                errors["lines"] = problem
                break
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if source is None:
            # The packing house: each batch's own row guards what is left of it there.
            list(Batch.objects.select_for_update().filter(pk__in=batches).order_by("pk"))
            held = {batch.pk: packing_left(batch) for batch, _count in lines}
            stocks = {}
        else:
            stocks = _locked_stock(source, batches)
            held = {pk: stock.quantity for pk, stock in stocks.items()}
        for batch, count in lines:
            if count > held[batch.pk]:
                raise ValidationError(
                    {
                        "lines": _(
                            "Batch %(batch)s: %(place)s holds %(held)s units; %(count)s cannot "
                            "be sent."
                        )
                        % {
                            "batch": batch.code,
                            "place": source.name if source else _("the packing house"),
                            "held": _units(held[batch.pk]),
                            "count": _units(count),
                        }
                    }
                )
        dispatch = Dispatch(
            source=source,
            destination=destination,
            sent_on=sent_on,
            sent_by=user,
            note=note.strip(),
            is_illustrative=is_illustrative,
        )
        recorded_save(dispatch, user=user)
        for batch, count in lines:
            line = DispatchLine(dispatch=dispatch, batch=batch, quantity=count)
            recorded_save(line, user=user)
            if source is not None:
                _move(
                    stocks[batch.pk],
                    kind=MoveKind.DISPATCH,
                    quantity=-count,
                    on=sent_on,
                    user=user,
                    line=line,
                    is_illustrative=is_illustrative,
                )
    return dispatch


def _line_problem(batch: Batch, count: int, sent_on: dt.date) -> str:
    if count < 1:
        return _("Batch %(batch)s: send at least 1 unit.") % {"batch": batch.code}
    if count > MAX_UNITS:
        return _("Batch %(batch)s: a line moves at most %(limit)s units.") % {
            "batch": batch.code,
            "limit": _units(MAX_UNITS),
        }
    if batch.recalled:
        return _("Batch %(batch)s is recalled: it is not sent anywhere.") % {"batch": batch.code}
    if batch.produced_on > sent_on:
        return _("Batch %(batch)s was packed on %(day)s, after the day it is sent.") % {
            "batch": batch.code,
            "day": formats.date_format(batch.produced_on),
        }
    return ""


def dispatch_receive(
    *,
    dispatch: Dispatch,
    received: dict[int, tuple[int, str]],
    received_on: dt.date,
    user: User,
) -> Dispatch:
    """Record what arrived of a dispatch: for each line (by its id), the units received and,
    where they differ from those sent, why. The units received enter the destination's stock.
    A dispatch is received once."""
    errors: dict[str, str] = {}
    _day_errors(errors, "received_on", received_on)
    if received_on < dispatch.sent_on:
        errors["received_on"] = _("The goods were sent on %(day)s: they arrive on or after it.") % {
            "day": formats.date_format(dispatch.sent_on)
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.received_on is not None:
            raise ValidationError(
                _("Dispatch %(code)s was already received on %(day)s.")
                % {"code": locked.code, "day": formats.date_format(locked.received_on)}
            )
        lines = list(locked.lines.select_related("batch").order_by("batch"))
        for line in lines:
            count, reason = received.get(line.pk, (None, ""))
            problem = _receipt_problem(line, count, reason.strip())
            if problem:
                raise ValidationError({"lines": problem})
        stocks = _locked_stock(locked.destination, [line.batch_id for line in lines])
        for line in lines:
            count, reason = received[line.pk]
            line.received = count
            line.discrepancy = reason.strip() if count != line.quantity else ""
            recorded_save(line, user=user)
            if count:
                _move(
                    stocks[line.batch_id],
                    kind=MoveKind.RECEIPT,
                    quantity=count,
                    on=received_on,
                    user=user,
                    line=line,
                    note=line.discrepancy,
                    is_illustrative=locked.is_illustrative,
                )
        locked.received_on, locked.received_by = received_on, user
        recorded_save(locked, user=user)
    return locked


def _receipt_problem(line: DispatchLine, count: int | None, reason: str) -> str:
    if count is None:
        return _("Batch %(batch)s: say how many units arrived.") % {"batch": line.batch.code}
    if count < 0 or count > MAX_UNITS:
        return _("Batch %(batch)s: the units received must be from 0 to %(limit)s.") % {
            "batch": line.batch.code,
            "limit": _units(MAX_UNITS),
        }
    if count != line.quantity and not reason:
        return _(
            "Batch %(batch)s: %(sent)s units were sent and %(count)s arrived; say why they differ."
        ) % {"batch": line.batch.code, "sent": _units(line.quantity), "count": _units(count)}
    return ""


def stock_count(
    *,
    outlet: Outlet,
    counted: dict[Batch, int],
    on: dt.date,
    user: User,
    reason: str = "",
    is_illustrative: bool = False,
) -> list[StockMove]:
    """Set the outlet's stock of the batches to what was counted on its shelves: each
    difference is an adjustment in the ledger, with the reason given."""
    errors: dict[str, str] = {}
    _day_errors(errors, "on", on)
    for batch, count in counted.items():
        if count < 0 or count > MAX_UNITS:
            errors["counted"] = _("Batch %(batch)s: a count is from 0 to %(limit)s.") % {
                "batch": batch.code,
                "limit": _units(MAX_UNITS),
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stocks = _locked_stock(outlet, [batch.pk for batch in counted])
        differences = {
            batch: count - stocks[batch.pk].quantity
            for batch, count in counted.items()
            if count != stocks[batch.pk].quantity
        }
        if differences and not reason.strip():
            raise ValidationError({"reason": _("The count differs from the stock held: say why.")})
        return [
            _move(
                stocks[batch.pk],
                kind=MoveKind.ADJUSTMENT,
                quantity=difference,
                on=on,
                user=user,
                note=reason.strip(),
                is_illustrative=is_illustrative,
            )
            for batch, difference in differences.items()
        ]


def outlet_save(*, outlet: Outlet, user: User, staff: Iterable[User] | None = None) -> Outlet:
    with transaction.atomic():
        recorded_save(outlet, user=user)
        if staff is not None:
            outlet.staff.set(staff)
    return outlet
