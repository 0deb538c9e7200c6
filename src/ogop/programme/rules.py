"""Who may do what in the cooperation programme.

Programme officers (the donor agency) run it: plan, money, people, results. Partner officers
follow all of it and record what happens in the field: trainings and their participants,
missions, deliveries, promotion, business plans, twinnings. Personal data of trainees and
experts is seen by these officers only. An expert or volunteer reads and reports on their own
missions; a producer reads the business plans and deliveries of the groups they represent.
"""

from typing import Any

import rules

from ogop.accounts.models import Role
from ogop.accounts.roles import has_role, is_producer
from ogop.producers.selectors import represented_group_ids

is_programme_officer = has_role(Role.PROGRAMME_OFFICER)
is_programme_follower = has_role(Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER)
is_expert = has_role(Role.EXPERT) & ~has_role(Role.ADMIN)


@rules.predicate
def own_mission(user: Any, mission: Any) -> bool:
    """The mission is the user's own; with none given, whether they have any."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return False
    return True if mission is None else mission.person_id == person.pk


@rules.predicate
def of_own_group(user: Any, obj: Any) -> bool:
    """A plan or delivery for a group the user represents; with none given, any group."""
    ids = represented_group_ids(user)
    return bool(ids) if obj is None else obj.producer_group_id in ids


# The programme, its plan, money and results.
rules.add_perm("programme.view_programme", is_programme_follower)
rules.add_perm("programme.change_programme", is_programme_officer)
rules.add_perm("programme.add_programme", is_programme_officer)
rules.add_perm("programme.change_plan", is_programme_officer)  # components, budgets, activities
rules.add_perm("programme.view_money", is_programme_follower)
rules.add_perm("programme.change_money", is_programme_officer)  # transactions, exchange rates
rules.add_perm("programme.export_programme", is_programme_follower)  # IATI, XLSX, PDF
# Results framework.
rules.add_perm("results.view_result", is_programme_follower)
rules.add_perm("results.change_result", is_programme_officer)
# People: personal data, staff only.
rules.add_perm("programme.view_person", is_programme_follower)
rules.add_perm("programme.change_person", is_programme_follower)  # people and participants
# Missions: experts and volunteers see and report on their own.
rules.add_perm("programme.view_mission", is_programme_follower | (is_expert & own_mission))
rules.add_perm("programme.change_mission", is_programme_follower)
rules.add_perm("programme.report_mission", is_programme_follower | (is_expert & own_mission))
# Things, promotion, business plans and twinning.
rules.add_perm("programme.view_delivery", is_programme_follower | (is_producer & of_own_group))
rules.add_perm("programme.change_delivery", is_programme_follower)
rules.add_perm("programme.view_promotionitem", is_programme_follower)
rules.add_perm("programme.change_promotionitem", is_programme_follower)
rules.add_perm("programme.view_businessplan", is_programme_follower | (is_producer & of_own_group))
rules.add_perm("programme.change_businessplan", is_programme_follower)
rules.add_perm("programme.view_twinning", is_programme_follower)
rules.add_perm("programme.change_twinning", is_programme_follower)
