"""Fixed vocabularies of the Appendix B request: statuses, audience groups, attestations.

Wording follows Appendix B of the Education Partnership Trust Social Media Policy.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    """Where a request stands, as the author sees it in "My requests"."""

    DRAFT = "draft", _("Draft")
    AWAITING_ICT = "awaiting_ict", _("Awaiting ICT Manager")
    AWAITING_HEAD = "awaiting_head", _("Awaiting Headteacher")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # An approved request being changed (issue 25): a new round that starts at the ICT Manager,
    # while the site stays in the register under its last approved record.
    AMENDING = "amending", _("Amendment being written")
    AMEND_ICT = "amend_ict", _("Amendment awaiting ICT Manager")
    AMEND_HEAD = "amend_head", _("Amendment awaiting Headteacher")
    # A built form's step decided by a named group or a Trust role (issue 29): the request
    # shows the step's own name (``SocialMediaSiteRequest.get_status_display``), these words
    # only when it has none.
    AWAITING_GROUP = "awaiting_group", _("Awaiting approval")
    AMEND_GROUP = "amend_group", _("Amendment awaiting approval")

    @classmethod
    def editable(cls) -> tuple["RequestStatus", ...]:
        """Statuses in which the author may change the answers (and so submit them)."""
        return (cls.DRAFT, cls.CHANGES_REQUESTED, cls.AMENDING)

    @classmethod
    def awaiting_ict(cls) -> tuple["RequestStatus", ...]:
        """Statuses of a request waiting for its ICT Manager (a first round or an amendment)."""
        return (cls.AWAITING_ICT, cls.AMEND_ICT)

    @classmethod
    def awaiting_head(cls) -> tuple["RequestStatus", ...]:
        """Statuses of a request waiting for its Headteacher (a first round or an amendment)."""
        return (cls.AWAITING_HEAD, cls.AMEND_HEAD)

    @classmethod
    def awaiting_group(cls) -> tuple["RequestStatus", ...]:
        """Statuses of a request waiting at a group step (a first round or an amendment)."""
        return (cls.AWAITING_GROUP, cls.AMEND_GROUP)

    @classmethod
    def amendment(cls) -> tuple["RequestStatus", ...]:
        """Statuses of an approved request whose amendment has not ended yet."""
        return (cls.AMENDING, cls.AMEND_ICT, cls.AMEND_GROUP, cls.AMEND_HEAD)

    @classmethod
    def submittable(cls) -> tuple["RequestStatus", ...]:
        """Statuses from which ``submit_request`` starts the workflow: a first submission or a resubmission."""
        return cls.editable()

    @classmethod
    def pending(cls) -> tuple["RequestStatus", ...]:
        """Statuses of a request waiting for an approver's decision."""
        return (*cls.awaiting_ict(), *cls.awaiting_group(), *cls.awaiting_head())

    @classmethod
    def withdrawable(cls) -> tuple["RequestStatus", ...]:
        """Statuses from which the author may still withdraw: anything not yet final, and never
        an amendment (the site it amends is approved and stays in the register)."""
        return (cls.DRAFT, cls.CHANGES_REQUESTED, cls.AWAITING_ICT, cls.AWAITING_GROUP, cls.AWAITING_HEAD)

    @classmethod
    def final(cls) -> tuple["RequestStatus", ...]:
        """Statuses nothing moves on from."""
        return (cls.APPROVED, cls.WITHDRAWN)


class AudienceGroup(models.TextChoices):
    """The Appendix B tick-boxes for "Proposed audience" and "Proposed contributors"."""

    PUPILS = "pupils", _("Pupils of the school (provide age range)")
    STAFF = "staff", _("Staff")
    FAMILIES = "families", _("Pupils' family members")
    OTHER_SCHOOLS = "other_schools", _("Pupils from other schools (provide names of schools)")
    EXTERNAL_ORGANISATIONS = "external_organisations", _("External organisations")
    PUBLIC = "public", _("Members of the public")
    OTHERS = "others", _("Others (please provide details)")


# Groups from outside the school: when any is a contributor, someone must vet them (A.5.7).
EXTERNAL_GROUPS = frozenset(
    {AudienceGroup.OTHER_SCHOOLS, AudienceGroup.EXTERNAL_ORGANISATIONS, AudienceGroup.PUBLIC, AudienceGroup.OTHERS}
)


class Visibility(models.TextChoices):
    OPEN = "open", _("Open: anyone can see it")
    CLOSED = "closed", _("Private or closed: only approved members can see it")


class Host(models.TextChoices):
    """Appendix B: "Who will host the site?"."""

    SCHOOL = "school", _("School")
    THIRD_PARTY = "third_party", _("Third party (please give host name)")


class SiteRole(models.TextChoices):
    """Appendix B "Administration of the site": at least 2 of each (A.5.4)."""

    ADMINISTRATOR = "administrator", _("Administrator")
    MODERATOR = "moderator", _("Moderator")


MINIMUM_ADMINISTRATORS = 2  # Appendix B: "the site must have at least 2 approved administrators"
MINIMUM_MODERATORS = 2  # Appendix B: "the site must have at least 2 approved moderators"
DEFAULT_PLATFORM_MINIMUM_AGE = 13  # A.2.5: the usual minimum age in platforms' terms of use


class ApprovalStep(models.TextChoices):
    """The two Appendix B approvals, in order, and a built form's step decided by a chosen group (issue 29)."""

    ICT_MANAGER = "ict_manager", _("ICT Manager")
    HEADTEACHER = "headteacher", _("Head of School/Headteacher")
    GROUP = "group", _("Group approval")


class GroupScope(models.TextChoices):
    """Where the members of a group step's group must work to decide a request (issue 29).

    ``school``: "a named group" of the request's own school (its Designated Safeguarding
    Leads); ``trust``: "a Trust role", held at any school of the trust (the Trust's Data
    Protection Officer, the central team's Communications group).
    """

    SCHOOL = "school", _("At the request's own school")
    TRUST = "trust", _("Anywhere in the trust")


# The exact Appendix B attestation each approver signs.
ATTESTATIONS = {
    ApprovalStep.ICT_MANAGER: "I approve the aims and content of the proposed site.",
    ApprovalStep.HEADTEACHER: (
        "I approve the aims and content of the proposed site and the use of school brand and logo."
    ),
}

# The statement an approver ticks on a request made on a form built in the admin: those
# forms ask for no site, brand or logo, so Appendix B's wording would attest to nothing asked.
BUILT_FORM_ATTESTATIONS = {
    ApprovalStep.ICT_MANAGER: "I have read this request's answers and approve it as the school's ICT Manager.",
    ApprovalStep.HEADTEACHER: "I have read this request's answers and approve it on behalf of the school.",
    ApprovalStep.GROUP: "I have read this request's answers and approve it for the role this step asks for.",
}


def attestation_for(step: str, *, built_form: bool) -> str:
    """The statement an approver of ``step`` (an ``ApprovalStep`` value) ticks to approve.

    Appendix B's own wording (``ATTESTATIONS``) for an Appendix B request; for a request on
    a form built in the admin (``built_form``), ``BUILT_FORM_ATTESTATIONS``. Raises
    ``KeyError`` for an unknown step.
    """
    return (BUILT_FORM_ATTESTATIONS if built_form else ATTESTATIONS)[step]


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
