"""Serving uploaded images (originals and renditions) in every environment, and nothing else under /media/.

Wagtail stores uploads in the default storage under ``MEDIA_ROOT``: images in
``original_images/``, their renditions (the sizes pages and admin thumbnails use) in
``images/``, and documents in ``documents/``. Images carry no privacy in Wagtail, so their
files may be served to anyone; documents must only ever be served by Wagtail's document
serve view (``/documents/<id>/<name>``), which applies collection privacy. Serving
``/media/`` wholesale (Django's ``static()`` helper in development, or a proxy alias)
would hand out every document to anyone who guessed its file name.

``serve_image_file`` answers ``/media/images/…`` and ``/media/original_images/…`` only;
any other path under ``/media/`` is a 404. Behind nginx, set
``MEDIA_ACCEL_REDIRECT_PREFIX`` to have nginx send the file (``X-Accel-Redirect``) after
this view has checked the path; see README.md, "Running in production".
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

PUBLIC_MEDIA_FOLDERS = ("images", "original_images")
CACHE_SECONDS = 60 * 60 * 24


def public_media_path(path: str) -> str:
    """Return ``path`` (relative to ``MEDIA_ROOT``, "/"-separated) if it names a file in an image folder.

    Raises ``Http404`` for anything else: another folder (``documents/``), an absolute path,
    ``..`` or ``.`` segments, backslashes or NUL characters.
    """
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        raise Http404("No such image.")
    parts = PurePosixPath(path).parts
    if len(parts) < 2 or parts[0] not in PUBLIC_MEDIA_FOLDERS or any(part in ("..", ".") for part in parts):
        raise Http404("No such image.")
    return "/".join(parts)


@require_safe
def serve_image_file(request: HttpRequest, path: str) -> HttpResponse:
    """Send the image file ``path`` (from the URL after ``/media/``) from the default storage.

    Answers 404 for anything that is not an existing file in ``images/`` or
    ``original_images/``. Responses may be cached for a day (renditions get new names
    when an image's file or focal point changes). With ``settings.MEDIA_ACCEL_REDIRECT_PREFIX``
    set (e.g. ``/protected-media/``), returns an empty response whose ``X-Accel-Redirect``
    header tells nginx to send the file from its ``internal`` location of that name.
    """
    name = public_media_path(path)
    try:
        if not default_storage.exists(name):
            raise Http404("No such image.")
    except SuspiciousFileOperation:
        raise Http404("No such image.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
