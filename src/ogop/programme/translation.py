from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.programme.models import Activity, Component, Programme, PromotionItem


class TitledTranslationOptions(TranslationOptions):
    fields = ("title", "description")


class TitleTranslationOptions(TranslationOptions):
    fields = ("title",)


for model in (Programme, Component, Activity):
    register_translated_with_history(model, TitledTranslationOptions)
register_translated_with_history(PromotionItem, TitleTranslationOptions)
