"""Permission matrix: every role × every action, through the real views: 253 cases.

11 roles × 23 actions = 253 cases, one test each, with ids such as
``ict_other_school-approve_step_1-deny`` (plus one test that the table is complete).
``MATRIX`` below is the policy as a table: check it against the rules it cites.

Every "deny" case asserts that the response refuses (403, 404, a redirect to sign in,
or a redirect with an error message saying why) *and* that nothing changed in the
database (requests, people, decisions, workflow and task states, register entries,
pages and revisions): a passing deny case is an unauthorised success that did not
happen, so the suite passing means 0 unauthorised successes. Every "allow" case
asserts the effect a user would see (the page with its content, the new status, the
decision signed by the user, the saved or published revision).

The requests belong to Riverside (the "same school"); "ict_other_school" is Hillcrest's
ICT Manager; the CEO holds the Headteachers role at the central team; the superuser is
a Riverside account holding no role.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from forms_app.constants import ApprovalStep, RequestStatus
from forms_app.models import ApprovalDecision, SocialMediaSiteRequest
from policy.models import ParentGuidancePage, PolicyPage
from tests.forms_app.factories import approval_form
from tests.guidance.test_permissions import edit_form as guidance_edit_form
from tests.matrix_fixtures import (
    PUBLIC_DOCUMENT_BYTES,
    STAFF_DOCUMENT_BYTES,
    STAFF_POLICY_SECRET,
    MatrixWorld,
    fingerprint,
)
from tests.policy.factories import policy_edit_form

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "staff",  # another member of staff at the same school, not named on the request
    "author",
    "named_administrator",  # named on the request as one of its administrators
    "ict_same_school",
    "ict_other_school",
    "headteacher",  # of the same school
    "ceo",  # the Headteachers role at the central team
    "comms",
    "policy_editor",
    "superuser",
)

Y, N = "allow", "deny"

# Rules: a request is read on the front end by its author and the people named on it
# (approvers read it on the admin review page), and only its author submits, edits or
# withdraws it. It is decided in the admin by the school's own ICT Manager, then its own
# Headteacher, never by the author or a silent superuser (Appendix B;
# forms_app/models/tasks.py). The register and the approval record belong to the
# school's approvers; superusers see both, and the record also its author and named
# people (forms_app/register_selectors.py). The CEO decides and sees only the central
# team's requests: trust-wide oversight of the register is the "Trust administrators"
# group. Staff-only policies are for anyone signed in; Policy editors and Headteachers
# edit their own school's policies, and trust-wide ones only when they work for the
# trust's central team (policy/scope.py); a school's policy is approved only by its own
# Headteacher, a trust-wide one only by the CEO, never by its submitter or a silent
# superuser (policy/models/approval.py); only Communications publishes parent guidance
# (policy/guidance/demo.py). Documents are served only by Wagtail's serve view, which
# applies collection privacy: the "Staff only" collection is for anyone signed in, "Parent
# guidance" is public (core/files/documents.py); only superusers edit documents outside
# "Parent guidance". No document file is ever served from /media/; images and their
# renditions are (Wagtail images carry no privacy; core/files/media.py).
# fmt: off
MATRIX = {
    #                             anon staff author named ict  ict   head ceo  comms editor super
    #                                                     same other
    "view_request":               (N,   N,    Y,     Y,    N,   N,    N,   N,   N,    N,     N),
    "submit_request":             (N,   N,    Y,     N,    N,   N,    N,   N,   N,    N,     N),
    "edit_request":               (N,   N,    Y,     N,    N,   N,    N,   N,   N,    N,     N),
    "withdraw_request":           (N,   N,    Y,     N,    N,   N,    N,   N,   N,    N,     N),
    "approve_step_1":             (N,   N,    N,     N,    Y,   N,    N,   N,   N,    N,     N),
    "approve_step_2":             (N,   N,    N,     N,    N,   N,    Y,   N,   N,    N,     N),
    "view_register":              (N,   N,    N,     N,    Y,   N,    Y,   N,   N,    N,     Y),
    "view_approval_record":       (N,   N,    Y,     Y,    Y,   N,    Y,   N,   N,    N,     Y),
    "view_staff_policy":          (N,   Y,    Y,     Y,    Y,   Y,    Y,   Y,   Y,    Y,     Y),
    "edit_policy":                (N,   N,    N,     N,    N,   N,    N,   Y,   N,    Y,     Y),
    "edit_school_policy":         (N,   N,    N,     N,    N,   N,    Y,   N,   N,    N,     Y),
    # A Headteacher submits their own school's policy for approval like anyone else, unless
    # Trust settings make their publication the approval (off by default; issue "No dead ends").
    "publish_school_policy":      (N,   N,    N,     N,    N,   N,    N,   N,   N,    N,     Y),
    "approve_school_policy":      (N,   N,    N,     N,    N,   N,    Y,   N,   N,    N,     N),
    "approve_trust_policy":       (N,   N,    N,     N,    N,   N,    N,   Y,   N,    N,     N),
    "publish_guidance":           (N,   N,    N,     N,    N,   N,    N,   N,   Y,    N,     Y),
    "download_staff_document":    (N,   Y,    Y,     Y,    Y,   Y,    Y,   Y,   Y,    Y,     Y),
    "download_public_document":   (Y,   Y,    Y,     Y,    Y,   Y,    Y,   Y,   Y,    Y,     Y),
    "document_file_from_media":   (N,   N,    N,     N,    N,   N,    N,   N,   N,    N,     N),
    "edit_staff_document":        (N,   N,    N,     N,    N,   N,    N,   N,   N,    N,     Y),
    "view_image":                 (Y,   Y,    Y,     Y,    Y,   Y,    Y,   Y,   Y,    Y,     Y),
    "site_history_of_request":    (N,   N,    N,     N,    Y,   N,    Y,   N,   N,    N,     Y),
    "choose_request":             (N,   N,    N,     N,    Y,   N,    Y,   N,   N,    N,     Y),
    "bulk_delete_confirmation":   (N,   N,    N,     N,    Y,   N,    Y,   N,   N,    N,     Y),
}
# fmt: on

CASES = [
    pytest.param(role, action, expected, id=f"{role}-{action}-{expected}")
    for action, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.fixture
def world(school, other_school, central_team, home_page, staff_home) -> MatrixWorld:
    return MatrixWorld(
        school=school, other_school=other_school, central_team=central_team, home_page=home_page, staff_home=staff_home
    )


def assert_refused(response) -> None:
    """The response refuses: 403, 404, a redirect to a sign-in page, or a redirect with an error message."""
    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, f"expected a refusal, got {response.status_code}"
    path = urlsplit(response["Location"]).path
    if path in (reverse("login"), reverse("wagtailadmin_login")):
        return
    errors = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    assert errors, f"redirected to {path} without saying why"


def review_url(request: SocialMediaSiteRequest) -> str:
    return reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[request.pk])


def view_request(client, request, user):
    response = client.get(reverse("forms_app:detail", args=[request.public_id]))
    return [response], lambda: _shows(response, request.reference)


def submit(client, request, user):
    response = client.post(reverse("forms_app:check", args=[request.public_id]), {"declaration": "on"})

    def allowed():
        assert response.status_code == 302
        request.refresh_from_db()
        assert request.status == RequestStatus.AWAITING_ICT
        assert request.current_workflow_task_state is not None

    return [response], allowed


def edit_request(client, request, user):
    url = reverse("forms_app:step", args=[request.public_id, "team"])
    shown = client.get(url)
    saved = client.post(
        url,
        {
            "school": request.school_id,
            "department": "Edited department",
            "line_manager": request.line_manager_id,
            "action": "save",
        },
    )

    def allowed():
        assert shown.status_code == 200 and "Team details" in shown.text
        assert saved.status_code == 302
        request.refresh_from_db()
        assert request.department == "Edited department"

    return [shown, saved], allowed


def withdraw(client, request, user):
    response = client.post(reverse("forms_app:withdraw", args=[request.public_id]))

    def allowed():
        request.refresh_from_db()
        assert request.status == RequestStatus.WITHDRAWN

    return [response], allowed


def approve(client, request, user):
    step, next_status = {
        RequestStatus.AWAITING_ICT: (ApprovalStep.ICT_MANAGER, RequestStatus.AWAITING_HEAD),
        RequestStatus.AWAITING_HEAD: (ApprovalStep.HEADTEACHER, RequestStatus.APPROVED),
    }[request.status]
    response = client.post(review_url(request), approval_form(request))

    def allowed():
        assert response.status_code == 302
        request.refresh_from_db()
        assert request.status == next_status
        assert ApprovalDecision.objects.filter(request=request, step=step, approver=user).exists()

    return [response], allowed


def view_register(client, request, user):
    response = client.get(reverse("forms_app_registerentry_modeladmin_index"))
    return [response], lambda: _shows(response, request.account_name)


def site_history_of_request(client, request, user):
    """Reports → Site history and its CSV: the request's history is named only to those who oversee its school."""
    page = client.get(reverse("wagtailadmin_reports:site_history"))
    export = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    return [page, export], lambda: [_shows(page, request.reference), _shows(export, request.reference)]


