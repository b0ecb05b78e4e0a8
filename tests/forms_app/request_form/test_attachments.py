"""Supporting documents: type checked by content, 10 MB and 5 files at most, stored privately and
served only to those who may read the request."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forms_app.models import RequestAttachment, SocialMediaSiteRequest
from forms_app.request_form.attachments import MAX_ATTACHMENT_BYTES
from home import roles
from tests.factories import TEST_PASSWORD, UserFactory
from tests.forms_app.factories import SMALL_PDF, approved_request, attach_pdf, complete_request, submitted_request

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = SMALL_PDF
EXE = b"MZ\x90\x00" + b"\x00" * 100


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"
    return settings.FORMS_APP_ATTACHMENTS_ROOT


@pytest.fixture
def draft(staff_user):
    return complete_request(author=staff_user)


def upload(client, site_request, name: str, content: bytes):
    url = reverse("forms_app:attachments", kwargs={"public_id": site_request.public_id})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("mock-up.png", PNG, "image/png"), ("plan.pdf", PDF, "application/pdf"), ("letter.docx", docx_bytes(), None)],
)
def test_allowed_files_are_stored_privately(author_client, draft, private_root, name, content, kind):
    response = upload(author_client, draft, name, content)
    assert response.status_code == 302
    attachment = RequestAttachment.objects.get(request=draft)
    assert attachment.original_name == name
    if kind:
        assert attachment.content_type == kind
    path = private_root / attachment.file.name
    assert path.read_bytes() == content
    assert not str(path.resolve()).startswith(str(settings.MEDIA_ROOT))
    assert name not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", EXE), ("innocent.pdf", EXE), ("photo.png", PDF), ("archive.docx", b"PK\x03\x04not a zip")],
)
def test_wrong_type_is_refused_by_content(author_client, draft, name, content):
    response = upload(author_client, draft, name, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-error-summary" in html
    assert f'<a href="#id_file">{name} is not a PDF, PNG, JPEG or Word (DOCX) file' in html
    assert not RequestAttachment.objects.exists()


def test_oversize_is_refused(author_client, draft):
    response = upload(author_client, draft, "big.pdf", b"%PDF-" + b"x" * MAX_ATTACHMENT_BYTES)
    assert "must be 10 MB or smaller" in response.content.decode()
    assert not RequestAttachment.objects.exists()


def test_a_sixth_file_is_refused(author_client, draft):
    for n in range(5):
        assert upload(author_client, draft, f"shot{n}.png", PNG).status_code == 302
    response = author_client.get(reverse("forms_app:attachments", kwargs={"public_id": draft.public_id}))
    assert "Remove one to add another" in response.content.decode()
    response = upload(author_client, draft, "shot5.png", PNG)
    assert "up to 5 files" in response.content.decode()
    assert RequestAttachment.objects.filter(request=draft).count() == 5


def test_nothing_typed_is_lost_when_an_upload_is_refused(author_client, draft):
    aims = draft.aims
    upload(author_client, draft, "setup.exe", EXE)
    draft.refresh_from_db()
    assert draft.aims == aims


def test_files_are_listed_on_check_your_answers_and_removable(author_client, draft):
    upload(author_client, draft, "mock-up.png", PNG)
    attachment = RequestAttachment.objects.get()
    check = author_client.get(reverse("forms_app:check", kwargs={"public_id": draft.public_id})).content.decode()
    assert "mock-up.png" in check
    remove = reverse("forms_app:remove_attachment", args=[draft.public_id, attachment.pk])
    assert author_client.post(remove).status_code == 302
    assert not RequestAttachment.objects.exists()


def sign_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=TEST_PASSWORD)


def test_who_may_open_a_file(client, staff_user, ict_manager, headteacher, other_school, school):
    site_request = submitted_request(author=staff_user)
    attachment = attach_pdf(site_request, uploaded_by=staff_user)
    url = reverse("forms_app:attachment", args=[site_request.public_id, attachment.pk])
    allowed = [
        staff_user,
        ict_manager,
        headteacher,
        UserFactory(school=other_school, roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS]),
        UserFactory(school=other_school, is_superuser=True, is_staff=True, roles=[]),
    ]
    refused = [
        UserFactory(school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS]),
        UserFactory(school=other_school, roles=[roles.STAFF, roles.HEADTEACHERS]),
        UserFactory(school=school),
        site_request.administrators[0].user,
    ]
    for user in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user


def test_review_page_and_approval_record_list_the_files(client, staff_user, ict_manager):
    site_request = submitted_request(author=staff_user)
    attach_pdf(site_request, uploaded_by=staff_user, name="consent-letter.pdf")
    client.force_login(ict_manager)
    review = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])
    html = client.get(review).content.decode()
    assert "consent-letter.pdf" in html
    assert reverse("forms_app:attachment", args=[site_request.public_id, 1]).rsplit("/", 2)[0] in html


def test_the_approval_record_lists_the_files(client, staff_user, ict_manager, headteacher):
    site_request = approved_request(ict_manager=ict_manager, headteacher=headteacher, author=staff_user)
    attach_pdf(site_request, uploaded_by=staff_user, name="mock-up.pdf")
    client.force_login(staff_user)
    html = client.get(reverse("approval_record", args=[site_request.public_id])).content.decode()
    assert "Supporting documents" in html and "mock-up.pdf" in html
