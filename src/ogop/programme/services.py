"""Every write to the programme's plan and money: one function a use case, a transaction inside.

Each takes the acting user and records them as the change's author in the history, whoever
calls it (a page, the demo, a test); the field work's writes are in `fieldwork_services`.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import override

from ogop.accounts.models import User
from ogop.core.history import recorded_delete, recorded_save
from ogop.core.money import quantize
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.models import (
    Activity,
    BusinessPlan,
    Component,
    ComponentBudget,
    ExchangeRate,
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


def _save_rows(rows: Iterable[Model], removed: Iterable[Model], *, user: User) -> None:
    """The rows edited with a record: those in `removed` go, the others are saved."""
    for row in removed:
        recorded_delete(row, user=user)
    for row in rows:
        recorded_save(row, user=user)


# Programmes ---------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, programme: Programme, user: User, components: bool = True) -> Programme:
    """Save a new programme with the seed's seven components (in English and Thai)."""
    recorded_save(programme, user=user)
    if components:
        add_default_components(programme, user=user)
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    user: User,
    rows: Iterable[Model] = (),
    removed: Iterable[Model] = (),
) -> Programme:
    """Change a programme with its rows (participating organisations, sectors): those in
    `removed` go, the others are saved. All or nothing."""
    recorded_save(programme, user=user)
    _save_rows(rows, removed, user=user)
    return programme


# The plan -----------------------------------------------------------------------------------


@transaction.atomic
def component_update(
    *,
    component: Component,
    user: User,
    budgets: Iterable[ComponentBudget] = (),
    removed: Iterable[ComponentBudget] = (),
) -> Component:
    """Change a component with its budget per year. All or nothing."""
    recorded_save(component, user=user)
    _save_rows(budgets, removed, user=user)
    return component


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    user: User,
    producer_groups: Iterable[ProducerGroup],
    products: Iterable[Product],
) -> Activity:
    """Create or change an activity, with the groups and products it serves."""
    recorded_save(activity, user=user)
    activity.producer_groups.set(producer_groups)
    activity.products.set(products)
    return activity


# Money --------------------------------------------------------------------------------------


def transaction_prepare(*, txn: Transaction) -> Transaction:
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
def transaction_record(*, txn: Transaction, user: User) -> Transaction:
    """Record a new transaction or correct one, converted at the rate of its day."""
    transaction_prepare(txn=txn)
    txn._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
    txn.save()
    return txn


@transaction.atomic
def exchange_rate_create(*, rate: ExchangeRate, user: User) -> ExchangeRate:
    recorded_save(rate, user=user)
    return rate


def add_default_components(programme: Programme, *, user: User | None = None) -> list[Component]:
    made = []
    taken = set(programme.components.values_list("position", flat=True))
    for position, (title_en, title_th) in enumerate(DEFAULT_COMPONENTS, start=1):
        if position in taken:
            continue
        with override("en"):
            component = Component(programme=programme, position=position)
            component.title_en = title_en  # type: ignore[attr-defined]  # a field modeltranslation adds
            component.title_th = title_th  # type: ignore[attr-defined]  # a field modeltranslation adds
            component.title = title_en
            if user is not None:  # else the request's, if any
                component._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
            component.save()
        made.append(component)
    return made


# Business plans -----------------------------------------------------------------------------


@transaction.atomic
def business_plan_save(*, plan: BusinessPlan, user: User) -> BusinessPlan:
    """A new plan is the product's next version; the earlier versions are kept as they were."""
    if plan.pk is None:
        latest = (
            BusinessPlan.objects.select_for_update()
            .filter(product=plan.product_id)
            .aggregate(latest=Max("version"))["latest"]
        )
        plan.version = (latest or 0) + 1
    recorded_save(plan, user=user)
    return plan