def choose_request(client, request, user):
    """Wagtail's snippet chooser for requests (used by any chooser panel): only the requests the user may see."""
    response = client.get(reverse(SocialMediaSiteRequest.snippet_viewset.chooser_viewset.get_url_name("choose")))
    return [response], lambda: _shows(response, request.reference)


def bulk_delete_confirmation(client, request, user):
    """The bulk-delete confirmation page, which lists the chosen requests by reference."""
    url = reverse("wagtail_bulk_action", args=("forms_app", "socialmediasiterequest", "delete"))
    response = client.get(url, {"id": request.pk})
    return [response], lambda: _shows(response, request.reference)


def view_approval_record(client, request, user):
    response = client.get(reverse("approval_record", args=[request.public_id]))
    return [response], lambda: _shows(response, request.reference)


def view_staff_policy(client, policy, user):
    response = client.get(policy.get_url())
    return [response], lambda: _shows(response, STAFF_POLICY_SECRET)


def edit_policy(client, policy, user):
    data = policy_edit_form(policy, title="Account Handover Procedure (edited)", school=policy.school_id or "")
    url = reverse("wagtailadmin_pages:edit", args=[policy.pk])
    shown = client.get(url)
    saved = client.post(url, data)

    def allowed():
        assert shown.status_code == 200
        assert saved.status_code == 302, saved.text[:500]
        page = PolicyPage.objects.get(pk=policy.pk)
        assert page.draft_title == "Account Handover Procedure (edited)"
        assert page.get_latest_revision().user == user
        assert page.live_revision_id == policy.live_revision_id  # saved as a draft, not published

    return [shown, saved], allowed


