"""The staff's side: the approver's reason found from My requests, the staff picker by keyboard and
without JavaScript, My requests on a 320px phone, and axe on every new page and state."""

import re

from forms_app.models import SocialMediaSiteRequest
from forms_app.workflow.services import request_changes
from home.models import User
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import fill_request, heading, pick_by_keyboard, press, submit_checked_request

REASON = "Name a second moderator who is not an administrator."

# Each word of every card's text must sit on one line: a word whose characters span two
# lines was broken mid-word ("Ref/ere/nce").
WORDS_SPLIT = """
(root) => {
    const split = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.parentElement.closest(".visually-hidden")) {
            continue;  // read by screen readers only, never seen
        }
        const text = node.textContent;
        const re = /\\S+/g;
        let match;
        while ((match = re.exec(text)) !== null) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
            const tops = new Set(rects.map((r) => Math.round(r.top)));
            if (tops.size > 1) {
                split.push(match[0]);
            }
        }
    }
    return split;
}
"""


def test_author_finds_the_reason_from_my_requests_and_resubmits(new_page):
    author = new_page()
    fill_request(author, account_name="Riverside Choir")
    submit_checked_request(author)
    assert heading(author) == "Request submitted"
    assert "Priya Shah" in author.locator("main").inner_text()  # who reviews it next, by name
    assert_accessible(author)
    reference = re.search(r"SM-\d{4}-\d{4}", author.content()).group(0)

    site_request = SocialMediaSiteRequest.objects.get(reference=reference)
    request_changes(site_request=site_request, user=User.objects.get(username="ict.riverside"), reason=REASON)

    author.goto("/staff/requests/")
    author.get_by_role("link", name=f"Changes requested — see what to change in {reference}").click()
    banner = author.get_by_role("region", name="Changes requested")
    assert REASON in banner.inner_text()
    assert "ICT Manager, Priya Shah" in banner.inner_text()
    assert_accessible(author)

    author.get_by_role("link", name=f"Continue request {reference}").click()
    author.wait_for_load_state()
    assert REASON in author.get_by_role("region", name="Changes requested").inner_text()
    assert_accessible(author)
    author.get_by_role("link", name="Change proposed site or account name").click()
    assert REASON in author.get_by_role("region", name="Changes requested").inner_text()
    author.get_by_label("Proposed site or account name").fill("Riverside Choir News")
    press(author, "Continue")
    author.goto(author.url.split("/step/")[0] + "/check/")
    submit_checked_request(author)
    assert heading(author) == "Request submitted"
    site_request.refresh_from_db()
    assert site_request.status == "awaiting_ict"
    assert site_request.account_name == "Riverside Choir News"


def test_the_staff_picker_by_keyboard_only(page):
    sign_in(page, "staff.hillcrest")
    page.goto("/staff/requests/new/step/team/")
    page.get_by_label("Department").fill("Music")
    field = page.get_by_role("combobox", name="Author's line manager")
    field.focus()
    page.keyboard.type("Libr")
    page.get_by_role("option", name="Owen Jones, Librarian").wait_for()
    offered = page.get_by_role("listbox").get_by_role("option").all_inner_texts()
    hillcrest = {user.display_name() for user in User.objects.filter(school__slug="hillcrest")}
    assert offered and all(text.split(",")[0] in hillcrest for text in offered), offered
    assert_accessible(page)  # the picker open
    page.keyboard.press("Escape")
    field.fill("")
    page.get_by_label("Department").focus()
    pick_by_keyboard(page, "Author's line manager", "Clarke", "David Clarke, Headteacher")
    assert_accessible(page)
    press(page, "Continue")
    assert "Step 2 of 6" in page.content()
    draft = SocialMediaSiteRequest.objects.get(author__username="staff.hillcrest", department="Music")
    assert draft.line_manager.username == "head.hillcrest"


def test_the_staff_picker_without_javascript(browser, demo_site):
    context = browser.new_context(base_url=demo_site, java_script_enabled=False)
    tab = context.new_page()
    try:
        sign_in(tab, "staff.hillcrest")
        tab.goto("/staff/requests/new/step/team/")
        tab.get_by_label("Department").fill("Science")
        tab.get_by_label("Author's line manager").select_option(label="Lucy Brown, Science teacher")
        press(tab, "Continue")
        assert "Step 2 of 6" in tab.content()
        draft = SocialMediaSiteRequest.objects.get(author__username="staff.hillcrest", department="Science")
        assert draft.line_manager.username == "staff2.hillcrest"
    finally:
        context.close()


