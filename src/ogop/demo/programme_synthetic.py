"""A synthetic cooperation programme of any size, for the IATI export's tests and benchmarks.

Deterministic (a seed gives the same programme), written through bulk paths, with English
and Thai titles, activities in Bhutan's dzongkhags and gewogs (and study visits in Thailand),
budgets, transactions, and results with indicators, periods and disaggregations. Every
record is marked illustrative, and a new run with the same seed replaces the earlier one.

On demand it also makes the programme serve producer groups (so that its computed
indicators have beneficiaries), puts people on its trainings, workshops and study visits,
and adds a result whose indicators are all computed from the platform's data.
"""

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from ogop.accounts.models import Organisation, OrganisationKind
from ogop.core.freshness import renew_all
from ogop.places.models import Area
from ogop.programme.models import (
    LEARNING_KINDS,
    Activity,
    ActivityKind,
    ActivityStatus,
    Component,
    ComponentBudget,
    OrganisationRole,
    Participant,
    ParticipantRole,
    Participation,
    Person,
    Programme,
    ProgrammeSector,
    Sex,
    Transaction,
    TransactionType,
)
from ogop.programme.services import DEFAULT_COMPONENTS
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

AGENCY_ID = "TH-SYNTH"
START, END = dt.date(2016, 1, 1), dt.date(2018, 12, 31)
# Work up to this day is over: closed, with its actual dates.
CLOSED_BEFORE = dt.date(2018, 6, 30)
BATCH = 1_000
USD_RATE = Decimal("35")  # baht for a dollar, fixed for the synthetic data

