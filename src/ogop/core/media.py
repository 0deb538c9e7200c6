"""Uploaded files sent to the browser once a view has decided who may see them.

Kept on local disk, the bytes are sent by the web server when the settings say how
(OGOP_MEDIA_ACCEL: nginx's X-Accel-Redirect to an internal location, or X-Sendfile), by Django
itself otherwise. Kept in object storage (core.storage), they are read from the bucket and sent
by Django, or, with OGOP_S3_SIGNED_URLS, the browser is redirected to a signed address of the
object that works for OGOP_S3_SIGNED_SECONDS. Only photos are sent, under a policy that runs
nothing: even a file that got in some other way could not be shown as a page or run as a script.
"""

from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils._os import safe_join
from django.views.static import serve as static_serve

from ogop.core.storage import ObjectStorage

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
    """The uploaded file `name` (relative to the storage's root), which the caller has allowed."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise Http404(name)
    cache = PUBLIC_CACHE if public else PRIVATE_CACHE
    response: HttpResponseBase
    if isinstance(default_storage, ObjectStorage):
        response = _from_object_storage(
            default_storage, name, content_type=MEDIA_TYPES[suffix], cache=cache
        )
    elif settings.OGOP_MEDIA_ACCEL == "x-accel":
        safe_join(str(settings.MEDIA_ROOT), name)  # refuses a name that leaves the folder
        response = HttpResponse(content_type=MEDIA_TYPES[suffix])
        location = settings.OGOP_MEDIA_ACCEL_LOCATION.rstrip("/")
        response["X-Accel-Redirect"] = f"{location}/{quote(name)}"
    elif settings.OGOP_MEDIA_ACCEL == "x-sendfile":
        response = HttpResponse(content_type=MEDIA_TYPES[suffix])
        response["X-Sendfile"] = safe_join(str(settings.MEDIA_ROOT), name)
    else:
        response = static_serve(request, name, document_root=str(settings.MEDIA_ROOT))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response.setdefault("Cache-Control", cache)
    return response


def _from_object_storage(
    storage: ObjectStorage, name: str, *, content_type: str, cache: str
) -> HttpResponseBase:
    """The object `name` from the bucket, or a redirect to its signed address."""
    if settings.OGOP_S3_SIGNED_URLS:
        seconds = settings.OGOP_S3_SIGNED_SECONDS
        address = storage.signed_url(
            name,
            seconds=seconds,
            headers={
                "ResponseContentType": content_type,
                "ResponseCacheControl": cache,
                "ResponseContentDisposition": "inline",
            },
        )
        redirect = HttpResponseRedirect(address)
        # The browser follows the redirect again only while the signed address works.
        redirect["Cache-Control"] = f"private, max-age={seconds // 2}"
        return redirect
    try:
        stored = storage.open(name, "rb")
    except FileNotFoundError as missing:
        raise Http404(name) from missing
    return FileResponse(stored, content_type=content_type)
