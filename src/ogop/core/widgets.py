from typing import Any

from django import forms
from django.urls import reverse


class SuggestInput(forms.TextInput):
    """A text input for a code, with suggestions fetched by htmx as the user types a name."""

    template_name = "core/widgets/suggest_input.html"

    def __init__(self, url_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        # Where the suggestions come from, when their address has arguments (a fair's booth).
        self.url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["attrs"].update({"list": f"{widget_id}_options", "autocomplete": "off"})
        context["widget"]["suggest_url"] = self.url or reverse(self.url_name)
        context["widget"]["datalist_id"] = f"{widget_id}_options"
        return context
