"""The people and content of the permission matrix (``tests/test_permission_matrix.py``).

``MatrixWorld`` holds one account per role and builds each object an action needs only
when a test first asks for it (a draft, a submitted request, one awaiting the
Headteacher, an approved one with its register entry, a staff-only policy, a parent
guidance page, a staff-only and a public document, an image), through the same services
the site uses. ``fingerprint()`` captures
what a refused action must leave untouched.
"""

import io
from functools import cached_property

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, TaskState, WorkflowState

from core.files.documents import staff_only_collection
from forms_app.models import ApprovalDecision, RegisterEntry, SitePerson, SocialMediaSiteRequest
from forms_app.workflow.services import approve_task, submit_request
from home import roles
from policy.demo_policies import grant_policy_permissions
from policy.guidance.demo import grant_communications_permissions
from policy.models import ParentGuidanceIndexPage, PolicyPage
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request
from tests.guidance.factories import make_guidance
from tests.policy.factories import make_index, make_policy, section

STAFF_POLICY_SECRET = "Handover passwords travel only in the zebracorn vault."
STAFF_DOCUMENT_BYTES = b"%PDF-1.4 staff-only: the zebracorn vault's combination"
PUBLIC_DOCUMENT_BYTES = b"%PDF-1.4 public: the SMART poster for parents"


def _document(*, title: str, filename: str, content: bytes, collection):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