def publish_policy(client, policy, user):
    data = policy_edit_form(policy, title="Lettings Policy 2027", school=policy.school_id or "")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[policy.pk]), data | {"action-publish": "1"})

    def allowed():
        assert response.status_code == 302, response.text[:500]
        page = PolicyPage.objects.get(pk=policy.pk)
        assert page.live and page.title == "Lettings Policy 2027" and page.live_revision.user == user

    return [response], allowed


def approve_policy(client, policy, user):
    task_state = policy.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[policy.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})

    def allowed():
        assert response.status_code == 302
        page = PolicyPage.objects.get(pk=policy.pk)
        assert page.live and page.title.endswith("(revised)") and not page.has_unpublished_changes
        task_state.refresh_from_db()
        assert task_state.status == "approved" and task_state.finished_by == user

    return [response], allowed


def publish_guidance(client, guidance, user):
    data = guidance_edit_form(guidance, title="Age limits for apps") | {"action-publish": "action-publish"}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[guidance.pk]), data)

    def allowed():
        assert response.status_code == 302, response.text[:500]
        page = ParentGuidancePage.objects.get(pk=guidance.pk)
        assert page.live and page.title == "Age limits for apps" and not page.has_unpublished_changes
        assert page.live_revision.user == user

    return [response], allowed


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def download_document(expected_bytes):
    def action(client, document, user):
        response = client.get(document.url)
        content = _body(response)

        def allowed():
            assert response.status_code == 200
            assert content == expected_bytes

        # A refusal must not leak the file either.
        assert response.status_code == 200 or expected_bytes not in content
        return [response], allowed

    return action


