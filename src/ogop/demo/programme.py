"""The demo programme in full: sectors, budget, activities, money, people, missions, equipment,
promotion, business plans, a twinning and the results framework.

Facts (from the source document): the programme and its three years, 2016–2018, its seven
components, and the Bhutanese booth with 35 products at OTOP CITY 2017, 17–25 December 2017.
Everything else — each activity's place, dates, budget and people, every amount and exchange
rate, every name, score, report, plan and target — is illustrative, and the records say so.
Running it again changes nothing: records are found by stable keys and saved only when they
differ. The tables are CSV files under data/programme/ (data/README.md lists them); this module
turns their rows into records.
"""

import datetime as dt
import zlib
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.db import models, transaction
from django.utils import translation

from ogop.demo import tables
from ogop.fairs.models import Fair
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.producers.services import producer_group_create
from ogop.products.models import Product
from ogop.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    BusinessPlan,
    ComponentBudget,
    Delivery,
    ExchangeRate,
    Mission,
    MissionKind,
    Participant,
    ParticipantRole,
    Person,
    Programme,
    ProgrammeSector,
    PromotionItem,
    PromotionKind,
    Sex,
    Transaction,
    TransactionType,
    Twinning,
    TwinningVisit,
    VisitDirection,
)
from ogop.programme.money import rate_on
from ogop.programme.services import business_plan_save, transaction_record
from ogop.results.models import (
    Computation,
    Dimension,
    Disaggregation,
    Indicator,
    IndicatorMeasure,
    Period,
    Result,
    ResultType,
)

if TYPE_CHECKING:
    from ogop.accounts.models import Organisation, User

ModelT = TypeVar("ModelT", bound=models.Model)

YEARS = (2016, 2017, 2018)
ILLUSTRATIVE_EN = "Illustrative demo activity: its place, dates, budget and people are made up."
ILLUSTRATIVE_TH = "กิจกรรมตัวอย่างสาธิต: สถานที่ วันที่ งบประมาณ และผู้เข้าร่วมเป็นข้อมูลสมมติ"
RATE_SOURCE = "Illustrative demo rate, close to the quarter's market rate"

ALL = "*"  # every Bhutanese demo group, or every demo product
# Amounts are rounded as a finance officer would write them.
ROUNDING = {"THB": Decimal(100), "BTN": Decimal(100), "USD": Decimal(10)}


class Plan(NamedTuple):
    """One demo activity; `key` names it within the demo's data only."""

    key: str
    component: int
    kind: str
    title_en: str
    title_th: str
    about_en: str
    about_th: str
    area: str
    start: dt.date
    end: dt.date
    status: str
    organisation: str
    budget: int
    groups: tuple[str, ...] | str  # codes, or ALL
    products: tuple[str, ...] | str  # codes, or ALL
    ended: dt.date | None  # the actual end, when it differs from the planned one
    fact: bool  # described by the source document, not made up


def _codes(text: str) -> tuple[str, ...] | str:
    return ALL if text == ALL else tuple(text.split())


def _plans() -> list[Plan]:
    """The demo's activities, from data/programme/activities.csv."""
    return [
        Plan(
            key=row["key"],
            component=int(row["component"]),
            kind=tables.choice(ActivityKind, row["kind"]),
            title_en=row["title_en"],
            title_th=row["title_th"],
            about_en=row["about_en"],
            about_th=row["about_th"],
            area=row["area"],
            start=tables.day(row["start"]),
            end=tables.day(row["end"]),
            status=tables.choice(ActivityStatus, row["status"]),
            organisation=row["organisation"],
            budget=int(row["budget"]),
            groups=_codes(row["groups"]),
            products=_codes(row["products"]),
            ended=tables.optional_day(row["ended"]),
            fact=tables.yes_no(row["fact"]) is True,
        )
        for row in tables.rows("programme/activities.csv")
    ]


# Helpers -------------------------------------------------------------------------------------


def _jitter(key: str, salt: str) -> int:
    """A stable number 0–99, so that the demo is the same on every run."""
    return zlib.crc32(f"{key}:{salt}".encode()) % 100


