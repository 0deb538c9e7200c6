from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Codes appear in addresses (/products/<code>/) and in import files: keep them plain.
code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z",
    _("Use letters, digits, dots, hyphens and underscores only, starting with a letter or digit."),
)
