"""``manage.py backup``: one encrypted archive of the database, the media and the private files."""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from intranet.backups.archive import backed_up_storages, make_backup


def encryption_key() -> str:
    """The setting ``BACKUP_ENCRYPTION_KEY``; ``CommandError`` saying how to make one when it is unset."""
    if not settings.BACKUP_ENCRYPTION_KEY:
        raise CommandError(
            "Set BACKUP_ENCRYPTION_KEY first (README.md, 'Backups'); make a key with: python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        )
    return settings.BACKUP_ENCRYPTION_KEY


class Command(BaseCommand):
    """Write the archive (``intranet.backups``) to ``--output`` and print its size and contents.

    Safe while the site runs: the database is copied from one consistent snapshot.
    """

    help = "Back up the database, media and private files to one encrypted archive (README.md, 'Backups')."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: intranet-YYYY-MM-DDTHHMMSS.backup in the current folder).",
        )

    def handle(self, *args, output=None, **options):
        key = encryption_key()
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%S")
        target = output or Path(f"intranet-{stamp}.backup")
        if target.exists():
            raise CommandError(f"{target} already exists: choose another --output.")
        started = time.monotonic()
        try:
            manifest = make_backup(
                target, key=key, connection=connections[DEFAULT_DB_ALIAS], file_storages=backed_up_storages()
            )
        except (ValueError, RuntimeError) as exc:
            target.unlink(missing_ok=True)
            raise CommandError(str(exc)) from None
        rows = sum(manifest["models"].values())
        files = ", ".join(f"{count} {name}" for name, count in manifest["files"].items())
        self.stdout.write(
            f"Wrote {target} ({target.stat().st_size / 1_000_000:.1f} MB) in {time.monotonic() - started:.1f} s: "
            f"{rows} rows in {len(manifest['models'])} tables, files: {files}, "
            f"{len(manifest['sealed_records'])} sealed records."
        )
        missing = [r["file"] for r in manifest["sealed_records"] if r["sha256"] is None]
        if missing:
            self.stderr.write(f"Sealed records whose PDF is missing from storage: {', '.join(missing)}")
