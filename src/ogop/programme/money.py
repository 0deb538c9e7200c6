"""Exchange rates: what one currency was worth in another on a day.

One reading of the rates serves every conversion: a transaction's rate when it is recorded,
and the sales at fairs that the computed indicators convert day by day (a `RateBook` reads
all the rates between some currencies and one quote currency in one query).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ogop.core.money import Currency
from ogop.core.thai import format_date
from ogop.programme.models import ExchangeRate

Dated = tuple[dt.date, Decimal]


class NoRate(ValidationError):
    """No exchange rate converts the currency on that day."""


class RateBook:
    """The exchange rates between some currencies and one quote currency, read in one query.

    A rate is the latest one valid on or before the day, read either way round: the direct
    one when both start the same day.
    """

    def __init__(self, currencies: Iterable[str], quote: str) -> None:
        self.quote = quote
        others = sorted(set(currencies) - {quote})
        self.direct: dict[str, list[Dated]] = defaultdict(list)
        self.inverse: dict[str, list[Dated]] = defaultdict(list)
        if not others:
            return
        rates = (
            ExchangeRate.objects.filter(
                Q(currency__in=others, quote=quote) | Q(currency=quote, quote__in=others)
            )
            .order_by("valid_from")
            .values_list("currency", "quote", "valid_from", "rate")
        )
        for currency, rate_quote, valid_from, rate in rates:
            if rate_quote == quote:
                self.direct[currency].append((valid_from, rate))
            else:
                self.inverse[rate_quote].append((valid_from, rate))

    @staticmethod
    def _latest(rates: list[Dated], day: dt.date) -> Dated | None:
        found = None
        for valid_from, rate in rates:  # in date order
            if valid_from > day:
                break
            found = (valid_from, rate)
        return found

    def rate(self, currency: str, day: dt.date) -> Decimal:
        """Units of the quote currency one unit of `currency` was worth on `day`. Raises
        NoRate if there is none."""
        if currency == self.quote:
            return Decimal(1)
        direct = self._latest(self.direct.get(currency, []), day)
        inverse = self._latest(self.inverse.get(currency, []), day)
        if direct and (not inverse or direct[0] >= inverse[0]):
            return direct[1]
        if inverse:
            return Decimal(1) / inverse[1]
        if currency not in Currency.values:
            message = _("%(currency)s is not a known currency.") % {"currency": currency}
        else:
            message = _(
                "There is no exchange rate from %(currency)s to %(quote)s on or before %(day)s."
            ) % {"currency": currency, "quote": self.quote, "day": format_date(day)}
        raise NoRate(message)


def rate_on(currency: str, quote: str, day: dt.date) -> Decimal:
    """How many units of `quote` one unit of `currency` was worth on `day` (see `RateBook`).
    Raises NoRate if there is none."""
    return RateBook([currency], quote).rate(currency, day)