# kind → (component position, English, Thai)
KINDS = {
    ActivityKind.TRAINING: (1, "Training", "การฝึกอบรม"),
    ActivityKind.WORKSHOP: (1, "Workshop", "การประชุมเชิงปฏิบัติการ"),
    ActivityKind.STUDY_VISIT: (1, "Study visit", "การศึกษาดูงาน"),
    ActivityKind.EXPERT_MISSION: (2, "Expert mission", "การส่งผู้เชี่ยวชาญ"),
    ActivityKind.VOLUNTEER_ASSIGNMENT: (3, "Volunteer assignment", "การส่งอาสาสมัคร"),
    ActivityKind.EQUIPMENT_DELIVERY: (4, "Equipment delivery", "การส่งมอบอุปกรณ์"),
    ActivityKind.PROMOTION: (5, "Promotion", "การส่งเสริมการขาย"),
    ActivityKind.BUSINESS_PLANNING: (6, "Business planning", "การวางแผนธุรกิจ"),
    ActivityKind.MONITORING_VISIT: (7, "Monitoring visit", "การติดตามผล"),
}
TOPICS = [
    ("honey", "น้ำผึ้ง"),
    ("red rice", "ข้าวแดง"),
    ("dried chilli", "พริกแห้ง"),
    ("mushrooms", "เห็ด"),
    ("handwoven textiles", "ผ้าทอมือ"),
    ("bamboo crafts", "เครื่องจักสานไม้ไผ่"),
    ("herbal soap", "สบู่สมุนไพร"),
    ("packaging and labels", "บรรจุภัณฑ์และฉลาก"),
    ("food safety", "ความปลอดภัยของอาหาร"),
    ("pricing and costs", "การตั้งราคาและต้นทุน"),
]
ORGANISATIONS = {
    "agency": dict(
        name_en="Synthetic cooperation agency (illustrative)",
        name_th="หน่วยงานความร่วมมือ (ตัวอย่าง)",
        kind=OrganisationKind.DONOR,
        country="TH",
        iati_identifier=AGENCY_ID,
    ),
    "ministry": dict(
        name_en="Synthetic foreign ministry (illustrative)",
        name_th="กระทรวงการต่างประเทศ (ตัวอย่าง)",
        kind=OrganisationKind.GOVERNMENT,
        country="TH",
        iati_identifier="TH-SYNTH-MFA",
    ),
    "partner": dict(
        name_en="Synthetic partner ministry, Bhutan (illustrative)",
        kind=OrganisationKind.GOVERNMENT,
        country="BT",
        iati_identifier="",
    ),
    "university": dict(
        name_en="Synthetic university (illustrative)",
        name_th="มหาวิทยาลัย (ตัวอย่าง)",
        kind=OrganisationKind.UNIVERSITY,
        country="TH",
        iati_identifier="",
    ),
}
PARTICIPATIONS = [
    (OrganisationRole.FUNDING, "agency"),
    (OrganisationRole.ACCOUNTABLE, "ministry"),
    (OrganisationRole.EXTENDING, "agency"),
    (OrganisationRole.IMPLEMENTING, "partner"),
    (OrganisationRole.IMPLEMENTING, "university"),
]
SECTORS = [("31120", Decimal(60)), ("32130", Decimal(40))]  # agriculture, SME development
# (English, Thai, measure): each result's indicators.
INDICATORS = [
    ("People trained", "จำนวนผู้ผ่านการฝึกอบรม", IndicatorMeasure.UNIT),
    ("Products market-ready", "ผลิตภัณฑ์ที่พร้อมจำหน่าย", IndicatorMeasure.UNIT),
]
# (type, English, Thai)
RESULTS = [
    (ResultType.OUTPUT, "Producers trained in product development", "ผู้ผลิตได้รับการฝึกอบรม"),
    (ResultType.OUTCOME, "Products reach the market", "ผลิตภัณฑ์เข้าสู่ตลาด"),
    (ResultType.IMPACT, "Incomes of producer groups rise", "รายได้ของกลุ่มผู้ผลิตเพิ่มขึ้น"),
]
# (computation, English, measure, yearly target): the indicators computed from the data.
COMPUTED = [
    (Computation.PEOPLE_TRAINED, "People trained", IndicatorMeasure.UNIT, 20),
    (Computation.PRODUCTS_THREE_STARS, "Products rated 3 stars or more", IndicatorMeasure.UNIT, 5),
    (Computation.PRODUCTS_MARKET_READY, "Products market-ready", IndicatorMeasure.UNIT, 5),
    (Computation.FAIR_SALES, "Sales at fairs", IndicatorMeasure.UNIT, 50_000),
    (Computation.BUDGET_DISBURSED, "Budget disbursed", IndicatorMeasure.PERCENTAGE, 30),
]
# Each person goes to this many learning activities on average (participants ÷ people).
PLACES_PER_PERSON = Decimal("1.6")
PERSON_NAME = "Synthetic trainee"


@transaction.atomic
def generate_programme(
    *,
    activities: int,
    seed: int = 1,
    results: int = 3,
    participants: int = 0,
    producer_groups: Sequence[int] = (),
    computed: bool = False,
) -> Programme:
    """A programme with `activities` activities and `results` results, the same for a seed.

    With `producer_groups` (ids), each activity serves one to three of them; with
    `participants`, that many places on its trainings, workshops and study visits are taken
    by people of those groups; with `computed`, one more result has an indicator for each
    computation, with yearly targets.
    """
    rng = random.Random(seed)
    identifier = f"{AGENCY_ID}-OGOP-{seed}"
    delete_programme(identifier)
    organisations = _organisations()
    programme = Programme.objects.create(
        identifier=identifier,
        title=f"Synthetic OGOP programme {seed}",
        title_en=f"Synthetic OGOP programme {seed}",
        title_th=f"โครงการ OGOP จำลอง {seed}",
        description_en="An illustrative programme generated for tests and benchmarks.",
        description_th="โครงการตัวอย่างที่สร้างขึ้นเพื่อการทดสอบ",
        reporting_organisation=organisations["agency"],
        recipient_country="BT",
        status=ActivityStatus.IMPLEMENTATION,
        start_planned=START,
        end_planned=END,
        start_actual=START,
        currency="THB",
        sdg_goals="17",
        sdg_targets="17.9",
        is_illustrative=True,
    )
    Participation.objects.bulk_create(
        Participation(programme=programme, organisation=organisations[key], role=role)
        for role, key in PARTICIPATIONS
    )
    ProgrammeSector.objects.bulk_create(
        ProgrammeSector(programme=programme, vocabulary="1", code=code, percentage=share)
        for code, share in SECTORS
    )
    components = _components(programme)
    ComponentBudget.objects.bulk_create(
        ComponentBudget(
            component=component,
            year=year,
            amount=Decimal(rng.randint(50, 200) * 10_000),
        )
        for component in components.values()
        for year in range(START.year, END.year + 1)
    )
    made = _activities(programme, components, organisations, rng, activities)
    _transactions(programme, components, organisations, rng, made)
    _results(programme, rng, results)
    # Drawn from their own sequence, so that the rest is the same with or without them.
    more = random.Random(f"{seed}-people")
    groups = _served_groups(made, producer_groups, more)
    if participants:
        _participants(made, groups, more, participants)
    renew_all()  # written in bulk: no signal told the kept results
    if computed:
        _computed_result(programme, position=results)
    return programme


