"""Shared storage on Azure Blob Storage: files live in private containers and reach people only through the app.

Runs against Azurite, the Azure Storage emulator (npm package ``azurite``), which the test
starts on a free loopback port: ``.cache/azurite/node_modules/.bin/azurite-blob`` (what
``.ci/run`` installs: ``npm install --prefix .cache/azurite azurite@3.35.0``) or ``azurite-blob``
on ``PATH``. Without it the tests are skipped with the reason, except under ``CI=true``,
where they fail.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.functional import empty
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from core.files.documents import staff_only_collection
from forms_app.models import RequestAttachment, SealedRecord
from intranet.settings.env import azure_storages
from tests.conftest import service_missing
from tests.ports import free_port

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[2]
# Azurite's published development account (the same in every copy of the emulator).
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

pytestmark = pytest.mark.django_db


def azurite_command() -> str | None:
    local = ROOT / ".cache" / "azurite" / "node_modules" / ".bin" / "azurite-blob"
    return str(local) if local.exists() else shutil.which("azurite-blob")


@pytest.fixture(scope="module")
def azurite(tmp_path_factory):
    """Azurite's blob service on loopback for this module; yields its connection string."""
    command = azurite_command()
    if command is None:
        service_missing("Azurite is not installed: npm install --prefix .cache/azurite azurite@3.35.0")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - the emulator, found above
        [
            command,
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            str(port),
            "--silent",
            "--skipApiVersionCheck",
            "--location",
            str(tmp_path_factory.mktemp("azurite")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Azurite did not start")
            time.sleep(0.2)
    endpoint = f"http://127.0.0.1:{port}/{ACCOUNT}"
    connection_string = (
        f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};BlobEndpoint={endpoint};"
    )
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(connection_string)
    for container in ("media", "private"):
        service.create_container(container)  # private: Azure's default, no anonymous access
    yield {"connection_string": connection_string, "endpoint": endpoint, "service": service}
    os.killpg(process.pid, 15)
    process.wait(timeout=10)


@pytest.fixture
def azure(settings, azurite, monkeypatch):
    """The storages as ``AZURE_STORAGE_CONNECTION_STRING`` chooses them at start-up, on Azurite."""
    settings.STORAGES = {
        **settings.STORAGES,
        **azure_storages(azurite["connection_string"], media_container="media", private_container="private"),
    }
    # The sealed records' field took its storage when the models loaded; production starts with Azure's.
    monkeypatch.setattr(SealedRecord._meta.get_field("pdf"), "storage", storages["sealed_records"])
    # The attachments' storage chooses when first used: let it choose under these settings, and
    # again under the test settings afterwards.
    attachments = RequestAttachment._meta.get_field("file").storage
    attachments._wrapped = empty
    yield azurite
    attachments._wrapped = empty


def blob_names(azurite, container: str) -> list[str]:
    return [blob.name for blob in azurite["service"].get_container_client(container).list_blobs()]


def anonymous_blob_status(azurite, container: str, name: str) -> int:
    return requests.get(f"{azurite['endpoint']}/{container}/{name}", timeout=10).status_code


def test_an_image_is_kept_in_azure_and_served_by_the_app_never_by_azure(azure, client):
    image = get_image_model().objects.create(title="Sports day", file=get_test_image_file())
    rendition = image.get_rendition("width-20")

    assert rendition.url.startswith("/media/images/")
    assert f"images/{Path(rendition.file.name).name}" in blob_names(azure, "media")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == storages["default"].open(rendition.file.name).read()
    assert anonymous_blob_status(azure, "media", rendition.file.name) in (403, 404)


def test_a_staff_only_document_in_azure_is_served_only_to_staff(azure, client, staff_user):
    document = get_document_model()(title="Rota", collection=staff_only_collection())
    document.file.save("rota.pdf", ContentFile(b"%PDF-1.4 the staff rota"), save=False)
    document.save()
    assert document.file.name in blob_names(azure, "media")

    assert client.get(document.url).status_code == 302  # to sign-in
    client.force_login(staff_user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the staff rota"
    assert anonymous_blob_status(azure, "media", document.file.name) in (403, 404)


def test_sealed_records_and_attachments_are_private_blobs_with_no_address(azure):
    for field in (SealedRecord._meta.get_field("pdf"), RequestAttachment._meta.get_field("file")):
        name = field.storage.save("R1/record.pdf", ContentFile(b"%PDF-1.4 private"))
        with pytest.raises(ValueError, match="no .*address"):
            field.storage.url(name)
        assert field.storage.open(name).read() == b"%PDF-1.4 private"
    assert sorted(blob_names(azure, "private")) == ["attachments/R1/record.pdf", "sealed-records/R1/record.pdf"]
    assert anonymous_blob_status(azure, "private", "sealed-records/R1/record.pdf") in (403, 404)
