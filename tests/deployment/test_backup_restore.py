"""The restore drill: back up a trust with a sealed record, restore into a new database and storage, check it.

``manage.py backup`` runs here on the test database; ``manage.py restore`` runs in a new
process on a new database (PostgreSQL: a new database on the same server; SQLite: a new
file) with new, empty storage folders (``restore_settings``), as on a new server. The
restored site must have every model's row count of the manifest, the same files, and
every sealed record must still verify with the trust's certificate.
"""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from forms_app.models import SealedRecord
from forms_app.register.records import seal_record, sealed_record_for
from intranet.backups.archive import backed_up_storages, read_manifest
from intranet.backups.crypto import BackupDecryptionError, decrypt_file
from tests.forms_app.register.conftest import (  # noqa: F401 - fixtures
    SIGNING_PASSPHRASE,
    approve_school_request,
    approved_request,
    signing,
    signing_files,
    site_staff,
)

ROOT = Path(__file__).resolve().parents[2]
KEY = Fernet.generate_key().decode()
DATABASE_ENGINE = django_settings.DATABASES["default"]["ENGINE"]
FILES = {"media": ("documents/minutes.txt", b"Governors' minutes"), "attachments": ("R1/mock-up.png", b"\x89PNG...")}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESTORE_AND_CHECK = """
import hashlib, json
from django.core.management import CommandError, call_command
from django.db import connection
from forms_app.models import SealedRecord
from forms_app.register.record_verification import verify_pdf
from intranet.backups.archive import backed_up_storages
from intranet.backups.database import model_counts

call_command("restore", ARCHIVE)
storages = backed_up_storages()
try:
    call_command("restore", ARCHIVE)
    again = "restored twice"
except CommandError as error:
    again = str(error)
print(json.dumps({
    "counts": model_counts(connection),
    "verified": [verify_pdf(record.pdf_bytes()).status for record in SealedRecord.objects.all()],
    "files": {name: hashlib.sha256(storages[name].open(path).read()).hexdigest() for name, path in FILES},
    "again": again,
}))
"""


@pytest.fixture
def own_storage(settings, tmp_path):
    """Empty media and attachment folders for this test only (sealed records keep the test run's folder)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"


@pytest.fixture
def trust(own_storage, settings, signing, approved_request):  # noqa: F811 - fixtures
    """A trust with one approved request, its sealed record, a document in media and an attachment."""
    settings.BACKUP_ENCRYPTION_KEY = KEY
    if sealed_record_for(approved_request) is None:
        seal_record(site_request=approved_request)
    storages = backed_up_storages()
    for name, (path, content) in FILES.items():
        storages[name].save(path, ContentFile(content))
    return approved_request


@pytest.fixture
def new_database(tmp_path):
    """The address of a new, empty database of the test database's kind; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    config = connection.settings_dict
    name = f"{config['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    server = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    yield f"postgres://{config['USER']}:{config['PASSWORD'] or ''}@{server}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_in_new_site(archive: Path, database_url: str, restore_dir: Path, signing_files) -> dict:  # noqa: F811
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.deployment.restore_settings",
        "DATABASE_URL": database_url,
        "RESTORE_DIR": str(restore_dir),
        "BACKUP_ENCRYPTION_KEY": KEY,
        "RECORD_SIGNING_PKCS12": str(signing_files["pkcs12"]),
        "RECORD_SIGNING_PASSPHRASE": SIGNING_PASSPHRASE,
    }
    script = f"ARCHIVE = {str(archive)!r}\nFILES = {[(n, p) for n, (p, _) in FILES.items()]!r}\n{RESTORE_AND_CHECK}"
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def manifest_of(archive: Path, tmp_path: Path) -> dict:
    plain = tmp_path / "plain.tar"
    with archive.open("rb") as source, plain.open("wb") as target:
        decrypt_file(source, target, key=KEY)
    with tarfile.open(plain) as tar:
        return read_manifest(tar)


def drill(trust, new_database, tmp_path, signing_files):  # noqa: F811
    archive = tmp_path / "trust.backup"
    call_command("backup", output=archive)
    started = time.monotonic()
    restored = restore_in_new_site(archive, new_database, tmp_path / "new-server", signing_files)
    print(f"restore of {archive.stat().st_size} bytes took {time.monotonic() - started:.1f} s")

    manifest = manifest_of(archive, tmp_path)
    assert manifest["models"]["forms_app.SocialMediaSiteRequest"] == 1
    assert manifest["models"]["forms_app.SealedRecord"] == 1
    record = SealedRecord.objects.get()
    assert manifest["sealed_records"] == [{"id": record.pk, "file": record.pdf.name, "sha256": record.sha256}]
    assert restored["counts"] == manifest["models"]
    assert restored["verified"] == ["valid"]
    assert restored["files"] == {name: hashlib.sha256(content).hexdigest() for name, (_, content) in FILES.items()}
    assert "is not empty" in restored["again"] and "new, empty database" in restored["again"]


@pytest.mark.postgres(reason="pg_dump and pg_restore copy a PostgreSQL database")
def test_a_backup_restores_on_postgresql_into_a_new_site_where_every_sealed_record_verifies(
    trust,
    new_database,
    tmp_path,
    signing_files,  # noqa: F811
):
    drill(trust, new_database, tmp_path, signing_files)


@pytest.mark.skipif("sqlite" not in DATABASE_ENGINE, reason="the SQLite drill runs in the SQLite test run")
def test_a_backup_restores_on_sqlite_into_a_new_site_where_every_sealed_record_verifies(
    trust,
    new_database,
    tmp_path,
    signing_files,  # noqa: F811
):
    drill(trust, new_database, tmp_path, signing_files)


def test_the_archive_is_encrypted_and_refuses_another_key_or_a_working_site(trust, tmp_path, settings):
    archive = tmp_path / "trust.backup"
    call_command("backup", output=archive)
    data = archive.read_bytes()
    assert b"%PDF" not in data and b"Governors' minutes" not in data and b"manifest" not in data

    with archive.open("rb") as source, (tmp_path / "x").open("wb") as target, pytest.raises(BackupDecryptionError):
        decrypt_file(source, target, key=Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(archive))
    assert SealedRecord.objects.count() == 1

    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="Set BACKUP_ENCRYPTION_KEY"):
        call_command("backup", output=tmp_path / "other.backup")