def delete_programme(identifier: str) -> None:
    """Remove an earlier synthetic programme of the same identifier, children first."""
    earlier = Programme.objects.filter(identifier=identifier).first()
    if earlier is None:
        return
    Participant.objects.filter(activity__component__programme=earlier).delete()
    Person.objects.filter(name__startswith=PERSON_NAME, participations__isnull=True).delete()
    Transaction.objects.filter(programme=earlier).delete()
    Activity.objects.filter(component__programme=earlier).delete()
    earlier.delete()


def _organisations() -> dict[str, Organisation]:
    found = {}
    for key, spec in ORGANISATIONS.items():
        found[key], _created = Organisation.objects.update_or_create(
            name_en=spec["name_en"], defaults={**spec, "name": spec["name_en"]}
        )
    return found


def _components(programme: Programme) -> dict[int, Component]:
    made = Component.objects.bulk_create(
        Component(
            programme=programme,
            position=position,
            title=title_en,
            title_en=title_en,
            title_th=title_th,
        )
        for position, (title_en, title_th) in enumerate(DEFAULT_COMPONENTS, start=1)
    )
    return {component.position: component for component in made}


def _activities(
    programme: Programme,
    components: dict[int, Component],
    organisations: dict[str, Organisation],
    rng: random.Random,
    count: int,
) -> list[Activity]:
    areas = list(Area.objects.filter(country="BT").order_by("code").values_list("pk", flat=True))
    kinds = list(KINDS)
    days = (END - START).days
    responsible = [organisations["partner"], organisations["university"], None]
    made: list[Activity] = []
    for first in range(0, count, BATCH):
        batch = []
        for number in range(first + 1, min(first + BATCH, count) + 1):
            kind = rng.choice(kinds)
            position, kind_en, kind_th = KINDS[kind]
            topic_en, topic_th = rng.choice(TOPICS)
            start = START + dt.timedelta(days=rng.randrange(days - 10))
            length = rng.randint(60, 150) if number % 20 == 0 else rng.randint(0, 14)
            end = min(start + dt.timedelta(days=length), END)
            closed = end < CLOSED_BEFORE
            abroad = kind == ActivityKind.STUDY_VISIT
            title_en = f"{kind_en} on {topic_en} ({number})"
            batch.append(
                Activity(
                    component=components[position],
                    kind=kind,
                    title=title_en,
                    title_en=title_en,
                    title_th=f"{kind_th}เรื่อง{topic_th} (ครั้งที่ {number})",
                    description_en=f"{kind_en} for producer groups on {topic_en}.",
                    area_id=None if abroad else rng.choice(areas),
                    country="TH" if abroad else "",
                    start_planned=start,
                    end_planned=end,
                    start_actual=start if closed else None,
                    end_actual=end if closed else None,
                    status=ActivityStatus.CLOSED if closed else ActivityStatus.IMPLEMENTATION,
                    responsible_organisation=rng.choice(responsible),
                    budget=Decimal(rng.randint(2, 50) * 10_000),
                )
            )
        made += Activity.objects.bulk_create(batch)
    return made