def _upsert(model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any]) -> ModelT:
    """Find the record by `lookup`; create it, or save it only if `values` changed it."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    else:
        for name, value in values.items():
            setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _round(amount: Decimal, currency: str) -> Decimal:
    step = ROUNDING[currency]
    return (amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step


# Loaders -------------------------------------------------------------------------------------


def _sectors(programme: Programme) -> None:
    for row in tables.rows("programme/sectors.csv"):
        _upsert(
            ProgrammeSector,
            {"programme": programme, "vocabulary": "1", "code": row["code"]},
            {"percentage": Decimal(row["percentage"])},
        )


def _rates() -> None:
    for row in tables.rows("programme/exchange_rates.csv"):
        day = tables.day(row["valid_from"])
        usd_thb, usd_btn = Decimal(row["thb_per_usd"]), Decimal(row["btn_per_usd"])
        for currency, quote, rate in [
            ("USD", "THB", usd_thb),
            ("USD", "BTN", usd_btn),
            ("BTN", "THB", (usd_thb / usd_btn).quantize(Decimal("0.000001"))),
        ]:
            _upsert(
                ExchangeRate,
                {"currency": currency, "quote": quote, "valid_from": day},
                {"rate": rate, "source": RATE_SOURCE},
            )


def _activities(programme: Programme, orgs: dict[str, "Organisation"]) -> dict[str, Activity]:
    plans = _plans()
    components = {c.position: c for c in programme.components.all()}
    areas = {a.code: a for a in Area.objects.filter(code__in={p.area for p in plans})}
    bhutanese = ProducerGroup.objects.filter(area__country="BT", is_illustrative=True)
    groups = {g.code: g for g in bhutanese}
    products = {p.code: p for p in Product.objects.filter(producer_group__in=bhutanese)}
    made = {}
    for plan in plans:
        area = areas[plan.area]
        closed = plan.status in (ActivityStatus.CLOSED, ActivityStatus.FINALISATION)
        about = (
            (plan.about_en, plan.about_th)
            if plan.fact
            else (f"{ILLUSTRATIVE_EN} {plan.about_en}", f"{ILLUSTRATIVE_TH} {plan.about_th}")
        )
        activity = _upsert(
            Activity,
            {"component": components[plan.component], "title_en": plan.title_en},
            {
                "kind": plan.kind,
                "title": plan.title_en,
                "title_th": plan.title_th,
                "description": about[0],
                "description_en": about[0],
                "description_th": about[1],
                "area": area,
                "country": area.country if area.country != programme.recipient_country else "",
                "start_planned": plan.start,
                "end_planned": plan.end,
                "start_actual": plan.start,
                "end_actual": (plan.ended or plan.end) if closed else None,
                "status": plan.status,
                "responsible_organisation": orgs[plan.organisation],
                "budget": Decimal(plan.budget),
            },
        )
        served = list(groups) if plan.groups == ALL else plan.groups
        activity.producer_groups.set([groups[code] for code in served])
        chosen = list(products) if plan.products == ALL else plan.products
        activity.products.set([products[code] for code in chosen])
        made[plan.key] = activity
    return made


def _budgets(programme: Programme) -> None:
    """Each component's yearly budget: what its activities of that year plan to spend."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for plan in _plans():
        totals[plan.component, plan.start.year] += plan.budget
    for component in programme.components.all():
        for year in YEARS:
            _upsert(
                ComponentBudget,
                {"component": component, "year": year},
                {"amount": Decimal(totals[component.position, year])},
            )


def _transaction(
    programme: Programme, description: str, *, user: "User", **values: Any
) -> Transaction:
    """Record a transaction once, found again by its description; converted at the day's rate."""
    txn = Transaction.objects.filter(programme=programme, description=description).first()
    if txn is not None and all(getattr(txn, k) == v for k, v in values.items()):
        return txn
    txn = txn or Transaction(programme=programme, description=description)
    for name, value in values.items():
        setattr(txn, name, value)
    return transaction_record(txn=txn, user=user)


