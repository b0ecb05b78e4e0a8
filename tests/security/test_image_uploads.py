"""Damaged image uploads are refused next to the field, in every upload view, never with a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVALID = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


TRUNCATED_PNG = png_bytes()[:20]  # the signature and half of the IHDR chunk
GARBAGE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\xff" * 64


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="site-admin", is_superuser=True, is_staff=True, roles=[]))
    return client


@pytest.mark.parametrize("content", [TRUNCATED_PNG, GARBAGE_PNG], ids=["truncated", "garbage"])
def test_corrupt_png_upload_is_a_form_error_on_add_image(admin_client, content):
    """Previously a truncated PNG gave a 500 error at /admin/images/add/."""
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Sports day",
            "file": SimpleUploadedFile("sports-day.png", content, "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert INVALID in response.text
    assert 'value="Sports day"' in response.text  # nothing typed is lost
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("content", [TRUNCATED_PNG, GARBAGE_PNG], ids=["truncated", "garbage"])
def test_corrupt_png_upload_is_a_form_error_in_the_multiple_uploader(admin_client, content):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": SimpleUploadedFile("sports-day.png", content, "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert INVALID in body["error_message"]
    assert not get_image_model().objects.exists()


def test_a_good_png_is_still_accepted(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Sports day",
            "file": SimpleUploadedFile("sports-day.png", png_bytes(), "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (4, 3)
