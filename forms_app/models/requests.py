"""The Appendix B Social Media Site Creation Approval Form, as a workflow-enabled snippet."""

import datetime
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from core.fields import optional_link

from ..constants import Host, RequestStatus, SiteRole, Visibility

if TYPE_CHECKING:
    from .people import SitePerson

__all__ = [
    "FROZEN_FIELDS",
    "RequestFrozenError",
    "SocialMediaSiteRequest",
    "answers_may_change",
    "same_answer",
]

# What an approver reads and the sealed record prints, as attribute names: fixed from the
# moment a request is submitted until its author may change it again ("Request changes").
FROZEN_FIELDS: tuple[str, ...] = (
    "school_id",
    "department",
    "author_id",
    "line_manager_id",
    "aims",
    "proposed_content",
    "platform_id",
    "platform_other_name",
    "account_name",
    "promotion",
    "visibility",
    "audience",
    "audience_age_from",
    "audience_age_to",
    "audience_other_schools",
    "audience_other_details",
    "contributors",
    "contributors_age_from",
    "contributors_age_to",
    "contributors_other_schools",
    "contributors_other_details",
    "vetting_person",
    "host",
    "host_name",
    "go_live_date",
    "closure_date",
    "contributor_advertising",
    "consent_plan",
    "contributors_include_vulnerable_adults",
    "security_measures",
    "declaration",
    "policy_page_id",
    "policy_version",
    "submitted_at",
    # A form built in the admin (``ApprovalFormPage``): the version of its questions and the answers.
    "form_version_id",
    "answers",
)

# Set only by the services that open a new round of answers (an amendment), never by a view.
_answers_may_change: ContextVar[bool] = ContextVar("answers_may_change", default=False)


@contextmanager
def answers_may_change() -> Iterator[None]:
    """Let saves inside the ``with`` block change a submitted request's answers.

    For the workflow services only (an amendment opens a new round of answers): views and
    the admin never use it, so a submitted, pending or approved request keeps the answers
    both approvers read.
    """
    token = _answers_may_change.set(True)
    try:
        yield
    finally:
        _answers_may_change.reset(token)


def same_answer(stored, value) -> bool:
    """Whether a stored answer and the value about to be saved are the same answer.

    Times are compared to the millisecond: a Wagtail revision keeps them as JSON at that
    precision, and publishing the approved revision saves them back.
    """
    if isinstance(stored, datetime.datetime) and isinstance(value, datetime.datetime):
        return abs(stored - value) < datetime.timedelta(milliseconds=1)
    return stored == value


class RequestFrozenError(PermissionDenied):
    """A save would change the answers of a request that is submitted, pending, approved or withdrawn.

    Issue 25: what both approvers saw is what is sealed, so once submitted the answers change
    only through an amendment (a new round of approval), never by saving the row.
    """


class SocialMediaSiteRequestQuerySet(models.QuerySet):
    """Queries on requests that the model layer needs itself (the form page lists the author's drafts)."""

    def by_author(self, user) -> "SocialMediaSiteRequestQuerySet":
        """The requests ``user`` wrote, with their school, most recently changed first; empty drafts left out."""
        return self.filter(author=user).exclude_empty_drafts().select_related("school").order_by("-updated_at")

    def exclude_empty_drafts(self) -> "SocialMediaSiteRequestQuerySet":
        """Leave out drafts with no answer yet (no step finished, step 1's department and line
        manager blank). A draft is now created by its first answer; older empty ones stay hidden."""
        return self.exclude(
            status=RequestStatus.DRAFT,
            last_completed_step=0,
            department="",
            line_manager__isnull=True,
            form_version__isnull=True,
        )

    def editable(self) -> "SocialMediaSiteRequestQuerySet":
        """Requests whose author may still change the answers (``RequestStatus.editable()``)."""
        return self.filter(status__in=RequestStatus.editable())


