from modeltranslation.translator import TranslationOptions, register

from ogop.places.models import Area


@register(Area)
class AreaTranslationOptions(TranslationOptions):
    fields = ("name",)
