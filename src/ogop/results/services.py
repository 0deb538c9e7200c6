"""Every write to the results framework: one function a use case, a transaction inside.

Each checks the record as the model does (full_clean) and raises ValidationError, by field,
before anything is written; the history records who made the change.
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.history import recorded_delete, recorded_save
from ogop.results.models import Disaggregation, Indicator, Period, Result


@transaction.atomic
def result_save(*, result: Result, user: User) -> Result:
    """Create or change a result of a programme."""
    recorded_save(result, user=user)
    return result


@transaction.atomic
def indicator_save(*, indicator: Indicator, user: User) -> Indicator:
    """Create or change an indicator; choosing a computation makes its actuals computed (the
    typed-in actuals are kept, unused, should the computation be dropped again)."""
    recorded_save(indicator, user=user)
    return indicator


def _category_errors(row: Disaggregation, error: ValidationError) -> ValidationError:
    """A breakdown row's errors, told as the period's, naming the category."""
    messages = [message for messages in error.message_dict.values() for message in messages]
    return ValidationError(
        {
            NON_FIELD_ERRORS: [
                _("Breakdown “%(category)s”: %(error)s")
                % {"category": row.category, "error": message}
                for message in messages
            ]
        }
    )


@transaction.atomic
def period_save(
    *,
    period: Period,
    user: User,
    disaggregations: Iterable[Disaggregation] = (),
    removed: Iterable[Disaggregation] = (),
) -> Period:
    """Create or change a period with its breakdown by sex or area: the rows in `removed` go,
    those in `disaggregations` are saved. All or nothing."""
    recorded_save(period, user=user)
    for row in removed:
        recorded_delete(row, user=user)
    for row in disaggregations:
        row.period = period
        try:
            recorded_save(row, user=user)
        except ValidationError as error:
            raise _category_errors(row, error) from error
    return period
