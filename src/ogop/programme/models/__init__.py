"""The cooperation programme. This is its core; the plan, money, people and results build on it.

The models live by subject in the modules of this package; every public name is here too, so
`from ogop.programme.models import X` serves wherever X is defined.
"""

from ogop.programme.models.dates import dated_errors, end_not_before_start, within_programme
from ogop.programme.models.fieldwork import (
    Delivery,
    Mission,
    MissionKind,
    PromotionItem,
    PromotionKind,
    Twinning,
    TwinningVisit,
    VisitDirection,
)
from ogop.programme.models.money import (
    SPENT_TYPES,
    BusinessPlan,
    ComponentBudget,
    ExchangeRate,
    Transaction,
    TransactionType,
)
from ogop.programme.models.people import Participant, ParticipantRole, Person, Sex
from ogop.programme.models.plan import (
    LEARNING_KINDS,
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    ActivityStatus,
    Component,
    OrganisationRole,
    Participation,
    Programme,
    ProgrammeSector,
)

__all__ = [
    "LEARNING_KINDS",
    "OPEN_STATUSES",
    "SPENT_TYPES",
    "Activity",
    "ActivityKind",
    "ActivityStatus",
    "BusinessPlan",
    "Component",
    "ComponentBudget",
    "Delivery",
    "ExchangeRate",
    "Mission",
    "MissionKind",
    "OrganisationRole",
    "Participant",
    "ParticipantRole",
    "Participation",
    "Person",
    "Programme",
    "ProgrammeSector",
    "PromotionItem",
    "PromotionKind",
    "Sex",
    "Transaction",
    "TransactionType",
    "Twinning",
    "TwinningVisit",
    "VisitDirection",
    "dated_errors",
    "end_not_before_start",
    "within_programme",
]
