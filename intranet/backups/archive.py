"""What a backup holds, ``make_backup`` and ``restore_backup``.

Inside the encrypted container (``crypto``) is a tar file:
- ``manifest.json``: when, which database, each model's row count, how many files each
  storage had, and each sealed record's file and SHA-256 as read from its stored PDF;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3``;
- ``files/<storage>/<name>``: every file of the media storage, the sealed records and the
  requests' attachments (``backed_up_storages``), under the names the database gives them.
"""

import datetime
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages

from .crypto import decrypt_file, encrypt_file
from .database import dump_database, model_counts, restore_database, table_count, vendor_of

__all__ = ["RestoreRefused", "RestoreResult", "backed_up_storages", "make_backup", "read_manifest", "restore_backup"]

MANIFEST = "manifest.json"
DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class RestoreRefused(Exception):
    """The backup cannot be restored here: the database or a storage is not empty, or the database is another kind."""


@dataclass
class RestoreResult:
    """What ``restore_backup`` found once it had loaded the backup.

    ``manifest`` is the backup's manifest; ``count_mismatches`` maps a model label to
    ``(count in the manifest, count restored)`` where they differ; ``digest_mismatches``
    lists the sealed records (``file`` names) whose restored PDF has another SHA-256 or is
    missing (also when it was already missing when the backup was made). Both empty: the restore is complete.
    """

    manifest: dict
    count_mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    digest_mismatches: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.count_mismatches and not self.digest_mismatches


def backed_up_storages() -> dict[str, Storage]:
    """The storages a backup copies, by name: ``media`` (images, documents), ``sealed_records``, ``attachments``."""
    from forms_app.models import RequestAttachment, SealedRecord

    # The file fields' own storages: the ones the records are read from.
    return {
        "media": storages["default"],
        "sealed_records": SealedRecord._meta.get_field("pdf").storage,
        "attachments": RequestAttachment._meta.get_field("file").storage,
    }


def _files(storage: Storage, folder: str = ""):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _files(storage, f"{folder}/{directory}" if folder else directory)


def _sha256(storage: Storage, name: str) -> str | None:
    if not storage.exists(name):
        return None
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sealed_records(connection, storage: Storage) -> list[dict]:
    from forms_app.models import SealedRecord

    records = SealedRecord._base_manager.using(connection.alias).order_by("pk")
    return [{"id": r.pk, "file": r.pdf.name, "sha256": _sha256(storage, r.pdf.name)} for r in records]


def make_backup(target: Path, *, key: str, connection, file_storages: dict[str, Storage]) -> dict:
    """Write one encrypted archive of the database and ``file_storages`` to ``target``; return its manifest.

    The row counts are those of the dumped database itself (one snapshot); files are read
    after the dump, so a file uploaded meanwhile may be in the archive without its row.
    Raises ``ValueError`` for a key that is not a Fernet key, ``RuntimeError`` when
    ``pg_dump`` fails.
    """
    vendor = vendor_of(connection)
    with tempfile.TemporaryDirectory(prefix="intranet-backup-") as work:
        work = Path(work)
        database_file = work / DATABASE_FILE[vendor]
        manifest = {
            "format": 1,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": vendor,
            "models": dump_database(connection, database_file),
            "files": {},
            "sealed_records": _sealed_records(connection, file_storages["sealed_records"]),
        }
        with tarfile.open(work / "backup.tar", "w") as tar:
            tar.add(database_file, DATABASE_FILE[vendor])
            for name, storage in file_storages.items():
                files = list(_files(storage))
                manifest["files"][name] = len(files)
                for file_name in files:
                    with storage.open(file_name, "rb") as stored:
                        info = tarfile.TarInfo(f"files/{name}/{file_name}")
                        info.size = storage.size(file_name)
                        tar.addfile(info, stored)
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, fileobj=io.BytesIO(data))
        with target.open("wb") as archive:
            encrypt_file(work / "backup.tar", archive, key=key)
    return manifest


def read_manifest(tar: tarfile.TarFile) -> dict:
    """Return the manifest of the open, decrypted backup ``tar``."""
    return json.load(tar.extractfile(MANIFEST))


def _refuse_unless_empty(connection, file_storages: dict[str, Storage]) -> None:
    tables = table_count(connection)
    if tables:
        raise RestoreRefused(
            f"The database {connection.settings_dict['NAME']} is not empty ({tables} tables): "
            "restore only into a new, empty database (createdb), never over a working site."
        )
    for name, storage in file_storages.items():
        first = next(_files(storage), None)
        if first is not None:
            raise RestoreRefused(
                f"The storage {name!r} is not empty (it holds {first}): restore only into new, empty storage."
            )


def restore_backup(source: Path, *, key: str, connection, file_storages: dict[str, Storage]) -> RestoreResult:
    """Load the archive ``source`` into the empty database of ``connection`` and the empty ``file_storages``.

    Then counts every model's rows and re-reads every sealed record's PDF, and returns how
    they compare with the manifest. Raises ``RestoreRefused`` before changing anything when
    the database or a storage is not empty or the database is of another kind,
    ``BackupDecryptionError`` for a wrong key or an altered archive, ``RuntimeError`` when
    ``pg_restore`` fails.
    """
    vendor = vendor_of(connection)
    with tempfile.TemporaryDirectory(prefix="intranet-restore-") as work:
        work = Path(work)
        with source.open("rb") as archive, (work / "backup.tar").open("wb") as plain:
            decrypt_file(archive, plain, key=key)
        with tarfile.open(work / "backup.tar") as tar:
            manifest = read_manifest(tar)
            if manifest["database"] != vendor:
                raise RestoreRefused(
                    f"This backup is of a {manifest['database']} database; restore it into {manifest['database']}."
                )
            _refuse_unless_empty(connection, file_storages)
            database_file = work / DATABASE_FILE[vendor]
            with database_file.open("wb") as copy:
                shutil.copyfileobj(tar.extractfile(DATABASE_FILE[vendor]), copy)
            restore_database(connection, database_file)
            for member in tar.getmembers():
                if member.isfile() and member.name.startswith("files/"):
                    _, name, file_name = member.name.split("/", 2)
                    saved = file_storages[name].save(file_name, File(tar.extractfile(member)))
                    if saved != file_name:
                        raise RuntimeError(f"{file_name} was restored as {saved} in {name!r}.")
    result = RestoreResult(manifest)
    counts = model_counts(connection)
    for label, expected in manifest["models"].items():
        if counts.get(label) != expected:
            result.count_mismatches[label] = (expected, counts.get(label))
    storage = file_storages["sealed_records"]
    for record in manifest["sealed_records"]:
        found = _sha256(storage, record["file"])
        if found is None or found != record["sha256"]:
            result.digest_mismatches.append(record["file"])
    return result
