import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from stdnum import ean

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


def gtin_normalized(value: str) -> str:
    """A GTIN (GTIN-8, 12, 13 or 14: the number under a barcode) as its 14 digits, the form
    GS1 Digital Link addresses use; spaces and hyphens typed in it are left out. Raises
    ValidationError when it is not one, its check digit included."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        raise ValidationError(
            _("A GTIN has 8, 12, 13 or 14 digits; “%(value)s” is not one."),
            code="gtin",
            params={"value": value},
        )
    if not ean.is_valid(digits):
        raise ValidationError(
            _("The last digit of the GTIN “%(value)s” does not check: look at the number again."),
            code="gtin_check",
            params={"value": value},
        )
    return digits.zfill(14)
