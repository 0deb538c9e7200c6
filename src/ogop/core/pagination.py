"""Cursor pagination for the API's lists: an opaque, signed cursor, so a page cannot be forged
or skipped into."""

from typing import Any

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError

# The salt the cursors were first signed with: a cursor handed out before stays good.
SALT = "ogop.api.cursor"
MAX_LIMIT = 200


class PageInfo(Schema):
    next_cursor: str | None = None


def page(
    queryset: QuerySet[Any], *, cursor: str | None, limit: int, key: str = "code"
) -> tuple[list[Any], str | None]:
    """The items after the cursor, in `key` order, and the cursor of the next page."""
    if cursor:
        try:
            after = signing.loads(cursor, salt=SALT)["after"]
        except (signing.BadSignature, KeyError, TypeError) as exc:
            raise HttpError(400, _("The cursor is not valid: start again without it.")) from exc
        queryset = queryset.filter(**{f"{key}__gt": after})
    limit = max(1, min(limit, MAX_LIMIT))
    items = list(queryset.order_by(key)[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = signing.dumps({"after": getattr(items[-1], key)}, salt=SALT)
    return items, next_cursor
