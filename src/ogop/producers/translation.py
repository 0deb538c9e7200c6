from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.producers.models import ProducerGroup


class ProducerGroupTranslationOptions(TranslationOptions):
    fields = ("name", "story")


register_translated_with_history(ProducerGroup, ProducerGroupTranslationOptions)
