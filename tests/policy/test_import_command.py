"""``manage.py import_policy``: formats, re-import, warnings and every kind of bad input."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageLogEntry

from policy.importers import MAX_FILE_BYTES
from policy.models import PolicyPage

MARKDOWN = """# Mobile Phone Policy

Reviewed: 3 March 2025
Next review due: March 2026
Lead member of staff: Deputy Headteacher

## 1. Purpose

Phones stay in bags during lessons.<p> Staff may\t\t\tcarry a phone for emergencies.

- Pupils hand phones to the office.
  - Collected at 3.15pm.
- Visitors keep phones out of sight.

## Responsibilities

| Role | Responsibility |
| --- | --- |
| Headteacher | Approves exceptions |
| Office | Stores phones |

### Exceptions

Young carers may keep a phone with them.
"""

DOCUMENT_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Visitors Policy</w:t></w:r></w:p>
<w:p><w:r><w:t>Reviewed September 2024</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>1.0 SIGNING IN</w:t></w:r></w:p>
<w:p><w:r><w:t>1.1 Every visitor signs in at reception.</w:t></w:r></w:p>
<w:p><w:r><w:t>1.2 Visitors wear a badge at all times.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Visitor</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Escort</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Contractor</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>Site manager</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"""


def make_docx(path, document_xml=DOCUMENT_XML):
    """Write a minimal Word document (the parts mammoth needs) to ``path``."""
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        package.writestr("word/document.xml", document_xml)
    return path


