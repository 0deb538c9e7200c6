"""Django's own texts that the platform's pages show, listed here so that the platform's
catalogs translate them.

Django ships no Dzongkha, so its month names, form errors and the login form's labels would
reach a Dzongkha reader in English. The catalogs in LOCALE_PATHS come before Django's own, and
`makemessages` collects the texts below into them; the msgids must stay exactly Django's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

# The login form and a user's own names (django.contrib.auth).
ACCOUNT = [
    gettext_noop("username"),
    gettext_noop("Password"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    gettext_noop("email address"),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
]

# Form errors (django.forms and django.core.validators).
FORM_ERRORS = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]

# File sizes (the filesizeformat filter), as upload limits are shown.
FILE_SIZES = [gettext_noop("%s KB"), gettext_noop("%s MB"), gettext_noop("%s GB")]
