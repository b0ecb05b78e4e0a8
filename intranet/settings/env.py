"""Read configuration from the environment, failing with one clear sentence.

Settings modules call these helpers instead of ``os.environ`` so that a missing or
malformed variable stops start-up with an ``ImproperlyConfigured`` message that names
the variable and says what to set, rather than a traceback from deep inside Django.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    """Return the environment variable ``name``.

    Raises ``ImproperlyConfigured`` when it is unset or blank and no ``default`` is given.
    """
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set for these settings; see 'Running in production' in README.md."
        )
    return default


def env_bool(name: str, default: bool) -> bool:
    """Return ``name`` read as a yes/no flag ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def env_int(name: str, default: int | None = None) -> int:
    """Return ``name`` as an integer; ``ImproperlyConfigured`` if it is not a whole number."""
    raw = env_str(name, None if default is None else str(default))
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"The environment variable {name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str | None = None) -> list[str]:
    """Return ``name`` split on commas, blanks dropped (e.g. ``DJANGO_ALLOWED_HOSTS``)."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_env(base_dir: Path) -> dict:
    """Return Django's ``DATABASES["default"]`` from ``DATABASE_URL``.

    Without ``DATABASE_URL`` the database is the SQLite file ``db.sqlite3`` in the
    repository. SQLite connections open *immediate* transactions so that two workflow
    actions on the same request serialise instead of failing with "database is locked"
    half-way through. Raises ``ImproperlyConfigured`` for a URL that is not a supported
    ``sqlite://`` or ``postgres://`` address.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": base_dir / "db.sqlite3"}
    else:
        try:
            # No health check: it cost a "SELECT 1" on every request. Django closes a
            # connection that failed during a request, so a database restart costs at
            # most one failed request per worker.
            config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=False)
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(
                f"DATABASE_URL is not a database address this project can use ({exc}); "
                "use postgres://USER:PASSWORD@HOST:PORT/NAME or leave it unset for SQLite."
            ) from None
        engine = config.get("ENGINE", "")
        if engine not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
            raise ImproperlyConfigured(
                f"DATABASE_URL names an unsupported database ({engine}); use PostgreSQL or SQLite."
            )
        if not config.get("NAME"):
            raise ImproperlyConfigured("DATABASE_URL has no database name; add it after the last '/'.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


def shared_caches(redis_url: str) -> dict:
    """Return ``CACHES`` for the Redis at ``redis_url`` that every app server shares.

    The backend skips Redis while it cannot be reached (``core.caching.redis.ResilientRedisCache``);
    the one-second socket time-outs bound what a Redis that does not answer costs a request.
    """
    return {
        "default": {
            "BACKEND": "core.caching.redis.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_FUNCTION": "core.caching.keys.make_key",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "RETRY_AFTER_SECONDS": 5},
        }
    }


def error_logging() -> dict:
    """Return production's ``LOGGING``: warnings and errors to standard error, errors also mailed to ``ADMINS``.

    A request that fails (``django.request``, a 500) and a task that fails in the worker
    (``django.tasks``) are mailed through the outbox by ``core.mail.errors.OutboxAdminEmailHandler``,
    with a report that carries no settings, cookies or form data. Django's own
    ``mail_admins`` handler on the ``django`` logger is replaced, so each error is mailed once.
    The outbox's delivery task is never reported this way (its report would need it).
    """
    mail_admins = {"handlers": ["mail_admins"], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"skip_outbox_delivery": {"()": "core.mail.errors.SkipOutboxDelivery"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler"},
            "mail_admins": {
                "level": "ERROR",
                "class": "core.mail.errors.OutboxAdminEmailHandler",
                "filters": ["skip_outbox_delivery"],
            },
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.request": mail_admins,
            "django.tasks": mail_admins,
        },
    }


def azure_storages(connection_string: str, *, media_container: str, private_container: str) -> dict:
    """Return the ``STORAGES`` entries that put media and private files on Azure Blob Storage.

    ``default`` (images, documents) in ``media_container``; ``sealed_records`` and
    ``attachments`` under ``sealed-records/`` and ``attachments/`` of ``private_container``.
    Both containers must be private (Azure's default); see ``core.files.azure``.
    """
    common = {"connection_string": connection_string, "overwrite_files": False}
    return {
        "default": {
            "BACKEND": "core.files.azure.AppServedAzureStorage",
            "OPTIONS": {**common, "azure_container": media_container},
        },
        **{
            alias: {
                "BACKEND": "core.files.azure.PrivateAzureStorage",
                "OPTIONS": {**common, "azure_container": private_container, "location": folder},
            }
            for alias, folder in (("sealed_records", "sealed-records"), ("attachments", "attachments"))
        },
    }
