"""Steps of the end-to-end journeys, written as a member of staff would do them.

Everything is found by role and accessible name: the Appendix B wording on the form.
"""

from datetime import date, timedelta

from tests.e2e.conftest import sign_in

GO_LIVE = date.today() + timedelta(days=30)
CLOSURE = date.today() + timedelta(days=365)


def press(tab, name: str) -> None:
    """Press a button and wait for the next page."""
    with tab.expect_navigation():
        tab.get_by_role("button", name=name, exact=True).click()


def pick(tab, label: str, typed: str, option: str) -> None:
    """Choose ``option`` in the staff picker labelled ``label``: type ``typed``, then tap the suggestion."""
    field = tab.get_by_role("combobox", name=label, exact=True)
    field.fill(typed)
    tab.get_by_role("option", name=option, exact=True).click()
    assert field.input_value() == option


def pick_by_keyboard(tab, label: str, typed: str, option: str) -> None:
    """Choose ``option`` in the staff picker labelled ``label`` with the keyboard alone: Tab to the box,
    type, arrow down to the suggestion, Enter."""
    field = tab.get_by_role("combobox", name=label, exact=True)
    for _ in range(80):
        tab.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    assert field.evaluate("el => el === document.activeElement"), f"Tab never reached {label}"
    tab.keyboard.type(typed)
    tab.get_by_role("option", name=option, exact=True).wait_for()
    for _ in range(10):
        tab.keyboard.press("ArrowDown")
        focused = tab.evaluate("document.activeElement.textContent")
        if focused == option:
            break
    tab.keyboard.press("Enter")
    assert field.input_value() == option


def heading(tab) -> str:
    return tab.get_by_role("heading", level=1).inner_text().strip()


def fill_request(tab, *, author: str = "staff.riverside", account_name: str = "Riverside Year 5 News") -> str:
    """Sign in as ``author`` and fill every step of the form up to "Check your answers".

    Step 4 (contributors) is done with the keyboard alone. Returns the request's reference.
    """
    sign_in(tab, author)
    tab.get_by_role("link", name="Request a new social media site").first.click()
    tab.get_by_role("button", name="Start a new request").click()
    tab.wait_for_load_state()

    assert "Step 1 of 6" in tab.content()
    tab.get_by_label("Department").fill("Year 5")
    pick(tab, "Author's line manager", "Helen", "Helen Ward, Headteacher")
    press(tab, "Continue")

    assert "Step 2 of 6" in tab.content()
    tab.get_by_label("What are the aims you propose to achieve by setting up this site?").fill(
        "Share the class's learning with families each week."
    )
    tab.get_by_label("What is the proposed content of the site?").fill("Photos of work (no faces) and news.")
    tab.get_by_role("radio", name="Facebook").check()
    tab.get_by_label("Proposed site or account name").fill(account_name)
    tab.get_by_label("How will the account be promoted?").fill("In the newsletter and at parents' evening.")
    tab.get_by_role("radio", name="Private or closed").check()
    press(tab, "Continue")

    assert "Step 3 of 6" in tab.content()
    tab.get_by_role("checkbox", name="Staff", exact=True).check()
    tab.get_by_role("checkbox", name="Pupils' family members").check()
    press(tab, "Continue")

    assert "Step 4 of 6" in tab.content()
    # Keyboard only: tab to the "Staff" tick-box, tick it with Space, submit with Enter on Continue.
    staff_box = tab.get_by_role("checkbox", name="Staff", exact=True)
    for _ in range(60):
        tab.keyboard.press("Tab")
        if staff_box.evaluate("el => el === document.activeElement"):
            break
    tab.keyboard.press("Space")
    assert staff_box.is_checked()
    continue_button = tab.get_by_role("button", name="Continue", exact=True)
    for _ in range(60):
        tab.keyboard.press("Tab")
        if continue_button.evaluate("el => el === document.activeElement"):
            break
    with tab.expect_navigation():
        tab.keyboard.press("Enter")

    assert "Step 5 of 6" in tab.content(), tab.locator("main").inner_text()[:1500]
    pick(tab, "Administrator 1", "Patel", "Jo Patel, Year 5 teacher")
    pick(tab, "Administrator 2", "assistant", "Sam Hughes, Teaching assistant")
    pick(tab, "Moderator 1", "Aisha", "Aisha Begum, PE lead")
    pick(tab, "Moderator 2", "Sam", "Sam Hughes, Teaching assistant")
    tab.get_by_role("radio", name="Third party").check()
    tab.get_by_role("textbox", name="Host name").fill("Meta")
    press(tab, "Continue")

    assert "Step 6 of 6" in tab.content()
    tab.get_by_label("Proposed date of going live").fill(GO_LIVE.isoformat())
    tab.get_by_label("Proposed date for site closure").fill(CLOSURE.isoformat())
    tab.get_by_label("What security measures will you take").fill("Closed group; moderators approve members.")
    press(tab, "Continue")

    assert heading(tab) == "Check your answers"
    reference = tab.get_by_role("listitem").filter(has_text="SM-").first.inner_text().strip()
    return reference


