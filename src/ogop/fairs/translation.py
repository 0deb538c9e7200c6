from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.fairs.models import Fair


class FairTranslationOptions(TranslationOptions):
    fields = ("name", "theme", "venue", "city")


register_translated_with_history(Fair, FairTranslationOptions)
