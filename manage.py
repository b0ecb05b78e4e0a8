#!/usr/bin/env python
"""Django's command-line utility, with configuration errors reported in one sentence."""

import os
import sys


def main() -> None:
    """Run a management command; configuration and connection errors exit with status 1.

    A missing environment variable, a malformed ``DATABASE_URL`` or an unreachable
    database is something a newcomer fixes in their environment, so they get one
    sentence saying what to fix instead of a traceback.
    """
    if sys.version_info < (3, 12):  # noqa: UP036  (runs before the venv exists, on any Python)
        sys.exit(f"This project needs Python 3.12 or newer; this is Python {sys.version.split()[0]}.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
    except OperationalError as exc:
        message = str(exc).strip()
        # Only connection failures are the newcomer's to fix; any other database error
        # is a bug whose traceback the developer needs.
        if not any(hint in message for hint in ("connect", "unable to open database")):
            raise
        first_line = message.splitlines()[0]
        sys.exit(f"Could not reach the database ({first_line}); check DATABASE_URL and that the server is running.")


if __name__ == "__main__":
    main()
