"""Cache keys that change with each deploy, so nothing cached by one release is read by the next.

The caches hold pickled model objects (the Wagtail ``Site`` with its root page, the trust
settings) and rendered HTML. After an upgrade those may no longer unpickle, or may show
what the old code rendered, until their time-out (a day for the site). Every key is
therefore prefixed with a *deploy key*: a digest of the project's version, the migrations
it ships (their file names, app by app) and the optional ``DEPLOY_ID`` setting (from the
environment: a release tag or commit a trust's deployment sets). A release that changes
any of these starts with an empty cache; the old entries expire unread.

Use it as every cache's ``KEY_FUNCTION``: ``"KEY_FUNCTION": "core.caching.keys.make_key"``.
Sessions in the cached-database backend fall back to the database on a miss, so nobody is
signed out by a deploy.
"""

import hashlib
import importlib.util
from functools import cache
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings

DISTRIBUTION = "school-intranet"


def _migration_names() -> list[str]:
    names = []
    for app_config in apps.get_app_configs():
        spec = importlib.util.find_spec(f"{app_config.name}.migrations")
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            names.extend(f"{app_config.label}.{path.stem}" for path in Path(folder).glob("[0-9]*.py"))
    return sorted(names)


@cache
def deploy_key() -> str:
    """Return a 12-character hex digest of this release: version, migrations on disk and ``DEPLOY_ID``.

    Computed once per process (the file names of every installed app's migrations are
    listed, nothing is imported), so it costs nothing per request.
    """
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        version = "unknown"
    parts = [version, getattr(settings, "DEPLOY_ID", ""), *_migration_names()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django's ``KEY_FUNCTION``: ``"<deploy key>:<prefix>:<version>:<key>"`` (Django's own form, prefixed)."""
    return f"{deploy_key()}:{key_prefix}:{version}:{key}"