class SocialMediaSiteRequest(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """One member of staff's request to create an official social media site (Appendix B).

    Fields follow the form's order and wording. ``public_id`` (a random UUID) is the only
    identifier in front-end URLs; ``reference`` (``SM-2026-0042``) is what people quote.
    ``status`` is the author-facing summary kept in step with the moderation workflow by
    ``forms_app.workflow.services``. ``str()`` gives the reference only: no personal data.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT, db_index=True
    )
    # The name of the group step a request waits at (``RequestStatus.awaiting_group``), so
    # every list shows "Awaiting Data Protection Officer" without a query per row.
    awaiting_step_name = models.CharField(_("step awaited"), max_length=255, blank=True, editable=False)

    # Team details
    school = models.ForeignKey(
        "home.School",
        verbose_name=_("School or central team the site is for"),
        on_delete=models.PROTECT,
        related_name="social_media_requests",
    )
    department = models.CharField(_("Department"), max_length=150, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Name of author of site"),
        on_delete=models.PROTECT,
        related_name="social_media_requests",
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Author's line manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # Purpose of setting up social media site
    aims = models.TextField(_("What are the aims you propose to achieve by setting up this site?"), blank=True)
    proposed_content = models.TextField(_("What is the proposed content of the site?"), blank=True)
    platform = models.ForeignKey(
        "forms_app.Platform", verbose_name=_("Platform"), on_delete=models.PROTECT, null=True, blank=True
    )
    platform_other_name = models.CharField(_("Name of the platform"), max_length=80, blank=True)
    account_name = models.CharField(_("Proposed site or account name"), max_length=120, blank=True)
    promotion = models.TextField(_("How will the account be promoted?"), blank=True)
    visibility = models.CharField(
        _("Will the account be open or private/closed?"), max_length=10, choices=Visibility.choices, blank=True
    )

    # Proposed audience of the site (tick all that apply): a list of constants.AudienceGroup values
    audience = models.JSONField(_("Proposed audience of the site"), default=list, blank=True)
    audience_age_from = models.PositiveSmallIntegerField(_("Youngest pupil's age"), null=True, blank=True)
    audience_age_to = models.PositiveSmallIntegerField(_("Oldest pupil's age"), null=True, blank=True)
    audience_other_schools = models.TextField(_("Names of the other schools"), blank=True)
    audience_other_details = models.TextField(_("Details of other audience"), blank=True)

    # Proposed contributors to the site (tick all that apply)
    contributors = models.JSONField(_("Proposed contributors to the site"), default=list, blank=True)
    contributors_age_from = models.PositiveSmallIntegerField(_("Youngest pupil's age"), null=True, blank=True)
    contributors_age_to = models.PositiveSmallIntegerField(_("Oldest pupil's age"), null=True, blank=True)
    contributors_other_schools = models.TextField(_("Names of the other schools"), blank=True)
    contributors_other_details = models.TextField(_("Details of other contributors"), blank=True)

    # Administration of the site (administrators and moderators are SitePerson rows)
    vetting_person = models.CharField(_("Who will vet external contributors?"), max_length=150, blank=True)
    host = models.CharField(_("Who will host the site?"), max_length=20, choices=Host.choices, blank=True)
    host_name = models.CharField(_("Host name"), max_length=150, blank=True)

    go_live_date = models.DateField(_("Proposed date of going live"), null=True, blank=True)
    closure_date = models.DateField(_("Proposed date for site closure"), null=True, blank=True)
    contributor_advertising = models.TextField(
        _("How do you propose to advertise for external contributors?"), blank=True
    )
    consent_plan = models.TextField(
        _(
            "If contributors include children or adults with learning disabilities, how do you propose to "
            "inform and obtain consent of parents or responsible adults?"
        ),
        blank=True,
    )
    contributors_include_vulnerable_adults = models.BooleanField(
        _("Contributors include adults with learning disabilities"), default=False
    )
    security_measures = models.TextField(
        _(
            "What security measures will you take to prevent unwanted or unsuitable individuals from "
            "contributing or becoming 'friends' of the site?"
        ),
        blank=True,
    )

    # Declaration
    declaration = models.BooleanField(_("I have read the Social Media Policy"), default=False)
    policy_page = optional_link("wagtailcore.Page", _("Social Media Policy in force at submission"))
    policy_version = models.CharField(_("Policy version at submission"), max_length=40, blank=True)

    # A request made on a form built in the admin (``ApprovalFormPage``) rather than Appendix B:
    # the version of the form's questions it was made with, and its answers keyed by question id
    # (shapes in ``forms_app.blocks``). Empty for Appendix B, whose answers are the fields above.
    form_version = models.ForeignKey(
        "forms_app.ApprovalFormVersion",
        verbose_name=_("approval form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="submissions",
    )
    answers = models.JSONField(_("answers to the approval form"), default=dict, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    # How far the author has got through the front-end form's steps (0: none finished), so
    # steps cannot be skipped by typing an address or posting to a later step.
    last_completed_step = models.PositiveSmallIntegerField(_("last step completed"), default=0, editable=False)

    objects = SocialMediaSiteRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("social media site request")
        verbose_name_plural = _("social media site requests")
        indexes = [models.Index(fields=["author", "status"])]

    def __str__(self) -> str:
        return self.reference or str(_("Draft request"))

    def save(self, *args, **kwargs):
        """Save; on first save also give the request its ``SM-<year>-<number>`` reference (a built form's
        letters instead of ``SM``: ``ApprovalFormVersion.reference_prefix``).

        The number is the primary key, so references are unique without a counter table
        that concurrent submissions would have to lock. Raises ``RequestFrozenError``
        (nothing saved) when the save would change an answer (``FROZEN_FIELDS``) of a request
        whose stored status is not one its author may edit, whatever view or command saves it.
        """
        if self.pk is not None and not self._state.adding:
            self._refuse_frozen_changes(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        if not self.reference:
            prefix = self.form_version.reference_prefix if self.form_version_id else "SM"
            self.reference = f"{prefix}-{self.created_at.year}-{self.pk:04d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    def get_status_display(self) -> str:
        """The status as people read it: a group step's own name ("Awaiting Data Protection Officer",
        "Amendment awaiting Data Protection Officer") while the request waits at one, else the status's label."""
        if self.awaiting_step_name and self.status == RequestStatus.AWAITING_GROUP:
            return str(_("Awaiting %(step)s")) % {"step": self.awaiting_step_name}
        if self.awaiting_step_name and self.status == RequestStatus.AMEND_GROUP:
            return str(_("Amendment awaiting %(step)s")) % {"step": self.awaiting_step_name}
        return str(RequestStatus(self.status).label) if self.status in RequestStatus.values else self.status

    @property
    def is_built_form(self) -> bool:
        """True for a request made on a form built in the admin (``ApprovalFormPage``), False for Appendix B."""
        return self.form_version_id is not None

    @property
    def form_title(self) -> str:
        """The name of the form this request was made on, as its version recorded it."""
        if self.form_version_id:
            return self.form_version.title
        return str(_("Social Media Site Creation Approval Form"))

    def get_workflow(self):
        """The approval chain of this request: its form version's workflow, or Appendix B's (Wagtail's default).

        Returns an active ``Workflow`` or None (a disabled chain: ``submit_request`` then
        refuses). One query at most.
        """
        if self.form_version_id:
            return self.form_version.get_workflow()
        return super().get_workflow()

    def _refuse_frozen_changes(self, update_fields: Iterable[str] | None) -> None:
        """Raise ``RequestFrozenError`` if this save changes a frozen answer of a submitted request.

        One query, skipped when ``update_fields`` names no answer (the services' status changes).
        """
        from ..constants import RequestStatus

        if _answers_may_change.get():
            return
        if update_fields is None:
            names = list(FROZEN_FIELDS)
        else:
            attnames = {self._meta.get_field(name).attname for name in update_fields}
            names = [name for name in FROZEN_FIELDS if name in attnames]
            if not names:
                return
        stored = type(self)._base_manager.filter(pk=self.pk).values("status", *names).first()
        if stored is None or stored["status"] in RequestStatus.editable():
            return
        changed = [name for name in names if not same_answer(stored[name], getattr(self, name))]
        if changed:
            raise RequestFrozenError(
                _(
                    "Request %(reference)s has been submitted, so its answers cannot be changed: both approvers "
                    "must see what is sealed. Its author can make an amendment, which goes to the ICT Manager again."
                )
                % {"reference": self.reference}
            )

    @property
    def administrators(self) -> list["SitePerson"]:
        """The named administrators (uses a prefetched ``site_people`` when present)."""
        return [p for p in self.site_people.all() if p.role == SiteRole.ADMINISTRATOR]

    @property
    def moderators(self) -> list["SitePerson"]:
        """The named moderators (uses a prefetched ``site_people`` when present)."""
        return [p for p in self.site_people.all() if p.role == SiteRole.MODERATOR]
