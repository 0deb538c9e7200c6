"""Template helpers of the public catalog."""

import json
import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def highlight(context: Any, text: str | None) -> SafeString:
    """The text, escaped, with each term searched for (the context's `terms`) marked."""
    return mark_terms(text, context.get("terms"))


def mark_terms(text: str | None, terms: list[str] | None) -> SafeString:
    """The text, escaped, with each term marked (<mark>), in any letter case."""
    escaped = escape(text or "")
    words = sorted({t for t in terms or [] if t}, key=len, reverse=True)
    if not words:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(escape(word)) for word in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


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
    query["lang"] = code
    return f"{request.path}?{query.urlencode()}"
