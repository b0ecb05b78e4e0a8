"""``manage.py restore ARCHIVE``: load a backup into an empty database and empty storage, then check it."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from intranet.backups.archive import RestoreRefused, backed_up_storages, restore_backup
from intranet.backups.crypto import BackupDecryptionError

from .backup import encryption_key


class Command(BaseCommand):
    """Restore ``ARCHIVE`` (made by ``manage.py backup``) into this site's database and storages.

    Refuses, changing nothing, unless the database has no tables (a new ``createdb``) and
    every storage is empty. Afterwards every model's row count and every sealed record's
    SHA-256 are compared with the archive's manifest; a difference is a ``CommandError``.
    """

    help = "Restore a backup into an EMPTY database and empty storage, then check it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .backup file written by manage.py backup.")

    def handle(self, *args, archive: Path, **options):
        key = encryption_key()
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        started = time.monotonic()
        try:
            result = restore_backup(
                archive, key=key, connection=connections[DEFAULT_DB_ALIAS], file_storages=backed_up_storages()
            )
        except (RestoreRefused, BackupDecryptionError, ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from None
        for label, (expected, found) in result.count_mismatches.items():
            self.stderr.write(f"{label}: {expected} rows in the backup, {found} restored")
        for name in result.digest_mismatches:
            self.stderr.write(f"Sealed record {name}: its restored PDF differs from the backup's digest or is missing")
        if not result.complete:
            raise CommandError("The restore does not match the backup's manifest (above).")
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} in {time.monotonic() - started:.1f} s: "
            f"{sum(manifest['models'].values())} rows in {len(manifest['models'])} tables and "
            f"{len(manifest['sealed_records'])} sealed records, all matching its manifest."
        )