class MatrixWorld:
    """One account per role of the matrix, and the objects the actions work on, built on demand.

    Takes the Riverside ``school`` (the requests' school), ``other_school`` (Hillcrest),
    the ``central_team`` and the ``home_page`` and ``staff_home`` pages of the test site.
    ``users`` maps each role id of the matrix to its account (``None`` for anonymous).
    """

    def __init__(self, *, school, other_school, central_team, home_page, staff_home):
        self.school = school
        self.home_page = home_page
        self.staff_home = staff_home
        self.named_administrator = UserFactory(username="named-admin", school=school)
        self.users = {
            "anonymous": None,
            "staff": UserFactory(username="colleague", school=school),
            "author": UserFactory(username="author", school=school),
            "named_administrator": self.named_administrator,
            "ict_same_school": UserFactory(username="ict", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS]),
            "ict_other_school": UserFactory(
                username="ict-other", school=other_school, roles=[roles.STAFF, roles.ICT_MANAGERS]
            ),
            "headteacher": UserFactory(username="head", school=school, roles=[roles.STAFF, roles.HEADTEACHERS]),
            "ceo": UserFactory(username="ceo", school=central_team, roles=[roles.STAFF, roles.HEADTEACHERS]),
            "comms": UserFactory(username="comms", school=central_team, roles=[roles.STAFF, roles.COMMUNICATIONS]),
            "policy_editor": UserFactory(
                username="policy-editor", school=central_team, roles=[roles.STAFF, roles.POLICY_EDITORS]
            ),
            # A superuser of the requests' own school holding no role: Appendix B signatures
            # need the named role, so being a superuser must not be enough to approve.
            "superuser": UserFactory(username="superuser", school=school, is_superuser=True, is_staff=True, roles=[]),
        }
        self.author = self.users["author"]
        self.spare_administrator = UserFactory(username="second-admin", school=school)

    def _complete_request(self, account_name: str) -> SocialMediaSiteRequest:
        return complete_request(
            author=self.author,
            administrators=[self.named_administrator, self.spare_administrator],
            account_name=account_name,
        )

    @cached_property
    def draft(self) -> SocialMediaSiteRequest:
        """The author's draft with every step answered, ready for "Check your answers"."""
        return self._complete_request("Matrix draft site")

    @cached_property
    def submitted(self) -> SocialMediaSiteRequest:
        """A request the author submitted, awaiting the ICT Manager (step 1)."""
        return submit_request(site_request=self._complete_request("Matrix submitted site"), user=self.author)

    @cached_property
    def awaiting_headteacher(self) -> SocialMediaSiteRequest:
        """A request the school's ICT Manager approved, awaiting the Headteacher (step 2)."""
        request = submit_request(site_request=self._complete_request("Matrix step two site"), user=self.author)
        approve_task(site_request=request, user=self.users["ict_same_school"], attested=True)
        return SocialMediaSiteRequest.objects.get(pk=request.pk)

    @cached_property
    def approved(self) -> SocialMediaSiteRequest:
        """A request approved at both steps, so it has a register entry and an approval record."""
        request = self.awaiting_headteacher
        approve_task(site_request=request, user=self.users["headteacher"], attested=True)
        return SocialMediaSiteRequest.objects.get(pk=request.pk)

    @cached_property
    def staff_policy_index(self):
        """The staff area's policy index, with the "Policy approval" workflow and the policy roles' permissions."""
        index = make_index(self.staff_home, title="Staff policies", slug="staff-policies")
        grant_policy_permissions(index)
        return index

    @cached_property
    def school_policy(self):
        """A live Riverside PolicyPage in the staff area."""
        return make_policy(
            self.staff_policy_index, title="Riverside Lettings Policy", slug="lettings", school=self.school
        )

    def _submitted(self, policy, submitter):
        policy = PolicyPage.objects.get(pk=policy.pk)
        policy.title = f"{policy.title} (revised)"
        policy.save_revision(user=submitter)
        policy.get_workflow().start(policy, submitter)
        return PolicyPage.objects.get(pk=policy.pk)

    @cached_property
    def school_policy_submitted(self):
        """The Riverside policy, revised and submitted to "Policy approval" by a Riverside Policy editor."""
        editor = UserFactory(username="editor-riverside", school=self.school, roles=[roles.STAFF, roles.POLICY_EDITORS])
        return self._submitted(self.school_policy, editor)

    @cached_property
    def trust_policy_submitted(self):
        """The trust-wide staff policy, revised and submitted to "Policy approval" by the central Policy editor."""
        return self._submitted(self.staff_policy, self.users["policy_editor"])

    @cached_property
    def staff_policy(self):
        """A trust-wide PolicyPage in the private staff area, with the policy roles' page permissions."""
        return make_policy(
            self.staff_policy_index,
            title="Confidential Account Handover Procedure",
            slug="handover",
            body=[section("1", "Passwords", ("1.1", STAFF_POLICY_SECRET))],
        )

    @cached_property
    def guidance(self):
        """A live ParentGuidancePage in the public guidance section, where Communications may publish."""
        index = ParentGuidanceIndexPage(title="Parent e-safety guidance", slug="parent-guidance")
        self.home_page.add_child(instance=index)
        grant_communications_permissions(section=index)
        return make_guidance(index, title="Age limits", summary="Most apps are for 13 and over.")

    @cached_property
    def staff_document(self):
        """A document in the sign-in-only "Staff only" collection."""
        return _document(
            title="Vault combination",
            filename="vault.pdf",
            content=STAFF_DOCUMENT_BYTES,
            collection=staff_only_collection(),
        )

    @cached_property
    def public_document(self):
        """A document in the public "Parent guidance" collection."""
        return _document(
            title="SMART poster",
            filename="smart-poster.pdf",
            content=PUBLIC_DOCUMENT_BYTES,
            collection=Collection.objects.get(name="Parent guidance"),
        )

    @cached_property
    def image(self):
        """An image in the "Parent guidance" collection (Wagtail images carry no privacy)."""
        buffer = io.BytesIO()
        PILImage.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
        image = get_image_model()(title="Sports day", collection=Collection.objects.get(name="Parent guidance"))
        image.file = ImageFile(buffer, name="sports-day.png")
        image.save()
        return image


def fingerprint() -> dict:
    """Everything an action could change: requests, people, decisions, workflow, register, pages and documents.

    Returns a dict of sorted row tuples; equal fingerprints before and after an action
    mean it changed nothing.
    """
    return {
        "requests": sorted(
            SocialMediaSiteRequest.objects.values_list(
                "pk", "status", "department", "declaration", "last_completed_step", "updated_at"
            )
        ),
        "people": sorted(SitePerson.objects.values_list("pk", "request_id", "role", "user_id")),
        "decisions": sorted(ApprovalDecision.objects.values_list("pk", "step", "outcome", "approver_id")),
        "workflow_states": sorted(WorkflowState.objects.values_list("pk", "status")),
        "task_states": sorted(TaskState.objects.values_list("pk", "status", "finished_by_id")),
        "register": sorted(RegisterEntry.objects.values_list("pk", "status")),
        "pages": sorted(
            Page.objects.values_list(
                "pk", "title", "draft_title", "live", "has_unpublished_changes", "live_revision_id", "locked"
            )
        ),
        "revisions": sorted(Revision.objects.values_list("pk", flat=True)),
        "documents": sorted(get_document_model().objects.values_list("pk", "title", "collection_id", "file")),
    }
