from modeltranslation.translator import TranslationOptions

from ogop.core.history import register_translated_with_history
from ogop.rating.models import Criterion, Rubric, RubricPart


class RubricTranslationOptions(TranslationOptions):
    fields = ("name", "description")


class RubricPartTranslationOptions(TranslationOptions):
    fields = ("name",)


class CriterionTranslationOptions(TranslationOptions):
    fields = ("text", "guidance")


register_translated_with_history(Rubric, RubricTranslationOptions)
register_translated_with_history(RubricPart, RubricPartTranslationOptions)
register_translated_with_history(Criterion, CriterionTranslationOptions)
