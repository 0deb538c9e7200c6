from modeltranslation.translator import TranslationOptions

from ogop.accounts.models import Organisation
from ogop.core.history import register_translated_with_history


class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "short_name")


register_translated_with_history(Organisation, OrganisationTranslationOptions)
