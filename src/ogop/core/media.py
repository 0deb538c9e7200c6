"""Uploaded files sent to the browser once a view has decided who may see them.

The bytes are sent by the web server when the settings say how (OGOP_MEDIA_ACCEL: nginx's
X-Accel-Redirect to an internal location, or X-Sendfile), by Django itself otherwise. Only
photos are sent, under a policy that runs nothing: even a file that got in some other way
could not be shown as a page or run as a script.
"""

from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils._os import safe_join
from django.views.static import serve as static_serve

# What uploads may be: photos, re-encoded when they were received (core.images).
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# How long a browser may keep a file: everyone's for an hour, a signed-in user's ten minutes.
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, max-age=600"


def media_response(request: HttpRequest, name: str, *, public: bool) -> HttpResponseBase:
    """The uploaded file `name` (relative to MEDIA_ROOT), which the caller has allowed."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise Http404(name)
    path = safe_join(str(settings.MEDIA_ROOT), name)  # refuses a name that leaves the folder
    response: HttpResponseBase
    if settings.OGOP_MEDIA_ACCEL == "x-accel":
        response = HttpResponse(content_type=MEDIA_TYPES[suffix])
        location = settings.OGOP_MEDIA_ACCEL_LOCATION.rstrip("/")
        response["X-Accel-Redirect"] = f"{location}/{quote(name)}"
    elif settings.OGOP_MEDIA_ACCEL == "x-sendfile":
        response = HttpResponse(content_type=MEDIA_TYPES[suffix])
        response["X-Sendfile"] = path
    else:
        response = static_serve(request, name, document_root=str(settings.MEDIA_ROOT))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    return response