def _transactions(
    programme: Programme,
    orgs: dict[str, "Organisation"],
    activities: dict[str, Activity],
    user: "User",
) -> None:
    # How each kind of activity spends its budget (data/programme/spending.csv).
    spending: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in tables.rows("programme/spending.csv"):
        spending[tables.choice(ActivityKind, row["activity_kind"])].append(row)
    last = programme.period[1]
    for component in programme.components.all():
        for year in YEARS:
            budget = component.budgets.get(year=year)
            _transaction(
                programme,
                f"Commitment {year}: {component.title_en} (illustrative)",  # type: ignore[attr-defined]  # a modeltranslation field, added at start-up
                user=user,
                component=component,
                activity=None,
                kind=TransactionType.COMMITMENT,
                date=dt.date(year, 1, 15),
                amount=budget.amount,
                currency="THB",
                provider=orgs["tica"],
                receiver=None,
            )
    for plan in _plans():
        activity = activities[plan.key]
        # Most activities spend 92–99% of their budget.
        spent = Decimal(plan.budget) * (92 + _jitter(plan.key, "spent") % 8) / 100
        for row in spending[plan.kind]:
            kind = tables.choice(TransactionType, row["type"])
            share, currency, when, what = row["share"], row["currency"], row["when"], row["what"]
            # A transaction falls within its activity's dates (IATI takes the first
            # disbursement for the actual start): an advance is paid the day it starts.
            day = {"start": activity.start_actual, "end": activity.end_actual}[when]
            if day is None:
                continue  # not spent yet
            amount = _round(spent * Decimal(share) / rate_on(currency, "THB", day), currency)
            _transaction(
                programme,
                f"{what}: {plan.title_en} (illustrative)",
                user=user,
                component=activity.component,
                activity=activity,
                kind=kind,
                date=min(day, last),
                amount=amount,
                currency=currency,
                provider=orgs["tica"],
                receiver=orgs["moaf"] if kind == TransactionType.DISBURSEMENT else None,
            )


def _people(orgs: dict[str, "Organisation"], users: dict[str, "User"]) -> dict[str, Person]:
    """Farmers of the demo groups, and the Thais who teach and advise them."""
    found = tables.rows("programme/people.csv")
    codes = {row["producer_group"] for row in found}
    groups = {g.code: g for g in ProducerGroup.objects.filter(code__in=codes)}
    people = {}
    for row in found:
        name, sex, code, org, login = (
            row[column] for column in ("name", "sex", "producer_group", "organisation", "login")
        )
        if code:
            people[name] = _upsert(
                Person,
                {"name": name},
                {"sex": sex, "producer_group": groups[code], "organisation": None},
            )
            continue
        first, last = name.lower().split()
        people[name] = _upsert(
            Person,
            {"name": name},
            {
                "sex": sex,
                "organisation": orgs[org],
                "producer_group": None,
                "user": users.get(login) if login else None,
                "email": f"{first}.{last}@example.org",
            },
        )
    return people


def _participants(activities: dict[str, Activity], people: dict[str, Person]) -> None:
    members: dict[str, list[str]] = defaultdict(list)  # a group's farmers, in the file's order
    for row in tables.rows("programme/people.csv"):
        if row["producer_group"]:
            members[row["producer_group"]].append(row["name"])
    teachers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in tables.rows("programme/teachers.csv"):
        teachers[row["activity"]].append(
            (row["person"], tables.choice(ParticipantRole, row["role"]))
        )
    for row in tables.rows("programme/attendance.csv"):
        key, per_group = row["activity"], int(row["trainees_per_group"])
        activity = activities[key]
        days = (activity.end_actual or activity.end_planned) - activity.start_planned
        length = Decimal(days.days + 1)
        tested = activity.kind != ActivityKind.STUDY_VISIT
        codes = activity.producer_groups.values_list("code", flat=True).order_by("code")
        for code in codes:
            names = members[code]
            turn = _jitter(key, code) % len(names)  # who goes this time
            for name in (names[turn:] + names[:turn])[:per_group]:
                seed = f"{key}/{name}"
                missed = _jitter(seed, "missed") < 12
                pre = 30 + _jitter(seed, "pre") % 35 if tested else None
                post = None
                if pre is not None and not (missed and _jitter(seed, "post") < 40):
                    post = min(pre + 10 + _jitter(seed, "gain") % 21, 98)
                _upsert(
                    Participant,
                    {"activity": activity, "person": people[name]},
                    {
                        "role": ParticipantRole.TRAINEE,
                        "days_attended": length - 1 if missed and length > 1 else length,
                        "pre_score": None if pre is None else Decimal(pre),
                        "post_score": None if post is None else Decimal(post),
                    },
                )
        for name, role in teachers[key]:
            _upsert(
                Participant,
                {"activity": activity, "person": people[name]},
                {"role": role, "days_attended": length, "pre_score": None, "post_score": None},
            )


def _missions(activities: dict[str, Activity], people: dict[str, Person]) -> None:
    plans = tables.rows("programme/missions.csv")
    hosts = {m["host_group"] for m in plans}
    groups = {g.code: g for g in ProducerGroup.objects.filter(code__in=hosts)}
    areas = {a.code: a for a in Area.objects.filter(code__in={m["host_area"] for m in plans})}
    for plan in plans:
        _upsert(
            Mission,
            {"person": people[plan["person"]], "start": tables.day(plan["start"])},
            {
                "activity": activities[plan["activity"]],
                "kind": tables.choice(MissionKind, plan["kind"]),
                "expertise": plan["expertise"],
                "host_group": groups[plan["host_group"]],
                "host_area": areas[plan["host_area"]],
                "end": tables.day(plan["end"]),
                "report": plan["report"],
                "report_submitted_on": tables.optional_day(plan["submitted_on"]),
            },
        )