def document_file_from_media(client, document, user):
    response = client.get("/media/" + document.file.name)
    assert STAFF_DOCUMENT_BYTES not in _body(response)
    return [response], lambda: None


def edit_staff_document(client, document, user):
    url = reverse("wagtaildocs:edit", args=[document.pk])
    shown = client.get(url)
    saved = client.post(url, {"title": "Vault combination (edited)", "collection": document.collection_id})

    def allowed():
        assert shown.status_code == 200
        assert saved.status_code == 302, saved.text[:500]
        document.refresh_from_db()
        assert document.title == "Vault combination (edited)"

    return [shown, saved], allowed


def view_image(client, image, user):
    response = client.get(image.get_rendition("fill-20x20").url)

    def allowed():
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"

    return [response], allowed


# What each action works on, built before the fingerprint is taken, and the action itself.
ACTIONS = {
    "view_request": (lambda world: world.submitted, view_request),
    "submit_request": (lambda world: world.draft, submit),
    "edit_request": (lambda world: world.draft, edit_request),
    "withdraw_request": (lambda world: world.submitted, withdraw),
    "approve_step_1": (lambda world: world.submitted, approve),
    "approve_step_2": (lambda world: world.awaiting_headteacher, approve),
    "view_register": (lambda world: world.approved, view_register),
    "view_approval_record": (lambda world: world.approved, view_approval_record),
    "view_staff_policy": (lambda world: world.staff_policy, view_staff_policy),
    "edit_policy": (lambda world: world.staff_policy, edit_policy),
    "edit_school_policy": (lambda world: world.school_policy, edit_policy),
    "publish_school_policy": (lambda world: world.school_policy, publish_policy),
    "approve_school_policy": (lambda world: world.school_policy_submitted, approve_policy),
    "approve_trust_policy": (lambda world: world.trust_policy_submitted, approve_policy),
    "publish_guidance": (lambda world: world.guidance, publish_guidance),
    "download_staff_document": (lambda world: world.staff_document, download_document(STAFF_DOCUMENT_BYTES)),
    "download_public_document": (lambda world: world.public_document, download_document(PUBLIC_DOCUMENT_BYTES)),
    "document_file_from_media": (lambda world: world.staff_document, document_file_from_media),
    "edit_staff_document": (lambda world: world.staff_document, edit_staff_document),
    "view_image": (lambda world: world.image, view_image),
    "site_history_of_request": (lambda world: world.submitted, site_history_of_request),
    "choose_request": (lambda world: world.submitted, choose_request),
    "bulk_delete_confirmation": (lambda world: world.submitted, bulk_delete_confirmation),
}


def _shows(response, text) -> None:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.text
    assert text in body


# Listings a user may open whatever their role: refusing means the target is not in them.
LISTINGS = {"view_register", "site_history_of_request", "choose_request", "bulk_delete_confirmation"}


def test_the_matrix_covers_every_role_and_action():
    assert set(MATRIX) == set(ACTIONS)
    assert len(CASES) == len(ROLES) * len(ACTIONS) == 253


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission(client, world, role, action, expected):
    prepare, perform = ACTIONS[action]
    target = prepare(world)
    before = fingerprint()
    user = world.users[role]
    if user is not None:
        client.force_login(user)

    responses, allowed = perform(client, target, user)

    if expected == Y:
        allowed()
        return
    for response in responses:
        if action in LISTINGS and response.status_code == 200:
            # An admin user may open the listing: only the rows of schools they oversee.
            body = b"".join(response.streaming_content).decode() if response.streaming else response.text
            assert target.account_name not in body and target.reference not in body
        else:
            assert_refused(response)
    assert fingerprint() == before
