"""WSGI entry point (``gunicorn intranet.wsgi``); production settings unless told otherwise.

Django's application behind ``PublicPageCacheApplication``, which answers anonymous
visitors' cached public pages before Django runs (``core.http.page_cache_wsgi``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")

django_application = get_wsgi_application()

# Imported once Django is set up: the page cache reads the settings.
from core.http.page_cache_wsgi import PublicPageCacheApplication  # noqa: E402

application = PublicPageCacheApplication(django_application)
