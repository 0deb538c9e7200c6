import rules

from ogop.accounts.models import Role
from ogop.accounts.roles import has_role, is_signed_in

rules.add_perm("accounts.change_own_preferences", is_signed_in)

# Read every change recorded in a day, across the platform (user accounts' changes:
# administrators only, see accounts.audit).
rules.add_perm("accounts.view_audit", has_role(Role.PROGRAMME_OFFICER))
