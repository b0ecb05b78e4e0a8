"""The sealed approval record in a browser: the record page and the check page, WCAG 2.2 AA (axe)."""

from tests.e2e.conftest import assert_accessible, sign_in


def test_the_record_page_offers_the_signed_pdf_and_stays_accessible(page, sealed):
    sign_in(page, "head.riverside")
    page.goto(f"/staff/approval-records/{sealed.request.public_id}/")

    link = page.get_by_role("link", name=f"Download the sealed record {sealed.request.reference} (signed PDF)")
    assert link.is_visible()
    assert_accessible(page)


def test_the_check_page_identifies_a_genuine_record_and_explains_a_bad_file(page, sealed, tmp_path):
    genuine = tmp_path / "record.pdf"
    genuine.write_bytes(sealed.pdf_bytes())
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_bytes(b"Minutes of the governors' meeting")
    sign_in(page, "head.riverside")
    page.goto("/staff/approval-records/check/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check an approval record"
    assert_accessible(page)

    page.get_by_label("Approval record (PDF)").set_input_files(str(genuine))
    page.get_by_role("button", name="Check the record").click()
    result = page.get_by_role("status").filter(has_text="Genuine and unaltered")
    result.wait_for()
    assert sealed.request.reference in result.inner_text()
    assert "Riverside Primary School" in result.inner_text()
    assert_accessible(page)

    page.get_by_label("Approval record (PDF)").set_input_files(str(not_pdf))
    page.get_by_role("button", name="Check the record").click()
    page.get_by_role("alert").filter(has_text="There is a problem").wait_for()
    assert "This file is not a PDF" in page.get_by_role("alert").first.inner_text()
    assert_accessible(page)
