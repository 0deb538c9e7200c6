from modeltranslation.translator import TranslationOptions, register

from ogop.accounts.models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "short_name")