def _transactions(
    programme: Programme,
    components: dict[int, Component],
    organisations: dict[str, Organisation],
    rng: random.Random,
    activities: list[Activity],
) -> None:
    agency = organisations["agency"]
    batch = []
    for year in range(START.year, END.year + 1):
        for component in components.values():
            amount = Decimal(rng.randint(20, 80) * 10_000)
            batch.append(
                _transaction(programme, TransactionType.COMMITMENT, dt.date(year, 1, 15), amount)
                | {"component": component, "provider": agency, "receiver": agency}
            )
    for activity in activities:
        receiver = activity.responsible_organisation or organisations["partner"]
        usd = rng.random() < 0.1
        amount = activity.budget / USD_RATE if usd else activity.budget
        spent = amount * Decimal(rng.randint(70, 100)) / 100
        kinds = [(TransactionType.COMMITMENT, activity.start_planned, amount)]
        if activity.status == ActivityStatus.CLOSED:
            kind = rng.choice([TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE])
            kinds.append((kind, activity.end_planned, spent))
        for kind, day, value in kinds:
            batch.append(
                _transaction(programme, kind, day, value, "USD" if usd else "THB")
                | {
                    "component_id": activity.component_id,
                    "activity": activity,
                    "provider": agency,
                    "receiver": receiver,
                    "description": activity.title,
                }
            )
    Transaction.objects.bulk_create((Transaction(**fields) for fields in batch), batch_size=BATCH)


def _transaction(
    programme: Programme, kind: str, day: dt.date, amount: Decimal, currency: str = "THB"
) -> dict:
    amount = amount.quantize(Decimal("0.01"))
    rate = USD_RATE if currency == "USD" else Decimal(1)
    return {
        "programme": programme,
        "kind": kind,
        "date": day,
        "amount": amount,
        "currency": currency,
        "rate": rate,
        "amount_in_programme_currency": (amount * rate).quantize(Decimal("0.01")),
    }


def _results(programme: Programme, rng: random.Random, count: int) -> None:
    dzongkhags = list(
        Area.objects.filter(country="BT", level=1).order_by("code").values_list("code", flat=True)
    )
    made = Result.objects.bulk_create(
        Result(
            programme=programme,
            kind=RESULTS[number % len(RESULTS)][0],
            position=number,
            title=f"{RESULTS[number % len(RESULTS)][1]} ({number + 1})",
            title_en=f"{RESULTS[number % len(RESULTS)][1]} ({number + 1})",
            title_th=f"{RESULTS[number % len(RESULTS)][2]} ({number + 1})",
        )
        for number in range(count)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            result=result,
            position=position,
            title=title_en,
            title_en=title_en,
            title_th=title_th,
            measure=measure,
            baseline_year=2015,
            baseline_value=Decimal(0),
        )
        for result in made
        for position, (title_en, title_th, measure) in enumerate(INDICATORS)
    )
    periods = Period.objects.bulk_create(
        Period(
            indicator=indicator,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            target=Decimal(rng.randint(20, 100)),
            actual=Decimal(rng.randint(10, 100)) if year < END.year else None,
        )
        for indicator in indicators
        for year in range(START.year, END.year + 1)
    )
    rows = []
    for period in periods:
        target = period.target or Decimal(0)
        women = (target * Decimal("0.6")).quantize(Decimal(1))
        female = male = None
        if period.actual is not None:
            female = (period.actual * Decimal("0.55")).quantize(Decimal(1))
            male = period.actual - female
        rows += [
            Disaggregation(
                period=period,
                dimension=Dimension.SEX,
                category="female",
                target=women,
                actual=female,
            ),
            Disaggregation(
                period=period,
                dimension=Dimension.SEX,
                category="male",
                target=target - women,
                actual=male,
            ),
            Disaggregation(
                period=period,
                dimension=Dimension.AREA,
                category=rng.choice(dzongkhags),
                target=Decimal(target / 4).quantize(Decimal(1)),
            ),
        ]
    Disaggregation.objects.bulk_create(rows)


