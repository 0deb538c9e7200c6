from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.products.models import Product


class ProductTranslationOptions(TranslationOptions):
    fields = ("name", "description")


register_translated_with_history(Product, ProductTranslationOptions)