def _deliveries(activities: dict[str, Activity]) -> None:
    plans = tables.rows("programme/deliveries.csv")
    groups = {
        g.code: g
        for g in ProducerGroup.objects.filter(code__in={d["producer_group"] for d in plans})
    }
    for plan in plans:
        _upsert(
            Delivery,
            {"producer_group": groups[plan["producer_group"]], "item": plan["item"]},
            {
                "activity": activities[plan["activity"]],
                "quantity": Decimal(plan["quantity"]),
                "unit": plan["unit"],
                "value": Decimal(plan["value"]),
                "currency": plan["currency"],
                "delivered_on": tables.day(plan["delivered_on"]),
                "in_use": tables.yes_no(plan["in_use"]),
                "last_visit_on": tables.optional_day(plan["last_visit_on"]),
            },
        )


def _promotion(programme: Programme, activities: dict[str, Activity]) -> None:
    for row in tables.rows("programme/promotion.csv"):
        title_en, fair_code = row["title_en"], row["fair"]
        _upsert(
            PromotionItem,
            {
                "programme": programme,
                "kind": tables.choice(PromotionKind, row["kind"]),
                "title_en": title_en,
            },
            {
                "title": title_en,
                "title_th": row["title_th"],
                "activity": activities[row["activity"]],
                "published_on": tables.day(row["published_on"]),
                "reach": int(row["reach"]),
                "fair": Fair.objects.get(code=fair_code) if fair_code else None,
            },
        )


def _business_plans(activities: dict[str, Activity], user: "User") -> None:
    plans = tables.rows("programme/business_plans.csv")
    products = {
        p.code: p
        for p in Product.objects.filter(
            code__in={plan["product"] for plan in plans}
        ).select_related("producer_group")
    }
    for plan in plans:
        product = products[plan["product"]]
        prepared_on = tables.day(plan["prepared_on"])
        values = {
            "producer_group": product.producer_group,
            "activity": activities[plan["activity"]],
            "currency": "BTN",
            "fixed_costs": Decimal(plan["fixed_costs"]),
            "variable_cost": Decimal(plan["variable_cost"]),
            "price": Decimal(plan["price"]),
            "expected_volume": int(plan["expected_volume"]),
            "notes": plan["notes"],
        }
        if BusinessPlan.objects.filter(product=product, prepared_on=prepared_on).exists():
            _upsert(BusinessPlan, {"product": product, "prepared_on": prepared_on}, values)
        else:
            business_plan_save(
                plan=BusinessPlan(product=product, prepared_on=prepared_on, **values), user=user
            )


def _thai_group(row: dict[str, str]) -> dict[str, Any]:
    """The fields of a Thai OTOP group of the demo (data/programme/thai_groups.csv)."""
    return {
        "code": row["code"],
        "name_en": row["name_en"],
        "name_th": row["name_th"],
        "kind": tables.choice(GroupKind, row["kind"]),
        "area": Area.objects.get(code=row["area"]),
        "members_female": int(row["members_female"]),
        "members_male": int(row["members_male"]),
        "story_en": row["story_en"],
        "story_th": row["story_th"],
        "is_illustrative": True,
        "is_public": tables.yes_no(row["public"]) is True,
    }


def _twinning(
    programme: Programme, activities: dict[str, Activity], users: dict[str, "User"]
) -> None:
    thai_groups = {row["code"]: row for row in tables.rows("programme/thai_groups.csv")}
    visits = tables.rows("programme/twinning_visits.csv")
    for pair in tables.rows("programme/twinnings.csv"):
        thai = ProducerGroup.objects.filter(code=pair["thai_group"]).first()
        if thai is None:
            spec = _thai_group(thai_groups[pair["thai_group"]])
            thai = producer_group_create(user=users["admin"], name=spec["name_en"], **spec)
        twinning = _upsert(
            Twinning,
            {
                "bhutan_group": ProducerGroup.objects.get(code=pair["bhutan_group"]),
                "thai_group": thai,
            },
            {
                "programme": programme,
                "started_on": tables.day(pair["started_on"]),
                "ended_on": None,
                "focus": pair["focus"],
            },
        )
        for visit in visits:
            if (visit["bhutan_group"], visit["thai_group"]) != (
                pair["bhutan_group"],
                pair["thai_group"],
            ):
                continue
            _upsert(
                TwinningVisit,
                {
                    "twinning": twinning,
                    "direction": tables.choice(VisitDirection, visit["direction"]),
                    "start": tables.day(visit["start"]),
                },
                {
                    "end": tables.day(visit["end"]),
                    "visitors": int(visit["visitors"]),
                    "activity": activities[visit["activity"]] if visit["activity"] else None,
                    "notes": visit["notes"],
                },
            )


