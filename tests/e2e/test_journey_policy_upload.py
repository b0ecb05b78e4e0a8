"""Journey: a policy editor uploads two seed policies in the admin, corrects one in the preview and submits;
the school's Headteacher approves; the policy says it was reviewed today; staff open it and acknowledge it.

Also WCAG 2.2 AA (axe-core) on the upload page (empty and with an error) and the preview.
"""

import datetime
from pathlib import Path

from django.contrib.auth.models import Group
from django.utils import timezone

from home import roles
from home.demo import DEMO_PASSWORD
from home.models import School, User
from policy.models import PolicyAcknowledgement, PolicyPage
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.journeys import press
from tests.policy.conftest import seeds_dir

PRESTON = "policy-preston-primary-trust-2025.txt"
THURCROFT = "policy-thurcroft-infant-2018.txt"


def riverside_policy_editor() -> User:
    riverside = School.objects.get(slug="riverside")
    editor = User.objects.create_user(
        "editor.riverside",
        email="editor.riverside@example.org",
        password=DEMO_PASSWORD,
        first_name="Robin",
        last_name="Editor",
        school=riverside,
    )
    editor.groups.set(Group.objects.filter(name__in=[roles.STAFF, roles.POLICY_EDITORS]))
    return editor


def test_upload_correct_submit_approve_and_acknowledge(new_page, tmp_path):
    riverside_policy_editor()
    editor = new_page()
    sign_in(editor, "editor.riverside", next_url="/admin/policies/")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Upload policies").click()
    assert editor.get_by_role("heading", level=1).inner_text() == "Upload policies"
    assert_accessible(editor)

    press(editor, "Upload and preview")  # nothing chosen
    assert "Choose at least one policy document" in editor.get_by_role("alert").inner_text()
    assert_accessible(editor)

    editor.get_by_label("Policy documents").set_input_files(
        [Path(seeds_dir() / PRESTON), Path(seeds_dir() / THURCROFT)]
    )
    editor.get_by_label("Add them to").select_option(label="Policies")
    press(editor, "Upload and preview")
    assert editor.get_by_role("heading", level=1).inner_text() == "Check the uploaded policies"
    first = editor.get_by_role("region", name=f"From “{PRESTON}”")
    assert first.get_by_label("Category").input_value() == "online-safety"
    assert first.get_by_label("Last reviewed").input_value() == "2025-01-01"
    assert first.get_by_role("listitem").filter(has_text="Scope").count() >= 1
    assert_accessible(editor)

    first.get_by_label("Version").fill("2.0")  # the one correction
    first.get_by_label("Staff must acknowledge").check()
    press(editor, "Save and submit for approval")
    assert "Saved and submitted for approval" in editor.content()
    policy = PolicyPage.objects.get(import_source=PRESTON)
    assert PolicyPage.objects.filter(import_source=THURCROFT).exists()

    head = new_page()
    sign_in(head, "head.riverside", next_url="/admin/")
    # Both uploads wait for the Head; this row is the corrected one (its links go to its page).
    row = head.get_by_role("row").filter(has=head.locator(f'a[href*="/pages/{policy.pk}/"]'))
    row.get_by_role("button", name="Actions").click()
    with head.expect_navigation():
        row.get_by_role("button", name="Approve", exact=True).click()
    policy.refresh_from_db()
    assert policy.live and policy.version == "2.0"

    staff = new_page()
    sign_in(staff, "staff.riverside", next_url="/staff/")
    prompt = staff.get_by_role("region", name="Policies to read and acknowledge")
    with staff.expect_navigation():
        prompt.locator(f'a[href$="/{policy.slug}/"]').click()
    today = timezone.localdate()
    assert f"Last reviewed {today.day} {today:%B %Y}" in " ".join(staff.locator("main").inner_text().split())
    press(staff, f"I have read and understood the {policy.title}")
    assert f"You have acknowledged “{policy.title}” (version 2.0)" in staff.get_by_role("status").inner_text()
    assert PolicyAcknowledgement.objects.filter(user__username="staff.riverside", policy=policy).exists()
    assert policy.next_review_due > today + datetime.timedelta(days=300)
