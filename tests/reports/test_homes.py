"""Each role's home (/staff/): what it lists, what it does not, where each item leads, and
a number of queries that does not grow with the data."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from ogop.accounts.models import Role, User
from ogop.products.models import Certification
from ogop.products.services import product_photo_add
from ogop.programme.models import ActivityStatus, Mission, MissionKind
from ogop.rating.models import AssessmentRound, Criterion, Rubric
from ogop.rating.services import assessment_submit, round_close, round_create, scores_save
from tests.core_images import png_bytes
from tests.factories import PASSWORD, ProductFactory
from tests.fairs.factories import BoothFactory, FairFactory
from tests.programme.factories import ActivityFactory, PersonFactory, ProgrammeFactory

HOME = "/staff/"


def today() -> dt.date:
    return timezone.localdate()


def signed_in(client: Any, user: User) -> Any:
    client.login(username=user.username, password=PASSWORD)
    return client


def photographed(product: Any) -> Any:
    product_photo_add(product=product, image=ContentFile(png_bytes((40, 30)), name="a.png"))
    return product


def test_the_home_is_the_staff_overview_address() -> None:
    assert reverse("home") == HOME


# Producer ------------------------------------------------------------------------------------


def test_a_producer_sees_their_products_with_what_each_lacks(client, producer, group, other_group):
    bare = ProductFactory(producer_group=group, name_en="Buckwheat noodles", code="BT-NOO")
    complete = photographed(
        ProductFactory(producer_group=group, name_th="ชีส", name_dz="ཆུ་ར", code="BT-CHE")
    )
    ProductFactory(producer_group=other_group, name_en="Someone else's honey", code="BT-HON")

    page = signed_in(client, producer).get(HOME)

    assert page.status_code == 200
    assert "reports/home_producer.html" in [t.name for t in page.templates]
    edit = reverse("product_edit", args=[bare.code])
    for anchor in ("id_photo", "id_name_th", "id_name_dz"):
        assert f'href="{edit}#{anchor}"' in page.text
    assert "Buckwheat noodles" in page.text
    assert "1 product lacks something the catalog shows." in page.text
    assert reverse("product_edit", args=[complete.code]) not in page.text
    assert "Someone else" not in page.text
    assert "BT-HON" not in page.text
    # their group, with the names it lacks
    assert f'href="{reverse("producer_group_edit", args=[group.code])}#id_name_th"' in page.text
    assert other_group.code not in page.text


def test_a_producer_is_asked_to_renew_an_expired_certification_only(client, producer, group):
    expired = ProductFactory(producer_group=group, code="BT-OLD")
    valid = ProductFactory(producer_group=group, code="BT-NEW")
    Certification.objects.create(
        product=expired, kind="organic", valid_until=today() - dt.timedelta(days=1)
    )
    Certification.objects.create(
        product=valid, kind="organic", valid_until=today() + dt.timedelta(days=1)
    )

    page = signed_in(client, producer).get(HOME)

    assert f'href="{expired.get_absolute_url()}#certifications"' in page.text
    assert f'href="{valid.get_absolute_url()}#certifications"' not in page.text
    assert page.text.count("Renew the expired certification") == 1


def test_a_producer_with_nothing_missing_is_told_so(client, producer, group):
    group.name_th, group.name_dz = "กลุ่ม", "སྡེ་ཚན"
    group.save()
    photographed(ProductFactory(producer_group=group, name_th="ชีส", name_dz="ཆུ་ར"))

    page = signed_in(client, producer).get(HOME)

    assert "Nothing is missing" in page.text
    assert "#id_" not in page.text


# Officer -------------------------------------------------------------------------------------


@pytest.fixture
def rubric(db: None) -> Rubric:
    return Rubric.objects.get(code="ocop-vn", is_active=True)


def submit_all(assessment_round: AssessmentRound, assessor: User, product: Any) -> None:
    criteria = Criterion.objects.filter(part__rubric=assessment_round.rubric)
    scores_save(
        assessment_round=assessment_round,
        assessor=assessor,
        product=product,
        points={criterion.pk: Decimal(0) for criterion in criteria},
    )
    assessment_submit(assessment_round=assessment_round, assessor=assessor, product=product)


def test_an_officer_sees_what_needs_attention_and_not_what_does_not(
    client, officer, group, rubric, make_user
):
    programme = ProgrammeFactory(end_planned=today() + dt.timedelta(days=400))
    component = programme.components.get(position=1)
    late = ActivityFactory(
        component=component,
        title="Packaging training",
        start_planned=today() - dt.timedelta(days=20),
        end_planned=today() - dt.timedelta(days=10),
    )
    ActivityFactory(component=component, title="Finished workshop", status=ActivityStatus.CLOSED)
    ActivityFactory(
        component=component,
        title="Future fair",
        start_planned=today() + dt.timedelta(days=10),
        end_planned=today() + dt.timedelta(days=12),
    )
    soon = ProductFactory(producer_group=group, name_en="Soon expiring cheese")
    Certification.objects.create(
        product=soon, kind="organic", valid_until=today() + dt.timedelta(days=30)
    )
    far = photographed(ProductFactory(producer_group=group, name_en="Long valid honey"))
    Certification.objects.create(
        product=far, kind="organic", valid_until=today() + dt.timedelta(days=300)
    )
    assessor = make_user(Role.ASSESSOR)
    due = round_create(
        name="Panel due", date=today(), rubric=rubric, user=officer, assessors=[assessor]
    )
    round_create(
        name="Panel to come",
        date=today() + dt.timedelta(days=5),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
    )
    closed = round_create(
        name="Panel closed", date=today() - dt.timedelta(days=5), rubric=rubric, user=officer
    )
    round_close(assessment_round=closed, user=officer)

    page = signed_in(client, officer).get(HOME)

    assert "reports/home_officer.html" in [t.name for t in page.templates]
    assert f'href="{reverse("activity_detail", args=[late.pk])}"' in page.text
    assert "Finished workshop" not in page.text
    assert "Future fair" not in page.text
    assert f'href="{soon.get_absolute_url()}#certifications"' in page.text
    assert "Long valid honey" not in page.text  # its certification is far off, it has a photo
    assert f'href="{reverse("product_edit", args=[soon.code])}#id_photo"' in page.text
    assert f'href="{due.get_absolute_url()}"' in page.text
    assert "Panel to come" not in page.text
    assert "Panel closed" not in page.text


def test_an_officer_sees_the_first_products_without_photos_and_a_link_to_all(
    client, officer, group
):
    ProductFactory.create_batch(12, producer_group=group)

    page = signed_in(client, officer).get(HOME)

    assert page.text.count("#id_photo") == 10
    assert "and 2 more" in page.text
    assert f'href="{reverse("product_list")}?photo=no"' in page.text


def test_an_administrator_lands_on_the_officers_home(client, make_user):
    page = signed_in(client, make_user(Role.ADMIN)).get(HOME)
    assert "reports/home_officer.html" in [t.name for t in page.templates]
    assert "Nothing needs your attention today." in page.text


def test_a_partner_officer_lands_on_the_programmes_dashboard(client, make_user):
    ProgrammeFactory(status=ActivityStatus.CLOSED, start_planned=dt.date(2010, 1, 1))
    current = ProgrammeFactory()
    ProgrammeFactory(status=ActivityStatus.CLOSED, start_planned=dt.date(2012, 1, 1))
    page = signed_in(client, make_user(Role.PARTNER_OFFICER)).get(HOME)
    assert page.status_code == 302
    assert page.url == reverse("programme_dashboard", args=[current.pk])


def test_a_partner_officer_without_programme_sees_what_needs_attention(client, make_user):
    page = signed_in(client, make_user(Role.PARTNER_OFFICER)).get(HOME)
    assert page.status_code == 200
    assert "reports/home_officer.html" in [t.name for t in page.templates]


# Assessor ------------------------------------------------------------------------------------


def test_an_assessor_sees_the_products_awaiting_their_scores_in_their_rounds_only(
    client, officer, rubric, make_user
):
    assessor, colleague = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    waiting, done = ProductFactory(name_en="Waiting chilli"), ProductFactory(name_en="Done tea")
    mine = round_create(
        name="My panel",
        date=today(),
        rubric=rubric,
        user=officer,
        assessors=[assessor, colleague],
        products=[waiting, done],
    )
    submit_all(mine, assessor, done)
    finished = round_create(
        name="Finished panel",
        date=today(),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
        products=[done],
    )
    submit_all(finished, assessor, done)
    round_create(
        name="Their panel",
        date=today(),
        rubric=rubric,
        user=officer,
        assessors=[colleague],
        products=[ProductFactory(name_en="Their soap")],
    )
    closed = round_create(
        name="Closed panel", date=today(), rubric=rubric, user=officer, assessors=[assessor]
    )
    round_close(assessment_round=closed, user=officer)

    page = signed_in(client, assessor).get(HOME)

    assert "reports/home_assessor.html" in [t.name for t in page.templates]
    assert f'href="{reverse("assessment_score", args=[mine.pk, waiting.code])}"' in page.text
    assert reverse("assessment_score", args=[mine.pk, done.code]) not in page.text
    assert "Finished panel" in page.text
    assert "You have submitted your scores of every product of this round." in page.text
    assert "Their panel" not in page.text
    assert "Their soap" not in page.text
    assert "Closed panel" not in page.text


# Expert --------------------------------------------------------------------------------------


def mission(person: Any, expertise: str, start: dt.date, end: dt.date, **extra: Any) -> Mission:
    return Mission.objects.create(
        person=person, kind=MissionKind.EXPERT, expertise=expertise, start=start, end=end, **extra
    )


def test_an_expert_sees_their_reports_due_and_missions_to_come(client, make_user):
    expert, colleague = make_user(Role.EXPERT), make_user(Role.EXPERT)
    me, them = PersonFactory(user=expert), PersonFactory(user=colleague)
    day = dt.timedelta(days=1)
    due = mission(me, "Cheese making", today() - 20 * day, today() - 2 * day)
    mission(
        me,
        "Reported packaging",
        today() - 40 * day,
        today() - 30 * day,
        report="Done.",
        report_submitted_on=today() - 29 * day,
    )
    under_way = mission(me, "Weaving", today() - day, today() + day)
    to_come = mission(me, "Branding", today() + 10 * day, today() + 20 * day)
    mission(them, "Their honey", today() - 20 * day, today() - 2 * day)

    page = signed_in(client, expert).get(HOME)

    assert "reports/home_expert.html" in [t.name for t in page.templates]
    assert f'href="{reverse("mission_report", args=[due.pk])}"' in page.text
    assert page.text.count("Write the report") == 1
    assert "Reported packaging" not in page.text
    assert f'href="{reverse("mission_detail", args=[under_way.pk])}"' in page.text
    assert f'href="{reverse("mission_detail", args=[to_come.pk])}"' in page.text
    assert "Their honey" not in page.text
    assert "All my missions (4)" in page.text


# Cashier -------------------------------------------------------------------------------------


def test_a_cashier_sees_their_counters_open_today_and_those_to_come(client, make_user):
    cashier, colleague = make_user(Role.CASHIER), make_user(Role.CASHIER)
    open_today = BoothFactory(name="Bhutan pavilion", cashiers=[cashier])
    BoothFactory(name="Their booth", cashiers=[colleague])
    over = FairFactory(
        starts_on=today() - dt.timedelta(days=9), ends_on=today() - dt.timedelta(days=5)
    )
    BoothFactory(fair=over, name="Last year's booth", cashiers=[cashier])
    coming = FairFactory(
        name="Next fair",
        starts_on=today() + dt.timedelta(days=5),
        ends_on=today() + dt.timedelta(days=9),
    )
    BoothFactory(fair=coming, name="Next booth", cashiers=[cashier])

    page = signed_in(client, cashier).get(HOME)

    assert "reports/home_cashier.html" in [t.name for t in page.templates]
    counter = reverse("fair_counter", args=[open_today.fair.code, open_today.code])
    assert f'href="{counter}"' in page.text
    assert "Open the counter of Bhutan pavilion" in page.text
    assert "Their booth" not in page.text
    assert "Last year" not in page.text
    assert "Next booth" in page.text
    assert "Counters of fairs to come" in page.text
    assert "0 groups" not in page.text


def test_a_cashier_without_a_counter_today_is_told_so(client, make_user):
    page = signed_in(client, make_user(Role.CASHIER)).get(HOME)
    assert "No counter of yours is open today." in page.text


# Query counts --------------------------------------------------------------------------------


def _officer_data(n: int, officer: User, rubric: Rubric) -> None:
    programme = ProgrammeFactory(end_planned=today() + dt.timedelta(days=400))
    for index in range(n):
        ActivityFactory(
            component=programme.components.get(position=1),
            start_planned=today() - dt.timedelta(days=20),
            end_planned=today() - dt.timedelta(days=10),
        )
        product = ProductFactory()
        Certification.objects.create(product=product, kind="organic", valid_until=today())
        round_create(
            name=f"Round {index}", date=today(), rubric=rubric, user=officer, products=[product]
        )


def _producer_data(n: int, producer: User, group: Any) -> None:
    for _index in range(n):
        product = photographed(ProductFactory(producer_group=group))
        Certification.objects.create(product=product, kind="organic", valid_until=today())


def _assessor_data(n: int, assessor: User, officer: User, rubric: Rubric) -> None:
    for index in range(n):
        round_create(
            name=f"Round {index}",
            date=today(),
            rubric=rubric,
            user=officer,
            assessors=[assessor],
            products=ProductFactory.create_batch(2),
        )


def _expert_data(n: int, expert: User) -> None:
    person = getattr(expert, "person", None) or PersonFactory(user=expert)
    for index in range(n):
        start = today() + dt.timedelta(days=index - 3)
        mission(person, f"Mission {index}", start, start + dt.timedelta(days=2))


def _cashier_data(n: int, cashier: User) -> None:
    for _index in range(n):
        BoothFactory(cashiers=[cashier])


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_OFFICER, Role.PRODUCER, Role.ASSESSOR, Role.EXPERT, Role.CASHIER]
)
def test_each_home_reads_a_number_of_queries_that_does_not_grow(
    client, django_assert_max_num_queries, role, officer, group, rubric, make_user
):
    user = officer if role == Role.PROGRAMME_OFFICER else make_user(role)
    if role == Role.PRODUCER:
        group.representatives.add(user)
    build: dict[str, Callable[[int], None]] = {
        Role.PROGRAMME_OFFICER: lambda n: _officer_data(n, officer, rubric),
        Role.PRODUCER: lambda n: _producer_data(n, user, group),
        Role.ASSESSOR: lambda n: _assessor_data(n, user, officer, rubric),
        Role.EXPERT: lambda n: _expert_data(n, user),
        Role.CASHIER: lambda n: _cashier_data(n, user),
    }
    signed_in(client, user)
    build[role](2)
    with django_assert_max_num_queries(25) as few:
        assert client.get(HOME).status_code == 200
    build[role](12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(HOME).status_code == 200