def submit_checked_request(tab) -> None:
    """Tick the declaration and submit from "Check your answers"."""
    tab.get_by_role("checkbox", name="I have read the Social Media Policy").check()
    press(tab, "Submit request")


def make_runners_ready(reference: str) -> None:
    """Have the request's administrators and moderators acknowledge the policy and be trained.

    The demo's Social Media Policy asks staff to acknowledge it, so the final approval
    waits for both (``forms_app.runners``). These journeys are about the approvers; the
    readiness screens themselves are tested in ``tests/forms_app/runners``.
    """
    from forms_app.demo import prepare_runners
    from forms_app.models import SocialMediaSiteRequest
    from home.models import User

    site_request = SocialMediaSiteRequest.objects.get(reference=reference)
    prepare_runners(site_request, ict_manager=User.objects.get(username=f"ict.{site_request.school.slug}"))


# The questions the journey's trust administrator builds "Request access to blocked content" from:
# (question, block as named in the editor's menu, follow-up question or "").
BLOCKED_CONTENT_QUESTIONS = (
    ("Address of the blocked page", "Text", ""),
    ("Is it for a lesson?", "Yes or no", "Which class, and when?"),
    ("A screenshot of the blocked page", "File upload", ""),
)


def open_form_builder(tab) -> None:
    """From the admin's page explorer, open a new approval form under the staff area (the form builder)."""
    from home.models import StaffHomePage

    tab.goto(f"/admin/pages/{StaffHomePage.objects.get().pk}/")
    tab.get_by_role("link", name="Add child page").first.click()
    tab.wait_for_load_state()
    tab.get_by_role("link", name="Approval form page", exact=True).click()
    tab.wait_for_load_state()
    assert "New: Approval form page" in tab.content()


