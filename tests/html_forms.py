"""What a browser sends for a form of a page: to submit a page's form exactly as it is shown."""

from typing import Any

import lxml.html


def disabled(element: Any) -> bool:
    """Not sent: disabled itself, or inside a disabled fieldset."""
    if "disabled" in element.attrib:
        return True
    return any("disabled" in fieldset.attrib for fieldset in element.iterancestors("fieldset"))


def _textarea_value(element: Any) -> str:
    # The HTML parsing rules drop one newline right after <textarea>.
    text = element.text or ""
    return text[1:] if text.startswith("\n") else text


def form_data(form: Any) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser sends for `form`, submitted with its first button."""
    data: list[tuple[str, str]] = []
    button_sent = False
    for element in form.iter("input", "select", "textarea", "button"):
        name = element.get("name")
        if disabled(element):
            continue
        tag = element.tag
        kind = (element.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag == "button" or kind in ("submit", "image"):
            if kind == "submit" and not button_sent:
                button_sent = True
                if name:
                    data.append((name, element.get("value", "")))
            continue
        if not name or kind in ("reset", "file"):
            continue
        if tag == "textarea":
            data.append((name, _textarea_value(element)))
        elif tag == "select":
            options = list(element.iter("option"))
            chosen = [o for o in options if "selected" in o.attrib]
            if not chosen and "multiple" not in element.attrib and options:
                # A single choice with nothing selected sends its first option.
                chosen = [next((o for o in options if "disabled" not in o.attrib), options[0])]
            for option in chosen:
                value = option.get("value")
                data.append((name, option.text_content() if value is None else value))
        elif kind in ("checkbox", "radio"):
            if "checked" in element.attrib:
                data.append((name, element.get("value", "on")))
        else:
            data.append((name, element.get("value", "")))
    return data


def as_post(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def shape(form: Any) -> tuple[tuple[str, str, str], ...]:
    """The form's fields, by name, element and type, whatever their values."""
    return tuple(
        (element.get("name") or "", element.tag, element.get("type") or "")
        for element in form.iter("input", "select", "textarea")
        if not disabled(element)
    )


def has_fields(form: Any) -> bool:
    """A form with something to fill in, not only hidden inputs and buttons."""
    for element in form.iter("input", "select", "textarea"):
        kind = (element.get("type") or "text").lower()
        if kind not in ("hidden", "submit", "image", "reset", "button") and not disabled(element):
            return True
    return False


def parse(content: bytes) -> Any:
    """The page (or htmx fragment) as an lxml document; None for an empty answer."""
    return lxml.html.document_fromstring(content) if content.strip() else None


def page_form(content: bytes, action: str) -> Any:
    """The form of the page posted to `action`."""
    page = parse(content)
    forms = [form for form in page.iter("form") if form.get("action") in (action, "", None)]
    assert len(forms) == 1, f"{len(forms)} forms posted to {action}"
    return forms[0]


def prefilled(form: Any) -> bool:
    """A form that shows a record: some box or text area of it holds a value."""
    for element in form.iter("input", "textarea"):
        kind = (element.get("type") or "text").lower()
        if kind in ("hidden", "submit", "image", "reset", "button", "checkbox", "radio", "file"):
            continue
        value = _textarea_value(element) if element.tag == "textarea" else element.get("value")
        if value:
            return True
    return False
