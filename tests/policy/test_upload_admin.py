"""Policies through the admin: upload documents, correct what was recognised, save drafts (and submit)."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from policy.importers import read_document
from policy.models import PolicyCategory, PolicyPage

from .conftest import seeds_dir

pytestmark = pytest.mark.django_db

PRESTON = "policy-preston-primary-trust-2025.txt"
THURCROFT = "policy-thurcroft-infant-2018.txt"


def seed(name: str, *, prefix: str = "") -> SimpleUploadedFile:
    """A seed policy as an upload; skips the test, as the other seed tests do, where the seeds are absent."""
    path = seeds_dir() / name
    if not path.exists():
        pytest.skip(f"{path} is not available (set POLICY_SEEDS_DIR).")
    return SimpleUploadedFile(name, (prefix + path.read_text(encoding="utf-8")).encode())


def upload(client, governed_index, *files, school=None):
    data = {"files": list(files), "parent": governed_index.pk}
    if school is not None:
        data["school"] = school.pk
    return client.post(reverse("policy_upload"), data)


def preview_data(response) -> dict:
    """The preview form's fields as the browser would post them (the recognised values)."""
    html = response.content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"', html):
        data.setdefault(value, name)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_the_listing_links_to_the_upload(client, governed_index, school_editor):
    client.force_login(school_editor)
    listing = client.get(reverse("policies:index"))
    assert reverse("policy_upload") in listing.content.decode()


def test_uploading_two_seed_documents_gives_two_drafts_with_what_was_recognised(
    client, governed_index, school, school_editor
):
    client.force_login(school_editor)
    response = upload(client, governed_index, seed(PRESTON), seed(THURCROFT, prefix="Version 3.2\n\n"))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "From “policy-preston-primary-trust-2025.txt”" in text
    assert "Sections found" in text
    data = preview_data(preview)
    assert data["form-TOTAL_FORMS"] == "2"
    assert data["form-0-category"] == data["form-1-category"] == PolicyCategory.ONLINE_SAFETY
    assert data["form-0-last_reviewed"] == "2025-01-01" and data["form-0-next_review_due"] == "2027-01-01"
    assert data["form-1-version"] == "3.2"
    assert data["form-0-school"] == str(school.pk)  # an editor writes for their own school

    data["form-0-version"] = "4.0"  # the editor corrects one field
    response = client.post(preview.wsgi_request.path, data | {"save": "1"})
    assert response.status_code == 302
    drafts = PolicyPage.objects.child_of(governed_index).filter(live=False).order_by("import_source")
    assert [page.import_source for page in drafts] == [PRESTON, THURCROFT]
    preston, thurcroft = (page.get_latest_revision_as_object() for page in drafts)
    assert preston.version == "4.0" and thurcroft.version == "3.2"
    assert preston.category == thurcroft.category == PolicyCategory.ONLINE_SAFETY
    assert preston.school_id == thurcroft.school_id == school.pk
    assert not WorkflowState.objects.exists()


def test_save_and_submit_sends_each_draft_for_approval(client, governed_index, school, school_editor, headteacher):
    client.force_login(school_editor)
    response = upload(client, governed_index, seed(PRESTON))
    preview = client.get(response["Location"])
    response = client.post(preview.wsgi_request.path, preview_data(preview) | {"submit": "1"}, follow=True)
    assert "Saved and submitted for approval" in response.content.decode()
    page = PolicyPage.objects.get(import_source=PRESTON)
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS


def billion_laughs_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            "<w:document>&lol2;</w:document>",
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("upload_file", "message"),
    [
        (SimpleUploadedFile("policy.pdf", b"%PDF-1.4"), "is not a Word (.docx) or text (.txt, .md) file"),
        (SimpleUploadedFile("hostile.docx", billion_laughs_docx()), "“hostile.docx” could not be read"),
        (SimpleUploadedFile("fake.docx", b"not a zip"), "is not a Word document"),
        (SimpleUploadedFile("empty.txt", b""), "The submitted file is empty"),
        (SimpleUploadedFile("huge.txt", b"a" * (10 * 1024 * 1024 + 1)), "the limit is 10 MB"),
    ],
)
def test_bad_files_are_refused_next_to_the_field(client, governed_index, school_editor, upload_file, message):
    client.force_login(school_editor)
    response = upload(client, governed_index, upload_file)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and message in text
    assert not PolicyPage.objects.filter(live=False).exists()


def test_no_paragraph_is_split_mid_sentence_in_the_seeds():
    from policy.importers.document import Clause, Paragraph
    from policy.importers.text import plain

    for path in sorted(seeds_dir().glob("*.txt")):
        elements = read_document(path).elements
        for before, after in zip(elements, elements[1:], strict=False):
            if isinstance(before, (Paragraph, Clause)) and isinstance(after, Paragraph):
                first, second = plain(before.html).strip(), plain(after.html).strip()
                starts_lower = re.match(r"^['\"‘“(\[]*[a-z]", second)
                assert not (first and first[-1] not in ".!?:;" and starts_lower), (path.name, first[-60:], second[:60])
