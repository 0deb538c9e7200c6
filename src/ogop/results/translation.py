from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.results.models import Indicator, Result


class TitledTranslationOptions(TranslationOptions):
    fields = ("title", "description")


for model in (Result, Indicator):
    register_translated_with_history(model, TitledTranslationOptions)
