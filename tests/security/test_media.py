"""Uploaded images are served under /media/ with DEBUG off, as in production; documents never are."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image():
    image = get_image_model()(title="Sports day", collection=Collection.get_first_root_node())
    image.file = ImageFile(io.BytesIO(png_bytes()), name="sports-day.png")
    image.save()
    return image


@pytest.fixture
def document():
    document = get_document_model()(title="Handover checklist", collection=Collection.get_first_root_node())
    document.file.save("handover.pdf", ContentFile(b"%PDF-1.4 secret"), save=False)
    document.save()
    return document


def body(response) -> bytes:
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def test_images_in_production_renditions_and_originals_are_served(client, settings, image):
    """Previously uploaded images, renditions and admin thumbnails were 404 under the production settings."""
    assert settings.DEBUG is False  # as in production: nothing is served by Django's debug helpers
    rendition = image.get_rendition("fill-20x20")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert PILImage.open(io.BytesIO(body(response))).size == (20, 20)

    original = client.get(image.file.url)
    assert original.status_code == 200 and body(original) == png_bytes()


def test_images_in_production_admin_thumbnails_load(client, image):
    client.force_login(UserFactory(username="site-admin", is_superuser=True, is_staff=True, roles=[]))
    listing = client.get("/admin/images/")
    assert listing.status_code == 200
    thumbnails = re.findall(r'<img[^>]+src="(/media/images/[^"]+)"', listing.text)
    assert thumbnails
    for url in thumbnails:
        assert client.get(url).status_code == 200, url


def test_images_in_production_document_files_are_never_served_from_media(client, document):
    """Documents are downloaded only through Wagtail's serve view, which applies collection privacy."""
    assert document.file.name.startswith("documents/")
    for path in (
        "/media/" + document.file.name,
        "/media/images/../" + document.file.name,
        "/media/images/%2e%2e/" + document.file.name,
        "/media/original_images/..%2f" + document.file.name,
        "/media//" + document.file.name,
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"secret" not in body(response)


def test_images_in_production_missing_files_are_404(client):
    assert client.get("/media/images/nothing-here.png").status_code == 404
    assert client.get("/media/").status_code == 404


@override_settings(MEDIA_ACCEL_REDIRECT_PREFIX="/protected-media/")
def test_images_in_production_can_be_sent_by_nginx(client, image, document):
    rendition = image.get_rendition("fill-20x20")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + rendition.file.name
    assert body(response) == b""
    assert client.get("/media/" + document.file.name).status_code == 404
