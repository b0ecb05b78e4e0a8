"""The test settings with their storages in the folder ``RESTORE_DIR``: a new, empty site for the restore drill.

``test_backup_restore`` runs ``manage.py restore`` with these settings and ``DATABASE_URL``
naming a new database, as a technician restores onto a new server.
"""

import os
from pathlib import Path

from intranet.settings.test import *  # noqa: F403

_RESTORE_DIR = Path(os.environ["RESTORE_DIR"])
MEDIA_ROOT = _RESTORE_DIR / "media"
FORMS_APP_ATTACHMENTS_ROOT = _RESTORE_DIR / "attachments"
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "sealed_records": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _RESTORE_DIR / "sealed", "base_url": "/no-public-url/"},
    },
}