def run(*args):
    """Run the command; return (stdout, stderr, exit status)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_policy", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), exc.returncode
    return out.getvalue(), err.getvalue(), 0


@pytest.mark.django_db
def test_markdown_becomes_a_draft_with_sections_lists_table_and_details(tmp_path, policy_index, school):
    source = tmp_path / "phones.md"
    source.write_text(MARKDOWN)

    out, err, status = run(source, "--parent", "/policies/", "--school", school.slug)

    assert status == 0, err
    assert "Created draft “Mobile Phone Policy”" in out
    page = PolicyPage.objects.get(import_source="phones.md")
    assert not page.live and page.school == school
    assert str(page.last_reviewed) == "2025-03-03" and str(page.next_review_due) == "2026-03-01"
    assert page.lead_member_of_staff == "Deputy Headteacher"
    draft = page.get_latest_revision_as_object()
    assert [entry["label"] for entry in draft.table_of_contents()] == ["1. Purpose", "Responsibilities"]
    purpose, responsibilities = [block.value for block in draft.body if block.block_type == "section"]
    kinds = [child.block_type for child in purpose["content"]]
    assert kinds == ["paragraph", "list"]
    assert "<p>" not in purpose["content"][0].value.source[3:] and "\t" not in purpose["content"][0].value.source
    items = purpose["content"][1].value["items"]
    assert [item["sub_items"][0].source for item in items if item["sub_items"]] == ["<p>Collected at 3.15pm.</p>"]
    table = next(child.value for child in responsibilities["content"] if child.block_type == "table")
    assert table["table"]["data"][1] == ["Headteacher", "Approves exceptions"]
    assert table["table"]["first_row_is_table_header"] is True
    assert any(child.block_type == "subheading" for child in responsibilities["content"])
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create").exists()


@pytest.mark.django_db
def test_word_document_keeps_numbered_clauses_and_tables(tmp_path, policy_index):
    out, err, status = run(make_docx(tmp_path / "visitors.docx"))

    assert status == 0, err
    page = PolicyPage.objects.get(import_source="visitors.docx").get_latest_revision_as_object()
    assert page.title == "Visitors Policy"
    assert str(page.last_reviewed) == "2024-09-01"
    section = next(block.value for block in page.body if block.block_type == "section")
    assert (section["number"], section["heading"]) == ("1.0", "SIGNING IN")
    clauses = [child.value for child in section["content"] if child.block_type == "clause"]
    assert [clause["number"] for clause in clauses] == ["1.1", "1.2"]
    assert clauses[0]["text"].source == "<p>Every visitor signs in at reception.</p>"
    table = next(child.value for child in section["content"] if child.block_type == "table")
    assert table["table"]["data"] == [["Visitor", "Escort"], ["Contractor", "Site manager"]]


@pytest.mark.django_db
def test_reimporting_a_file_updates_its_draft_instead_of_duplicating_it(tmp_path, policy_index):
    source = tmp_path / "phones.md"
    source.write_text(MARKDOWN)
    run(source, "--publish")
    page = PolicyPage.objects.get(import_source="phones.md")
    assert page.live

    source.write_text(MARKDOWN.replace("Young carers", "Young carers and pupils with medical needs"))
    out, err, status = run(source)

    assert status == 0 and "Updated draft" in out
    assert PolicyPage.objects.filter(import_source="phones.md").count() == 1
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert "medical needs" not in str(page.body.raw_data), "the live version is unchanged until published"
    assert "medical needs" in str(page.get_latest_revision_as_object().body.raw_data)


@pytest.mark.django_db
def test_plain_text_without_title_or_dates_is_imported_with_warnings(tmp_path, policy_index):
    source = tmp_path / "first-aid.txt"
    source.write_text(
        "· Kits are green.\n0.1 Read this first.\n1.0 FIRST AID\n1.1 Every classroom has a first aid kit.\n"
    )

    out, err, status = run(source)

    assert status == 0
    assert "Warning: No title found" in out and "Warning: No review dates found" in out
    page = PolicyPage.objects.get(import_source="first-aid.txt").get_latest_revision_as_object()
    assert page.title == "First aid"
    assert [block.block_type for block in page.body] == ["list", "clause", "section"], "text before any heading is kept"


@pytest.mark.django_db
def test_bad_files_are_reported_one_by_one_and_the_rest_still_import(tmp_path, policy_index):
    good = tmp_path / "good.txt"
    good.write_text("Good Policy\n\n1.0 SCOPE\n1.1 This applies to everyone.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    blank = tmp_path / "blank.md"
    blank.write_text("   \n\t\n")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    fake_docx = tmp_path / "fake.docx"
    fake_docx.write_text("This is really a text file.")
    zip_docx = tmp_path / "zip.docx"
    with zipfile.ZipFile(zip_docx, "w") as package:
        package.writestr("notes.txt", "not a Word document")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 10)

    missing = tmp_path / "missing.txt"
    out, err, status = run(good, empty, blank, pdf, fake_docx, zip_docx, huge, binary, missing)

    assert status == 1
    assert "8 of 9 file(s) could not be imported" in err
    assert "empty.txt: the file is empty" in err
    assert "blank.md: the file has no text in it" in err
    assert "scan.pdf: “.pdf” files are not supported" in err
    assert "fake.docx: this .docx file is not a Word document" in err
    assert "zip.docx: this .docx file is a zip package but has no Word document inside" in err
    assert "huge.txt: the file is 50 MB; the limit is 50 MB" in err
    assert "binary.txt: the file is not text" in err
    assert "missing.txt: the file does not exist" in err
    assert PolicyPage.objects.filter(import_source="good.txt").exists()


@pytest.mark.django_db
def test_unknown_parent_or_school_stops_before_importing(tmp_path, policy_index, staff_policy_index):
    source = tmp_path / "phones.md"
    source.write_text(MARKDOWN)

    assert "more than one policy index page" in run(source)[1]
    assert "No school has the short name 'nowhere'" in run(source, "--parent", "/policies/", "--school", "nowhere")[1]
    assert "No policy index page matches" in run(source, "--parent", "/nope/")[1]
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_policy_editors_cannot_publish_by_importing(tmp_path, policy_index, policy_editor):
    source = tmp_path / "phones.md"
    source.write_text(MARKDOWN)

    out, err, status = run(source, "--publish", "--user", policy_editor.username)

    assert status == 1 and "may not publish policies here" in err
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_older_windows_text_exports_are_read_with_a_warning(tmp_path, policy_index):
    source = tmp_path / "old.txt"
    source.write_bytes("Café Policy\n\n1.0 SCOPE\n1.1 Staff’s breaks are their own.\n".encode("cp1252"))

    out, err, status = run(source)

    assert status == 0 and "read as Windows-1252" in out
    page = PolicyPage.objects.get(import_source="old.txt").get_latest_revision_as_object()
    assert page.title == "Café Policy"
    assert "Staff’s breaks" in str(page.body.raw_data)


@pytest.mark.django_db
def test_reimporting_keeps_what_editors_filled_in_when_the_file_does_not_say(tmp_path, policy_index, school):
    source = tmp_path / "first-aid.txt"
    source.write_text("1.0 FIRST AID\n1.1 Every classroom has a first aid kit.\n")
    run(source, "--school", school.slug)
    page = PolicyPage.objects.get(import_source="first-aid.txt")
    page.title = "First Aid Policy"
    page.lead_member_of_staff = "School business manager"
    page.save_revision()

    source.write_text("1.0 FIRST AID\n1.1 Every classroom and the hall have a first aid kit.\n")
    run(source)

    draft = PolicyPage.objects.get(import_source="first-aid.txt").get_latest_revision_as_object()
    assert (draft.title, draft.school, draft.lead_member_of_staff) == (
        "First Aid Policy",
        school,
        "School business manager",
    )
    assert "and the hall" in str(draft.body.raw_data)
