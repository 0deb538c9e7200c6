"""Every write to the programme that has a rule: one function a use case, a transaction inside."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import override

from ogop.core.money import quantize
from ogop.programme.models import (
    BusinessPlan,
    Component,
    Programme,
    Transaction,
)
from ogop.programme.money import NoRate, rate_on

# The seed's seven main activities: the components a new programme starts with.
DEFAULT_COMPONENTS = [
    (
        "Training, study visits and workshops",
        "การฝึกอบรม ศึกษาดูงาน และการประชุมเชิงปฏิบัติการ",
    ),
    ("Thai experts", "ผู้เชี่ยวชาญไทย"),
    ("Thai volunteers", "อาสาสมัครไทย"),
    ("Materials and equipment", "วัสดุและอุปกรณ์"),
    ("PR and OGOP promotion", "การประชาสัมพันธ์และส่งเสริม OGOP"),
    ("Marketing and business plans", "การตลาดและแผนธุรกิจ"),
    ("Monitoring and evaluation", "การติดตามและประเมินผล"),
]


def convert(amount: Decimal, currency: str, quote: str, day: dt.date) -> Decimal:
    return quantize(amount * rate_on(currency, quote, day), quote)


def prepare_transaction(txn: Transaction) -> Transaction:
    """Validate a transaction and fix its value in the programme's currency at the day's rate.
    Raises ValidationError, by field, for anything wrong; nothing is saved."""
    txn.full_clean(exclude=["rate", "amount_in_programme_currency"])
    programme = txn.programme
    try:
        txn.rate = rate_on(txn.currency, programme.currency, txn.date)
    except NoRate as error:
        raise ValidationError({"currency": error.messages}) from error
    txn.amount_in_programme_currency = quantize(txn.amount * txn.rate, programme.currency)
    return txn


@transaction.atomic
def record_transaction(txn: Transaction) -> Transaction:
    prepare_transaction(txn)
    txn.save()
    return txn


@transaction.atomic
def create_programme(programme: Programme, *, components: bool = True) -> Programme:
    """Save a new programme with the seed's seven components (in English and Thai)."""
    programme.full_clean()
    programme.save()
    if components:
        add_default_components(programme)
    return programme


def add_default_components(programme: Programme) -> list[Component]:
    made = []
    taken = set(programme.components.values_list("position", flat=True))
    for position, (title_en, title_th) in enumerate(DEFAULT_COMPONENTS, start=1):
        if position in taken:
            continue
        with override("en"):
            component = Component(programme=programme, position=position)
            component.title_en = title_en  # type: ignore[attr-defined]
            component.title_th = title_th  # type: ignore[attr-defined]
            component.title = title_en
            component.save()
        made.append(component)
    return made


@transaction.atomic
def save_business_plan(plan: BusinessPlan) -> BusinessPlan:
    """A new plan is the product's next version; the earlier versions are kept as they were."""
    if plan.pk is None:
        latest = (
            BusinessPlan.objects.select_for_update()
            .filter(product=plan.product_id)
            .aggregate(latest=Max("version"))["latest"]
        )
        plan.version = (latest or 0) + 1
    plan.full_clean()
    plan.save()
    return plan


def check_amount(value: Any, field: str) -> None:
    if value is not None and value < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
