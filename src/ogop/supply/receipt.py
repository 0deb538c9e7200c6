"""A payment's receipt for the producer group: in English, Thai or Dzongkha, as a page that
prints and as a PDF, with the amount in figures and in words and lines to sign.

The receipt is written in its own language, whatever the reader's: everything in it (labels,
the group's and its areas' names, dates, the amount in words) is rendered under that language.
"""

from django.template.loader import render_to_string
from django.utils import translation

from ogop.core.amount_words import amount_in_words
from ogop.core.pdf import font_family, html_to_pdf
from ogop.places.models import Area, Country
from ogop.producers.models import ProducerGroup
from ogop.supply.selectors import PaymentReceipt

# A group's receipt is in its country's language unless another is chosen.
COUNTRY_LANGUAGES: dict[str, str] = {Country.BHUTAN: "dz", Country.THAILAND: "th"}


def receipt_language(group: ProducerGroup) -> str:
    """The language a group's receipt is in by default: Dzongkha in Bhutan, Thai in Thailand."""
    return COUNTRY_LANGUAGES.get(group.area.country, "en")


def _areas(area: Area) -> list[Area]:
    """The group's area and those it is part of (gewog, dzongkhag; tambon, amphoe, province)."""
    areas = []
    current: Area | None = area
    while current is not None:
        areas.append(current)
        current = current.parent
    return areas


def receipt_html(receipt: PaymentReceipt, language: str) -> str:
    """The receipt itself (an <article>), in the language: for a page or a PDF."""
    payment = receipt.payment
    with translation.override(language):
        context = {
            "receipt": receipt,
            "payment": payment,
            "group": payment.group,
            "areas": _areas(payment.group.area),
            "in_words": amount_in_words(payment.amount, payment.currency, language),
            "language": language,
        }
        return render_to_string("supply/_receipt.html", context)


def receipt_pdf(receipt: PaymentReceipt, language: str) -> bytes:
    """The receipt as a PDF of one A4 page, in the language's fonts."""
    with translation.override(language):
        html = render_to_string(
            "supply/receipt_pdf.html",
            {
                "payment": receipt.payment,
                "body": receipt_html(receipt, language),
                "font": font_family(language),
                "language": language,
            },
        )
    return html_to_pdf(html)
