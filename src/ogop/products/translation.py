from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.products.models import Product, Stage


class ProductTranslationOptions(TranslationOptions):
    fields = ("name", "description")


register_translated_with_history(Product, ProductTranslationOptions)


class StageTranslationOptions(TranslationOptions):
    fields = ("name",)


register_translated_with_history(Stage, StageTranslationOptions)