def _results(programme: Programme) -> None:
    indicators: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in tables.rows("programme/indicators.csv"):
        indicators[row["result_type"], row["result_position"]].append(row)
    periods: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in tables.rows("programme/indicator_periods.csv"):
        periods[row["result_type"], row["result_position"], row["indicator"]].append(row)
    for row in tables.rows("programme/results.csv"):
        title_en = row["title_en"]
        result = _upsert(
            Result,
            {
                "programme": programme,
                "kind": tables.choice(ResultType, row["type"]),
                "position": int(row["position"]),
            },
            {
                "title": title_en,
                "title_en": title_en,
                "title_th": row["title_th"],
                "description": "Illustrative demo result.",
                "description_en": "Illustrative demo result.",
                "description_th": "ผลลัพธ์ตัวอย่างสาธิต",
                "aggregable": tables.yes_no(row["aggregable"]) is True,
            },
        )
        for plan in indicators[row["type"], row["position"]]:
            computation = tables.choice(Computation, plan["computation"])
            about = (
                "Illustrative demo indicator; its targets are made up and its actuals are "
                "computed from the demo's data."
                if computation
                else "Illustrative demo indicator: its targets and actuals are made up."
            )
            indicator = _upsert(
                Indicator,
                {"result": result, "position": int(plan["position"])},
                {
                    "title": plan["title_en"],
                    "title_en": plan["title_en"],
                    "title_th": plan["title_th"],
                    "description": about,
                    "description_en": about,
                    "measure": tables.choice(IndicatorMeasure, plan["measure"]),
                    "computation": computation,
                    "baseline_year": YEARS[0],
                    "baseline_value": Decimal(plan["baseline"]),
                },
            )
            for year_row in periods[row["type"], row["position"], plan["position"]]:
                year, actual = int(year_row["year"]), year_row["actual"]
                period = _upsert(
                    Period,
                    {"indicator": indicator, "start": dt.date(year, 1, 1)},
                    {
                        "end": dt.date(year, 12, 31),
                        "target": Decimal(year_row["target"]),
                        "actual": Decimal(actual) if actual else None,
                        "comment": year_row["comment"],
                    },
                )
                for category, column in ((Sex.FEMALE, "target_women"), (Sex.MALE, "target_men")):
                    if year_row[column]:
                        _upsert(
                            Disaggregation,
                            {"period": period, "dimension": Dimension.SEX, "category": category},
                            {"target": Decimal(year_row[column])},
                        )


@transaction.atomic
def load(
    *, programme: Programme, orgs: dict[str, "Organisation"], users: dict[str, "User"]
) -> dict[str, int]:
    """Create or bring up to date the demo programme's plan, money, people, things and
    results; safe to run again. Expects the demo's groups, products and fair."""
    with translation.override("en"):
        _sectors(programme)
        _rates()
        activities = _activities(programme, orgs)
        _budgets(programme)
        _transactions(programme, orgs, activities, users["admin"])
        people = _people(orgs, users)
        _participants(activities, people)
        _missions(activities, people)
        _deliveries(activities)
        _promotion(programme, activities)
        _business_plans(activities, users["admin"])
        _twinning(programme, activities, users)
        _results(programme)
    return {
        "activities": Activity.objects.filter(component__programme=programme).count(),
        "transactions": programme.transactions.count(),
        "people": len(people),
        "participants": Participant.objects.filter(
            activity__component__programme=programme
        ).count(),
        "missions": Mission.objects.filter(activity__component__programme=programme).count(),
        "deliveries": Delivery.objects.filter(activity__component__programme=programme).count(),
        "promotion_items": programme.promotion_items.count(),
        "business_plans": BusinessPlan.objects.filter(
            activity__component__programme=programme
        ).count(),
        "twinnings": programme.twinnings.count(),
        "indicators": Indicator.objects.filter(result__programme=programme).count(),
    }
