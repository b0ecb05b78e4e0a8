"""A bare Django view returning 30 KB of HTML, the baseline ``scripts/bench_pages.py`` measures beside the site.

Minimal settings (no database, no middleware, no templates): what gunicorn and Django
themselves cost per request on this machine. Served as ``scripts.bench_bare:application``.
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-bare-view-only",  # noqa: S106 - no secrets, no sessions, nothing signed
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODY = ("<!doctype html><title>Bare</title>" + ("<p>" + "x" * 1000 + "</p>\n") * 30).encode()


def bare(request):
    """Return the same 30 KB page every time."""
    return HttpResponse(BODY)


urlpatterns = [path("", bare)]
application = get_wsgi_application()
