"""The programme's services record who made each change, whoever calls them: a page, the
demo or a command, with no request to read the user from."""

import datetime as dt
from decimal import Decimal as D

import pytest

from ogop.programme import fieldwork_services, services
from ogop.programme.models import (
    ActivityKind,
    ComponentBudget,
    Mission,
    Participant,
    Person,
    Programme,
    Transaction,
)
from tests.programme.factories import (
    ActivityFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
)

pytestmark = pytest.mark.django_db


def _author(obj):
    return obj.history.order_by("-history_id").first().history_user


def test_a_new_programme_and_its_components_are_recorded_as_the_officers(officer):
    made = ProgrammeFactory.build(reporting_organisation=OrganisationFactory(), components=False)
    programme = services.programme_create(programme=made, user=officer)
    assert _author(programme) == officer
    assert {_author(c) for c in programme.components.all()} == {officer}
    assert Programme.objects.get(pk=programme.pk).components.count() == 7


def test_a_removed_budget_row_is_recorded_as_removed_by_the_officer(officer):
    part = component(ProgrammeFactory(), 2)
    kept = ComponentBudget.objects.create(component=part, year=2017, amount=D("10"))
    gone = ComponentBudget.objects.create(component=part, year=2018, amount=D("20"))
    kept.amount = D("15")
    gone_id = gone.pk
    services.component_update(component=part, budgets=[kept], removed=[gone], user=officer)
    assert _author(kept) == officer
    removal = ComponentBudget.history.get(id=gone_id, history_type="-")
    assert removal.history_user == officer
    assert list(part.budgets.values_list("amount", flat=True)) == [D("15")]


def test_a_transaction_is_recorded_as_the_officers_at_the_days_rate(officer):
    programme = ProgrammeFactory()
    txn = Transaction(
        programme=programme, kind="3", amount=D("5"), currency="THB", date=dt.date(2017, 1, 1)
    )
    services.transaction_record(txn=txn, user=officer)
    assert _author(txn) == officer
    assert txn.amount_in_programme_currency == D("5")


def test_a_participant_and_the_new_person_with_them_are_both_the_officers(officer):
    existing = ParticipantFactory()
    participant = Participant(activity=existing.activity)
    new_person = Person(name="New Trainee")
    fieldwork_services.participant_save(
        participant=participant, new_person=new_person, user=officer
    )
    assert _author(participant) == officer
    assert _author(new_person) == officer
    participant_id = participant.pk
    fieldwork_services.participant_remove(participant=participant, user=officer)
    removal = Participant.history.get(id=participant_id, history_type="-")
    assert removal.history_user == officer


def test_submitting_a_report_dates_it_once(officer):
    mission = Mission.objects.create(
        activity=ActivityFactory(kind=ActivityKind.EXPERT_MISSION),
        person=PersonFactory(),
        kind="expert",
        expertise="Honey processing",
        start=dt.date(2017, 5, 1),
        end=dt.date(2017, 5, 20),
        report="Visited the beekeepers.",
    )
    fieldwork_services.mission_report_save(mission=mission, submit=True, user=officer)
    submitted = mission.report_submitted_on
    assert submitted is not None
    assert _author(mission) == officer
    mission.report_submitted_on = submitted - dt.timedelta(days=3)
    fieldwork_services.mission_report_save(mission=mission, submit=True, user=officer)
    assert mission.report_submitted_on == submitted - dt.timedelta(days=3)
