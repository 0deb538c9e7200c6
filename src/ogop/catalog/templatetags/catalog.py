"""Template helpers of the public catalog."""

import json
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ogop.catalog.search import Plan
from ogop.catalog.segmentation import thai_parts, word_spans
from ogop.core.middleware import LANGUAGE_PARAMETER, chosen_language

register = template.Library()


@register.simple_tag(takes_context=True)
def highlight(context: Any, text: str | None) -> SafeString:
    """The text, escaped, with each word the search matched (the context's `terms`) marked."""
    return mark_terms(text, context.get("terms"))


def mark_terms(text: str | None, terms: Plan | None) -> SafeString:
    """The text, escaped, with each whole word the search matched marked (<mark>): a word
    the query holds, one it starts (the last word typed), or a compound holding one. Never
    letters inside another word: ชา (tea) does not mark ชาม (bowl)."""
    text = text or ""
    if terms is None:
        return mark_safe(escape(text))
    pieces: list[str] = []
    done = 0
    for start, end, word in word_spans(text):
        if _matched(word, terms):
            pieces += [escape(text[done:start]), "<mark>", escape(text[start:end]), "</mark>"]
            done = end
    pieces.append(escape(text[done:]))
    return mark_safe("".join(pieces))


def _matched(word: str, terms: Plan) -> bool:
    return (
        word in terms.words
        or any(word.startswith(prefix) for prefix in terms.prefixes)
        or any(part in terms.words for part in thai_parts(word))
    )


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """Structured data for a <script type="application/ld+json"> block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return mark_safe(text)


@register.simple_tag(takes_context=True)
def language_url(context: dict[str, Any], code: str) -> str:
    """This page in another language (the `lang` parameter, kept with the others)."""
    request = context["request"]
    query = request.GET.copy()
    query[LANGUAGE_PARAMETER] = code
    return f"{request.path}?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def catalog_url(context: dict[str, Any], name: str, *args: Any, **query: Any) -> str:
    """The address of a page (`{% url %}`'s name and arguments), with `query`, and the
    language the reader chose by address (`?lang=th`), so that the choice holds on the next
    click even where no cookie is kept."""
    values = QueryDict(mutable=True)
    values.update({key: value for key, value in query.items() if value not in (None, "")})
    if code := chosen_language(context["request"]):
        values[LANGUAGE_PARAMETER] = code
    address = reverse(name, args=args)
    return f"{address}?{values.urlencode()}" if values else address


@register.simple_tag(takes_context=True)
def language_field(context: dict[str, Any]) -> str:
    """A form's hidden field that carries the language the reader chose by address."""
    if code := chosen_language(context["request"]):
        return format_html('<input type="hidden" name="{}" value="{}">', LANGUAGE_PARAMETER, code)
    return ""
