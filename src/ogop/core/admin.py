"""What every administration page of a recorded model shares."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin


class FixedOnceMade:
    """Fields given when a record is made and shown read-only after (`fixed_once_made`): what
    the record is, which the services never change once other records hang on it."""

    fixed_once_made: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]  # a mixin: the admin class comes after it
        return [*fields, *self.fixed_once_made] if obj is not None else fields


class HistoryAdmin(SimpleHistoryAdmin):
    """A model's history, to read: a past version is shown, never saved back.

    Saving a past version would write it past the services that keep the rules (a stage move
    records its reason, a sale is voided on its receipt, a closed round and a used rubric
    stay as they were), and whatever the model's own change permission says.
    """

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)
