"""Errors as JSON with a clear message: {"detail": "…"}, or a list of {"loc", "msg"}."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError

from ogop.api.parser import BodyRefused
from ogop.core.concurrency import VersionMismatch


def validation_detail(exc: ValidationError, *, where: str = "body") -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": [where, field if field != "__all__" else "record"], "msg": str(message)}
            for field, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [{"loc": [where], "msg": str(message)} for message in exc.messages]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A refusal that names its reason (e.g. the field a role may not set) says it.
        detail = str(exc) or _("Your role does not allow this.")
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(VersionMismatch)
    def stale(request: HttpRequest, exc: VersionMismatch) -> HttpResponse:
        response = api.create_response(request, {"detail": str(exc)}, status=412)
        response["ETag"] = exc.current
        return response

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_detail(exc)}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        refused = exc.__cause__
        if not isinstance(refused, BodyRefused):
            return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
        # A body the parser refused (api.parser): a value at fault is named by its place.
        if refused.where is None:
            return api.create_response(request, {"detail": refused.message}, status=400)
        detail = [{"loc": ["body", *refused.where], "msg": refused.message}]
        return api.create_response(request, {"detail": detail}, status=422)
