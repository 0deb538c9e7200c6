"""Request bodies are read for what they are, whatever their Content-Type claims: JSON in
UTF-8 (or the UTF-16/32 that JSON allows), holding no NUL character, no number that is not
finite or beyond a 64-bit integer, and nested no deeper than any record of the API needs.
Anything else is refused with a 4xx that says what and where (api.errors), never a 500."""

import json
import math
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser
from ninja.types import DictStrAny

# No record of the API nests deeper; a body that does is not one of them.
MAX_DEPTH = 32
MAX_INTEGER = 2**63 - 1


class BodyRefused(Exception):
    """A body that is not acceptable JSON: `where` is the path of the value at fault."""

    def __init__(self, message: str, *, where: list[str | int] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class _Bad:
    """A value the JSON reader met and the API refuses, found with its place by the walk."""

    def __init__(self, message: str) -> None:
        self.message = message


def _float(text: str) -> Any:
    value = float(text)
    return (
        value
        if math.isfinite(value)
        else _Bad(_("The number %(n)s is too large.") % {"n": text[:40]})
    )


def _int(text: str) -> Any:
    try:
        value = int(text)
    except ValueError:  # beyond Python's digit limit for reading a number
        value = MAX_INTEGER + 1
    return (
        value
        if abs(value) <= MAX_INTEGER
        else _Bad(_("The number %(n)s… is too large.") % {"n": text[:40]})
    )


def _constant(text: str) -> Any:
    return _Bad(_("%(constant)s is not a number JSON allows.") % {"constant": text})


def _check(data: Any) -> None:
    """Walk the body (without recursion) for refused values, NUL characters and depth."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            raise BodyRefused(
                _("The body is nested deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}
            )
        if isinstance(value, _Bad):
            raise BodyRefused(value.message, where=where)
        if isinstance(value, str) and "\x00" in value:
            raise BodyRefused(_("A NUL character, which no text may hold."), where=where)
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise BodyRefused(_("A NUL character, which no text may hold."), where=where)
                stack.append((item, [*where, key]))
        elif isinstance(value, list):
            stack.extend((item, [*where, index]) for index, item in enumerate(value))


class StrictJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        try:
            data = json.loads(
                request.body, parse_float=_float, parse_int=_int, parse_constant=_constant
            )
        except UnicodeDecodeError as exc:
            raise BodyRefused(_("The body is not text in UTF-8: send JSON in UTF-8.")) from exc
        except RecursionError as exc:
            raise BodyRefused(
                _("The body is nested deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}
            ) from exc
        except ValueError as exc:
            raise BodyRefused(
                _("The body is not valid JSON (%(error)s).") % {"error": str(exc)[:200]}
            ) from exc
        _check(data)
        return cast(DictStrAny, data)
