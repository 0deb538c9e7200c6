"""Checks run when the platform starts (`ogop check`): the merchant QR scheme's ids that the
server's settings give every fair in ngultrum are ids a QR code can carry."""

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError

from ogop.fairs.payment_qr import validate_account_id, validate_scheme_id


@checks.register()
def merchant_qr_settings(**kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for name, validate in [
        ("OGOP_MERCHANT_QR_SCHEME_ID", validate_scheme_id),
        ("OGOP_MERCHANT_QR_ACQUIRER_ID", validate_account_id),
    ]:
        value = getattr(settings, name)
        if not value:
            continue
        try:
            validate(value)
        except ValidationError as error:
            errors.append(
                checks.Error(f"{name}={value!r}: {' '.join(error.messages)}", id="fairs.E001")
            )
    return errors
