"""Who may do what with rubrics, assessment rounds and scores."""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from ogop.accounts.models import Role, User
from ogop.accounts.roles import has_role, is_administrator, is_registry_reader

# Programme and partner officers run rounds: create, add products and assessors, close.
is_round_manager = has_role(Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER)
is_assessor_role = has_role(Role.ASSESSOR)


@rules.predicate
def is_assessor_of_round(user: User | AnonymousUser, assessment_round: Any) -> bool:
    """On the round's panel; with no round given, whether the user sits on any panel."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if assessment_round is None:
        return bool(user.assessment_rounds.exists())
    return bool(assessment_round.assessors.filter(pk=user.pk).exists())


rules.add_perm("rating.view_rubric", is_registry_reader)
rules.add_perm("rating.define_rubric", is_administrator)
rules.add_perm("rating.view_round", is_round_manager | is_assessor_role | is_assessor_of_round)
rules.add_perm("rating.manage_round", is_round_manager)
rules.add_perm("rating.score_round", is_assessor_of_round)
