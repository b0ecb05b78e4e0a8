"""Documents are private by default and a staff-only page's documents never stay public.

Wagtail serves documents through its serve view, which applies the privacy of the
document's collection (not of the pages linking to it).
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from core.files.documents import STAFF_ONLY_COLLECTION, staff_only_collection
from tests.factories import UserFactory
from tests.policy.factories import make_index, make_policy

pytestmark = pytest.mark.django_db

Document = get_document_model()
SECRET_BYTES = b"%PDF-1.4 handover passwords live only in the zebracorn vault"


def add_document(collection: Collection, title: str = "Handover checklist") -> Document:
    document = Document(title=title, collection=collection)
    document.file.save("handover-checklist.pdf", ContentFile(SECRET_BYTES), save=False)
    document.save()
    return document


def public_collection() -> Collection:
    return Collection.get_first_root_node().add_child(name="Public documents")


def download(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response, body


def assert_sent_to_sign_in(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.fixture
def site_admin(db):
    return UserFactory(username="site-admin", is_superuser=True, is_staff=True, roles=[])


def test_documents_leak_staff_only_collection_exists_with_sign_in_restriction():
    collection = staff_only_collection()
    assert collection is not None and collection.name == STAFF_ONLY_COLLECTION
    assert [restriction.restriction_type for restriction in collection.get_view_restrictions()] == ["login"]


def test_documents_leak_upload_to_the_default_collection_is_private(client, home_page, staff_user, site_admin):
    """Previously a document uploaded to the default collection was served to anonymous visitors."""
    client.force_login(site_admin)
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("handover-checklist.pdf", SECRET_BYTES, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200 and response.json()["success"], response.content
    document = Document.objects.get()
    assert document.collection == staff_only_collection()

    client.logout()
    anonymous, body = download(client, document)
    assert_sent_to_sign_in(anonymous)
    assert SECRET_BYTES not in body

    client.force_login(staff_user)
    staff, body = download(client, document)
    assert staff.status_code == 200
    assert body == SECRET_BYTES


def test_documents_leak_add_form_preselects_staff_only(client, site_admin):
    client.force_login(site_admin)
    response = client.get(reverse("wagtaildocs:add"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["collection"] == staff_only_collection().pk


def test_documents_leak_document_linked_from_staff_only_page_moves_to_staff_only(client, staff_home, staff_user):
    """Previously a document in a public collection linked from a staff-only page was public."""
    document = add_document(public_collection())
    index = make_index(staff_home, title="Staff policies", slug="staff-policies")
    make_policy(index, title="Handover Procedure", slug="handover", body=[download_section(document)])

    document.refresh_from_db()
    assert document.collection == staff_only_collection()
    assert_sent_to_sign_in(download(client, document)[0])
    client.force_login(staff_user)
    assert download(client, document)[1] == SECRET_BYTES


def test_documents_leak_document_also_linked_from_a_public_page_stays_public(client, home_page, staff_home):
    """Moving it would break the public page's link: it stays, and is logged."""
    collection = public_collection()
    document = add_document(collection)
    make_policy(make_index(home_page), title="Public Policy", slug="public", body=[download_section(document)])
    index = make_index(staff_home, title="Staff policies", slug="staff-policies")
    make_policy(index, title="Handover Procedure", slug="handover", body=[download_section(document)])

    document.refresh_from_db()
    assert document.collection == collection
    response, body = download(client, document)
    assert response.status_code == 200 and body == SECRET_BYTES


def test_documents_in_a_public_collection_stay_public(client, home_page):
    collection = Collection.objects.get(name="Parent guidance")
    document = add_document(collection, title="SMART poster")
    make_policy(make_index(home_page), title="Public Policy", slug="public", body=[download_section(document)])

    document.refresh_from_db()
    assert document.collection == collection
    response, body = download(client, document)
    assert response.status_code == 200 and body == SECRET_BYTES


def test_documents_are_served_only_through_the_serve_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def download_section(document) -> tuple:
    return (
        "section",
        {"number": "1", "heading": "Forms", "content": [("document", {"document": document, "title": "Checklist"})]},
    )


def test_documents_leak_secure_staff_documents_command_covers_pages_published_before(client, staff_home):
    """Pages published before the upgrade: the command moves their documents, and a second run changes nothing."""
    collection = public_collection()
    document = add_document(collection)
    index = make_index(staff_home, title="Staff policies", slug="staff-policies")
    make_policy(index, title="Handover Procedure", slug="handover", body=[download_section(document)])
    Document.objects.filter(pk=document.pk).update(collection=collection)  # as it was before the upgrade

    out = io.StringIO()
    call_command("secure_staff_documents", stdout=out)

    document.refresh_from_db()
    assert document.collection == staff_only_collection()
    assert "Moved “Handover checklist” (linked from “Handover Procedure”)" in out.getvalue()
    assert_sent_to_sign_in(download(client, document)[0])
    again = io.StringIO()
    call_command("secure_staff_documents", stdout=again)
    assert "0 document(s) moved" in again.getvalue()
