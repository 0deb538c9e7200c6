import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Codes appear in addresses (/products/<code>/) and in import files: keep them plain.
code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z",
    _("Use letters, digits, dots, hyphens and underscores only, starting with a letter or digit."),
)

# Characters a spreadsheet cannot hold (XML refuses them): the control characters but tab and
# line ends, and the non-characters U+FFFE and U+FFFF. Text holding one could not be exported
# as it is, so it is refused wherever it is given.
UNWRITABLE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def writable_text_validator(value: Any) -> None:
    if isinstance(value, str) and (found := UNWRITABLE_CHARACTER.search(value)):
        raise ValidationError(
            _("Remove the control character %(character)s: text cannot hold it."),
            code="unwritable",
            params={"character": f"U+{ord(found.group()):04X}"},
        )