def test_my_requests_on_a_320px_phone(new_page):
    tab = new_page(width=320)
    sign_in(tab, "staff.riverside")
    tab.goto("/staff/requests/")
    assert heading(tab) == "My requests"
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    cards = tab.get_by_role("list", name="Your social media site requests, most recently changed first")
    assert cards.is_visible()
    assert cards.get_by_role("listitem").count() >= 1
    assert not tab.get_by_role("table").first.is_visible()
    assert cards.evaluate(WORDS_SPLIT) == []
    assert_accessible(tab)


def test_new_pages_are_accessible(page):
    sign_in(page, "staff.riverside")
    author = User.objects.get(username="staff.riverside")
    draft = SocialMediaSiteRequest.objects.create(author=author, school=author.school, department="Year 5")
    for path in (
        "/staff/requests/new/step/team/",
        f"/staff/requests/{draft.public_id}/files/",
        f"/staff/requests/{draft.public_id}/delete/",
        f"/staff/requests/{draft.public_id}/",
        f"/staff/requests/{draft.public_id}/step/administration/",
    ):
        page.goto(path)
        assert_accessible(page)
    search = page.get_by_role("search")
    search.get_by_label("Search this site").fill("moderators")
    with page.expect_navigation():
        search.get_by_role("button", name="Search").click()
    assert "/search/?q=moderators" in page.url


def test_the_form_and_the_approval_record_fit_a_320px_phone(new_page):
    tab = new_page(width=320)
    author = User.objects.get(username="staff.riverside")
    draft = SocialMediaSiteRequest.objects.create(
        author=author, school=author.school, department="Year 5", last_completed_step=5
    )
    approved = SocialMediaSiteRequest.objects.filter(author=author, status="approved").first()
    sign_in(tab, author.username)
    for path in (f"/staff/requests/{draft.public_id}/step/administration/", f"/staff/requests/{draft.public_id}/"):
        tab.goto(path)
        assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
    tab.goto("/staff/requests/")
    tab.get_by_role("link", name=f"Approval record for {approved.reference}").click()
    tab.wait_for_load_state()
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(tab)


def test_a_renamed_program_is_refused_on_the_files_page(page, tmp_path, settings):
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"
    author = User.objects.get(username="staff.riverside")
    draft = SocialMediaSiteRequest.objects.create(author=author, school=author.school, department="Year 5")
    sign_in(page, author.username)
    page.goto(f"/staff/requests/{draft.public_id}/files/")
    fake = tmp_path / "mock-up.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    page.get_by_label("Upload a file").set_input_files(str(fake))
    press(page, "Upload file")
    summary = page.get_by_role("alert")
    assert "mock-up.pdf is not a PDF, PNG, JPEG or Word (DOCX) file" in summary.inner_text()
    assert_accessible(page)
    real = tmp_path / "screenshot.png"
    real.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_label("Upload a file").set_input_files(str(real))
    press(page, "Upload file")
    assert page.get_by_role("link", name="screenshot.png").is_visible()
    assert_accessible(page)


def test_long_answers_count_their_characters(page):
    author = User.objects.get(username="staff.riverside")
    draft = SocialMediaSiteRequest.objects.create(
        author=author, school=author.school, department="Year 5", last_completed_step=1
    )
    sign_in(page, author.username)
    page.goto(f"/staff/requests/{draft.public_id}/step/purpose/")
    aims = page.get_by_label("What are the aims you propose to achieve by setting up this site?")
    assert page.get_by_text("You have 4,000 characters remaining").first.is_visible()
    aims.fill("x" * 4010)
    assert page.get_by_text("You have 10 characters too many").is_visible()
    assert_accessible(page)
    press(page, "Save and come back later")
    assert "The aims must be 4,000 characters or fewer. You entered 4,010" in page.get_by_role("alert").inner_text()
    assert aims.input_value() == "x" * 4010
