from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.programme.models import Component, Programme


class TitledTranslationOptions(TranslationOptions):
    fields = ("title", "description")


for model in (Programme, Component):
    register_translated_with_history(model, TitledTranslationOptions)
