"""The roles every permission matrix runs through, and a user of a role who owns what the
matrix calls "own": one list, in the order of the matrices' columns, and one way to sign in.
The `client_as` fixture (tests/conftest.py) puts the two together."""

from typing import Any

from django.test import Client

from ogop.accounts.models import Role, User
from tests.factories import PASSWORD, UserFactory

ANONYMOUS = "anonymous"

# The columns of every permission matrix, in this order:
#   admin officer partner producer expert assessor cashier anonymous
ROLES = [
    Role.ADMIN,
    Role.PROGRAMME_OFFICER,
    Role.PARTNER_OFFICER,
    Role.PRODUCER,
    Role.EXPERT,
    Role.ASSESSOR,
    Role.CASHIER,
    ANONYMOUS,
]


def user_for(
    role: str,
    *,
    group: Any = None,
    booth: Any = None,
    outlet: Any = None,
    assessment_round: Any = None,
    person: Any = None,
) -> User | None:
    """A new user of `role` (None for ANONYMOUS) who owns the "own" objects given: a producer
    represents `group`, a cashier sells at `booth` and keeps `outlet`, an assessor sits on the
    panel of `assessment_round`, an expert is `person`. Any other role owns nothing."""
    if role == ANONYMOUS:
        return None
    user = UserFactory(role=role)
    if role == Role.PRODUCER and group is not None:
        group.representatives.add(user)
    if role == Role.CASHIER and booth is not None:
        booth.cashiers.add(user)
    if role == Role.CASHIER and outlet is not None:
        outlet.staff.add(user)
    if role == Role.ASSESSOR and assessment_round is not None:
        assessment_round.assessors.add(user)
    if role == Role.EXPERT and person is not None:
        person.user = user
        person.save()
    return user


def sign_in(client: Client, user: User | None) -> Client:
    """The test client signed in as `user` with their password; left anonymous for None."""
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client
