import rules

from ogop.accounts.roles import is_administrator, is_signed_in

rules.add_perm("accounts.change_own_preferences", is_signed_in)

# Read every change recorded in a day, across the platform.
rules.add_perm("accounts.view_audit", is_administrator)
