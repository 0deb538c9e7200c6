"""Factories for the programme and its results framework: valid records in a line."""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from ogop.accounts.models import Organisation, OrganisationKind
from ogop.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    BusinessPlan,
    Component,
    ComponentBudget,
    ExchangeRate,
    Participant,
    Person,
    Programme,
    Sex,
    Transaction,
    TransactionType,
)
from ogop.programme.services import (
    add_default_components,
    business_plan_save,
    transaction_prepare,
)
from ogop.results.models import Indicator, Period, Result, ResultType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Agency {n}")
    name_en = factory.SelfAttribute("name")
    kind = OrganisationKind.DONOR
    country = "TH"
    # An approved registration agency's prefix, as IATI asks (rule 1.8.8).
    iati_identifier = factory.Sequence(lambda n: f"XI-IATI-T{n + 100}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A three-year programme like the seed's, with its seven default components."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    identifier = factory.Sequence(lambda n: f"TH-GOV-25-OGOP-{n}")
    title = factory.Sequence(lambda n: f"Programme {n}")
    title_en = factory.SelfAttribute("title")
    reporting_organisation = factory.SubFactory(OrganisationFactory)
    recipient_country = "BT"
    status = ActivityStatus.IMPLEMENTATION
    start_planned = dt.date(2016, 1, 1)
    end_planned = dt.date(2018, 12, 31)
    currency = "THB"
    sdg_goals = "17"
    sdg_targets = "17.9"

    @factory.post_generation
    def components(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            add_default_components(self)


def component(programme: Programme, position: int = 1) -> Component:
    return programme.components.get(position=position)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    component = factory.LazyFunction(
        lambda: ProgrammeFactory().components.get(position=1)  # type: ignore[attr-defined]
    )
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Activity {n}")
    title_en = factory.SelfAttribute("title")
    start_planned = dt.date(2017, 3, 1)
    end_planned = dt.date(2017, 3, 5)
    status = ActivityStatus.IMPLEMENTATION
    budget = Decimal("10000.00")


class ComponentBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComponentBudget

    year = 2017
    amount = Decimal("100000.00")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    sex = Sex.FEMALE


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "USD"
    quote = "THB"
    valid_from = dt.date(2016, 1, 1)
    rate = Decimal("35.00")


def transaction(
    programme: Programme,
    amount: str | Decimal,
    *,
    kind: str = TransactionType.DISBURSEMENT,
    currency: str = "THB",
    date: dt.date = dt.date(2017, 6, 1),
    component: Component | None = None,
    activity: Activity | None = None,
) -> Transaction:
    """A saved transaction, converted to the programme's currency as the pages do it."""
    txn = Transaction(
        programme=programme,
        kind=kind,
        amount=Decimal(amount),
        currency=currency,
        date=date,
        component=component,
        activity=activity,
    )
    transaction_prepare(txn=txn)
    txn.save()
    return txn


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    programme = factory.SubFactory(ProgrammeFactory)
    kind = ResultType.OUTPUT
    title = factory.Sequence(lambda n: f"Result {n}")
    title_en = factory.SelfAttribute("title")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ResultFactory)
    title = factory.Sequence(lambda n: f"Indicator {n}")
    title_en = factory.SelfAttribute("title")


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    indicator = factory.SubFactory(IndicatorFactory)
    start = dt.date(2017, 1, 1)
    end = dt.date(2017, 12, 31)
    target = Decimal("10")


def business_plan(product: Any, **fields: Any) -> BusinessPlan:
    """The product's next business plan version: margin 40 a unit, 250 units, 12,000 fixed."""
    values = {
        "producer_group": product.producer_group,
        "product": product,
        "prepared_on": dt.date(2017, 4, 1),
        "currency": "BTN",
        "fixed_costs": Decimal("12000"),
        "variable_cost": Decimal("60"),
        "price": Decimal("100"),
        "expected_volume": 250,
        **fields,
    }
    return business_plan_save(plan=BusinessPlan(**values), user=None)