def _served_groups(
    activities: list[Activity], producer_groups: Sequence[int], rng: random.Random
) -> dict[int, list[int]]:
    """Activity id → the ids of the one to three producer groups it serves."""
    if not producer_groups:
        return {}
    served = {
        activity.pk: rng.sample(list(producer_groups), min(len(producer_groups), rng.randint(1, 3)))
        for activity in activities
    }
    through = Activity.producer_groups.through
    through.objects.bulk_create(
        (
            through(activity_id=activity, producergroup_id=group)
            for activity, groups in served.items()
            for group in groups
        ),
        batch_size=BATCH,
    )
    return served


def _participants(
    activities: list[Activity],
    served: dict[int, list[int]],
    rng: random.Random,
    count: int,
) -> None:
    """`count` places on the learning activities, shared evenly, taken by people of the groups
    the activity serves; a person goes to several activities, never twice to one."""
    learning = [activity for activity in activities if activity.kind in LEARNING_KINDS]
    if not learning:
        return
    people_count = max(1, int(count / PLACES_PER_PERSON))
    all_groups = sorted({group for groups in served.values() for group in groups})
    sexes = [Sex.FEMALE] * 11 + [Sex.MALE] * 8 + [""]
    people: list[int] = []
    for first in range(0, people_count, BATCH * 5):
        batch = [
            Person(
                name=f"{PERSON_NAME} {number} (illustrative)",
                sex=rng.choice(sexes),
                producer_group_id=rng.choice(all_groups) if all_groups else None,
            )
            for number in range(first + 1, min(first + BATCH * 5, people_count) + 1)
        ]
        people += [person.pk for person in Person.objects.bulk_create(batch)]
    share, extra = divmod(count, len(learning))
    batch_places: list[Participant] = []
    for index, activity in enumerate(learning):
        seats = min(share + (index < extra), len(people))
        start = activity.start_actual or activity.start_planned
        end = activity.end_actual or activity.end_planned
        days = (end - start).days + 1
        for person in rng.sample(people, seats):
            pre = rng.randint(20, 70)
            batch_places.append(
                Participant(
                    activity=activity,
                    person_id=person,
                    role=ParticipantRole.TRAINEE
                    if rng.random() < 0.95
                    else ParticipantRole.TRAINER,
                    days_attended=Decimal(rng.randint(1, days)),
                    pre_score=Decimal(pre),
                    post_score=Decimal(min(100, pre + rng.randint(0, 35))),
                )
            )
        if len(batch_places) >= BATCH * 5:
            Participant.objects.bulk_create(batch_places)
            batch_places = []
    Participant.objects.bulk_create(batch_places)


def _computed_result(programme: Programme, *, position: int) -> None:
    """A result whose indicators are each computed from the data, with yearly targets."""
    result = Result.objects.create(
        programme=programme,
        kind=ResultType.OUTCOME,
        position=position,
        title="Computed from the platform's data",
        title_en="Computed from the platform's data",
        title_th="คำนวณจากข้อมูลในระบบ",
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            result=result,
            position=index,
            title=title,
            title_en=title,
            measure=measure,
            computation=computation,
            baseline_year=2015,
            baseline_value=Decimal(0),
        )
        for index, (computation, title, measure, _target) in enumerate(COMPUTED)
    )
    Period.objects.bulk_create(
        Period(
            indicator=indicator,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            target=Decimal(target * (year - START.year + 1)),
        )
        for indicator, (_c, _t, _m, target) in zip(indicators, COMPUTED, strict=True)
        for year in range(START.year, END.year + 1)
    )
