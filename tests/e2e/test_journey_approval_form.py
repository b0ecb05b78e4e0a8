"""Journey: a form built in the admin, from the builder to the sealed record (issue 29).

The CEO (the demo's Trust administrator) builds "Request access to blocked content" in the
page editor (three questions: a yes or no with a follow-up revealed by "Yes", and a file;
chain: the Headteacher), saves it and submits it to "Approval form publishing", where the
site administrator, a second person, approves it (the CEO is offered no *Approve*); a
Riverside teacher submits it on the staff area; Riverside's Headteacher approves it from the
inbox; the sealed PDF holds the answers and the check page finds it genuine; Hillcrest's
Headteacher cannot see it. Also: the form builder passes axe at desktop size and at 320 px.
"""

import io
import re

from pypdf import PdfReader

from forms_app.models import ApprovalFormPage, SealedRecord, SocialMediaSiteRequest
from forms_app.register.signing_certificates import write_self_signed_certificate
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import (
    BLOCKED_CONTENT_QUESTIONS,
    build_approval_form,
    fill_form_builder,
    heading,
    open_form_builder,
    press,
    publish_approval_form,
)
from tests.forms_app.factories import SMALL_PDF

SLUG = "blocked-content-access"  # the demo has its own "Request access to blocked content"
TITLE = "Request access to blocked content"
PAGE_ADDRESS = "https://example.org/volcano-eruption-video"


def test_the_form_builder_is_accessible_on_a_desktop_and_at_320_px(new_page):
    for width in (1280, 320):
        tab = new_page(width=width)
        sign_in(tab, "ceo")
        open_form_builder(tab)
        assert_accessible(tab)
        fill_form_builder(tab, title=TITLE, slug=SLUG, prefix="BA", chain="Head of School/Headteacher only")
        assert_accessible(tab)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_trust_administrator_builds_and_publishes_a_form_that_staff_submit_and_their_head_approves(
    new_page, settings, tmp_path, pango
):
    write_self_signed_certificate(
        key_path=tmp_path / "key.pem", cert_path=tmp_path / "cert.pem", common_name="Test trust approval records"
    )
    settings.RECORD_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.RECORD_SIGNING_CERT = str(tmp_path / "cert.pem")
    settings.RECORD_SIGNING_PKCS12 = ""
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"

    # 1. The CEO builds the form in the admin and submits it; the site administrator approves its publication.
    ceo = new_page()
    sign_in(ceo, "ceo")
    build_approval_form(ceo, title=TITLE, slug=SLUG, prefix="BA", chain="Head of School/Headteacher only")
    after_approval = publish_approval_form(ceo, new_page(), "admin")
    form = ApprovalFormPage.objects.get(slug=SLUG)
    assert form.live, after_approval
    version = form.current_version()
    assert version.number == 1
    assert [question.label for question in version.questions()] == [label for label, *_ in BLOCKED_CONTENT_QUESTIONS]

    # 2. A Riverside teacher fills it in on the staff area and submits it.
    author = new_page()
    sign_in(author, "staff.riverside")
    author.goto(form.url)
    assert heading(author) == TITLE
    with author.expect_navigation():
        author.get_by_role("button", name="Start now").click()
    author.get_by_label("Address of the blocked page").fill(PAGE_ADDRESS)
    author.get_by_role("group", name="Is it for a lesson?").get_by_label("Yes").check()
    author.get_by_label("Which class, and when?").fill("Year 6 geography, Tuesday 3 March")
    screenshot = tmp_path / "blocked-page.pdf"
    screenshot.write_bytes(SMALL_PDF)
    author.get_by_label("A screenshot of the blocked page").set_input_files(str(screenshot))
    press(author, "Continue")
    assert heading(author) == "Check your answers", author.locator("main").inner_text()[:1500]
    assert PAGE_ADDRESS in author.locator("main").inner_text()
    press(author, "Submit request")
    reference = re.search(r"BA-\d{4}-\d{4}", author.locator("main").inner_text()).group(0)
    site_request = SocialMediaSiteRequest.objects.get(reference=reference)
    assert site_request.form_version_id == version.pk

    # 3. A Hillcrest Headteacher sees it nowhere: not in their inbox, the requests list or its review page.
    hillcrest = new_page()
    sign_in(hillcrest, "head.hillcrest")
    for path in (
        "/admin/",
        "/admin/social-media/requests/",
        f"/admin/snippets/forms_app/socialmediasiterequest/?q={reference}",
        f"/admin/snippets/forms_app/socialmediasiterequest/review/{site_request.pk}/",
    ):
        hillcrest.goto(path)
        assert reference not in hillcrest.locator("body").inner_text(), path

    # 4. Riverside's Headteacher finds it in the inbox and approves it on its review page.
    head = new_page()
    sign_in(head, "head.riverside")
    head.goto("/admin/social-media/requests/")
    assert reference in head.locator("main").inner_text()
    head.goto("/admin/")
    head.get_by_role("link", name=f"Review and approve {reference}").first.click()
    head.wait_for_load_state()
    assert PAGE_ADDRESS in head.content()
    approval = head.locator("main form").filter(has=head.get_by_role("button", name="Approve", exact=True))
    for box in approval.get_by_role("checkbox").all():
        box.check()
    press(head, "Approve")
    site_request.refresh_from_db()
    assert site_request.status == "approved", head.locator("main").inner_text()[:1500]

    # 5. The sealed record holds the answers, and the check page finds it genuine.
    record = SealedRecord.objects.filter(request=site_request).latest("pk")
    text = " ".join(pdf_text(record.pdf_bytes()).split())
    assert reference in text
    assert PAGE_ADDRESS in text.replace(" ", "") or PAGE_ADDRESS in text
    assert "Year 6 geography" in text
    genuine = tmp_path / "record.pdf"
    genuine.write_bytes(record.pdf_bytes())
    head.goto("/staff/approval-records/check/")
    head.get_by_label("Approval record (PDF)").set_input_files(str(genuine))
    head.get_by_role("button", name="Check the record").click()
    result = head.get_by_role("status").filter(has_text="Genuine and unaltered")
    result.wait_for()
    assert reference in result.inner_text()

    hillcrest.goto(f"/staff/approval-records/{site_request.public_id}/")
    assert reference not in hillcrest.locator("main").inner_text()
