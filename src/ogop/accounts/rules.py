import rules

from ogop.accounts.roles import is_signed_in

rules.add_perm("accounts.change_own_preferences", is_signed_in)