def add_question_block(tab, kind: str, labels, *, count: int) -> None:
    """Add a ``kind`` question at the end of the first step, so that ``labels`` (its label fields) number ``count``.

    On a busy machine the editor's script may still be setting up the step just inserted
    when the first click comes: the block menu then does not open, or opens without adding
    the block. Each of those is tried again (three attempts in all), closing a menu left open.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import expect

    attempts = 3
    for attempt in range(1, attempts + 1):
        tab.locator('[data-contentpath="questions"]').first.get_by_role("button", name="Insert a block").last.click()
        option = tab.get_by_role("option", name=kind, exact=True)
        try:
            option.wait_for(state="visible", timeout=10_000)
        except PlaywrightTimeoutError:
            if attempt == attempts:
                raise
            tab.keyboard.press("Escape")
            continue
        option.click()
        try:
            expect(labels).to_have_count(count, timeout=15_000)
            return
        except AssertionError:
            if attempt == attempts:
                raise
            tab.keyboard.press("Escape")


def fill_form_builder(tab, *, title: str, slug: str, prefix: str, chain: str, questions=BLOCKED_CONTENT_QUESTIONS):
    """In the open form builder, give the form its title, one step of ``questions``, its chain, letters and slug.

    ``chain`` is the approval chain's label as the editor offers it; each question is
    ``(label, block name in the editor's menu, follow-up label)``. Stream blocks are found
    by the ids Wagtail gives them (``steps-0-value-questions-N-value-label``).
    """
    tab.locator("#id_title").fill(title)
    tab.locator('[data-contentpath="steps"]').get_by_role("button", name="Insert a block").first.click()
    tab.locator("#steps-0-value-heading").fill("The blocked content")
    labels = tab.locator('[id^="steps-0-value-questions-"][id$="-value-label"]')
    for number, (label, kind, follow_up) in enumerate(questions):
        add_question_block(tab, kind, labels, count=number + 1)
        prefix_id = "#" + labels.nth(number).get_attribute("id").removesuffix("-label")
        tab.locator(f"{prefix_id}-label").fill(label)
        if follow_up:
            tab.locator(f"{prefix_id}-follow_up_label").fill(follow_up)
            tab.locator(f"{prefix_id}-reveal_on").select_option("yes")
    tab.get_by_role("radio", name=chain, exact=True).check()
    tab.locator("#id_reference_prefix").fill(prefix)
    tab.get_by_role("tab", name="Promote").click()
    tab.locator("#id_slug").fill(slug)
    tab.get_by_role("tab", name="Content").click()


def build_approval_form(tab, **form) -> None:
    """Open the form builder, fill it (``fill_form_builder``'s arguments) and save a draft; ends on its edit page."""
    open_form_builder(tab)
    fill_form_builder(tab, **form)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save draft").click()
    assert "/edit/" in tab.url, tab.locator("main").inner_text()[:1500]


def open_form_editor(tab, edit_url: str) -> None:
    """Open an approval form's edit page and wait until the editor's script has drawn its steps.

    The steps and their questions are a StreamField, drawn by script from the page's data;
    the journey acts (*Submit*, *Approve*) only once they are on the page, as a person would.
    """
    from playwright.sync_api import expect

    tab.goto(edit_url)
    expect(tab.locator("#steps-0-value-heading")).to_be_attached(timeout=15_000)


def publish_approval_form(tab, approver_tab, approver: str = "admin") -> str:
    """On an approval form's edit page in ``tab``: submit it to "Approval form publishing"; then a second person,
    ``approver``, signs in in ``approver_tab`` and approves it there. The submitter is offered no *Approve*: nobody
    approves publishing a form they submitted (``forms_app.models.publishing``). Ends where the approval leads, and
    returns that page's address and messages (for the caller's assertion)."""
    edit_url = tab.url
    open_form_editor(tab, edit_url)
    tab.get_by_role("button", name="More actions").click()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Submit to Approval form publishing").click()
    open_form_editor(tab, edit_url)
    tab.get_by_role("button", name="More actions").click()
    assert tab.get_by_role("button", name="Request changes", exact=True).count() == 1
    assert tab.get_by_role("button", name="Approve", exact=True).count() == 0
    # The submitter leaves the editor, as they would: an editor left open saves drafts by itself
    # (Wagtail's autosave), and a draft saved while the second person approves is a new revision.
    tab.goto("/admin/")
    sign_in(approver_tab, approver)
    open_form_editor(approver_tab, edit_url)
    approver_tab.get_by_role("button", name="More actions").click()
    with approver_tab.expect_navigation():
        approver_tab.get_by_role("button", name="Approve", exact=True).click()
    approver_tab.wait_for_load_state()
    return f"{approver_tab.url}: {approver_tab.locator('main').inner_text()[:1500]}"
