"""What a receipt says besides its figures: the amount in words."""

from decimal import Decimal

from pythainlp.util import bahttext


def amount_in_words(amount: Decimal, currency: str) -> str:
    """The amount in Thai words for a baht receipt ('หนึ่งร้อยบาทถ้วน'); empty otherwise.

    bahttext takes a float: exact enough for a receipt's two decimals.
    """
    if currency != "THB":
        return ""
    return str(bahttext(float(amount)))
