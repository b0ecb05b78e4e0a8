"""The one set of builders for social media site requests in tests, from an empty draft to an approved request.

- ``SocialMediaSiteRequestFactory``: an empty draft (no answers yet).
- ``complete_request``: a draft with every Appendix B answer given, ready to submit.
- ``submitted_request``: a complete request submitted through ``submit_request``.
- ``approved_request``: a submitted request approved at both steps through ``approve_task``,
  so its decisions, workflow, audit log and register entry are exactly as in use.

Drafts are saved directly: the form's steps are tested through their own pages.
"""

import datetime

import factory
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forms_app.answers import answers_digest
from forms_app.constants import AudienceGroup, Host, RequestStatus, SiteRole, Visibility
from forms_app.models import Platform, RequestAttachment, SitePerson, SocialMediaSiteRequest
from forms_app.request_form.services import add_attachment
from forms_app.request_form.steps import STEPS
from forms_app.workflow.services import approve_task, submit_request
from tests.factories import UserFactory

# Safeguarding answers: tests check that no email ever repeats them.
CONSENT_PLAN = "Consent letters go home with every pupil in the club"
SECURITY_MEASURES = "Only moderators can accept friend requests after a check"


class SocialMediaSiteRequestFactory(factory.django.DjangoModelFactory):
    """A draft request by a member of staff, for the author's school, with no answers yet.

    Use ``complete_request()`` for one with every Appendix B answer given.
    """

    class Meta:
        model = SocialMediaSiteRequest

    author = factory.SubFactory(UserFactory)
    school = factory.LazyAttribute(lambda o: o.author.school)
    status = RequestStatus.DRAFT


class SitePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePerson

    request = factory.SubFactory(SocialMediaSiteRequestFactory)
    role = SiteRole.ADMINISTRATOR
    user = factory.SubFactory(UserFactory, school=factory.SelfAttribute("..request.school"))


def complete_answers(today: datetime.date | None = None) -> dict:
    """Every Appendix B answer (model field values) for a valid closed Facebook page run by staff.

    Dates are relative to ``today`` (default: today in Europe/London): go-live in two
    weeks, closure in a year.
    """
    today = today or timezone.localdate()
    return {
        "department": "Year 6",
        "aims": "Share class news with families.",
        "proposed_content": "Photos of work (no faces) and weekly updates.",
        "platform": Platform.objects.get(name="Facebook"),
        "account_name": "Riverside Year 6",
        "promotion": "Newsletter and website.",
        "visibility": Visibility.CLOSED,
        "audience": [AudienceGroup.STAFF, AudienceGroup.FAMILIES],
        "contributors": [AudienceGroup.STAFF],
        "host": Host.SCHOOL,
        "go_live_date": today + datetime.timedelta(days=14),
        "closure_date": today + datetime.timedelta(days=365),
        "consent_plan": CONSENT_PLAN,
        "security_measures": SECURITY_MEASURES,
    }


def complete_request(
    *, author=None, administrators=None, moderators=None, line_manager=None, **overrides
) -> SocialMediaSiteRequest:
    """Create a draft with every step answered (ready for "Check your answers" and submission).

    Takes an optional ``author`` (default: a new member of staff), ``line_manager`` (default:
    a new colleague) and lists of users for ``administrators`` and ``moderators`` (default:
    2 new colleagues each, of the author's school); any other keyword overrides an answer.
    Returns the saved request.
    """
    author = author or UserFactory()
    line_manager = line_manager or UserFactory(school=author.school)
    answers = complete_answers() | {"line_manager": line_manager} | overrides
    site_request = SocialMediaSiteRequestFactory(author=author, last_completed_step=len(STEPS), **answers)
    for role, users in ((SiteRole.ADMINISTRATOR, administrators), (SiteRole.MODERATOR, moderators)):
        for order, user in enumerate(users if users is not None else UserFactory.create_batch(2, school=author.school)):
            SitePersonFactory(request=site_request, role=role, user=user, sort_order=order)
    return site_request


def submitted_request(*, author=None, **kwargs) -> SocialMediaSiteRequest:
    """Create a complete request (``complete_request`` keywords) and submit it as its author.

    Returns the request awaiting the ICT Manager. Emails are queued on commit: wrap the
    call in ``django_capture_on_commit_callbacks(execute=True)`` to send them.
    """
    author = author or UserFactory()
    draft = complete_request(author=author, declaration=True, **kwargs)
    return submit_request(site_request=draft, user=author)


def approved_request(
    *,
    ict_manager,
    headteacher,
    ict_approved_at: datetime.datetime | None = None,
    head_approved_at: datetime.datetime | None = None,
    **kwargs,
) -> SocialMediaSiteRequest:
    """Create a submitted request (``submitted_request`` keywords) and approve both steps.

    ``ict_manager`` and ``headteacher`` must hold those roles at the request's school.
    ``ict_approved_at``/``head_approved_at`` (aware datetimes) freeze the clock for each
    decision, so the signed times are known (the request is then submitted an hour before
    the first). Returns the approved request; its register entry exists
    (``request_approved`` was sent by the final approval).
    """
    if ict_approved_at is None:
        site_request = submitted_request(**kwargs)
    else:
        with time_machine.travel(ict_approved_at - datetime.timedelta(hours=1), tick=False):
            site_request = submitted_request(**kwargs)
    for approver, when in ((ict_manager, ict_approved_at), (headteacher, head_approved_at)):
        if when is None:
            approve_task(site_request=site_request, user=approver, attested=True)
        else:
            with time_machine.travel(when, tick=False):
                approve_task(site_request=site_request, user=approver, attested=True)
    site_request.refresh_from_db()
    return site_request


def approval_form(site_request: SocialMediaSiteRequest, *, digest: str | None = None) -> dict:
    """The review page's approval form for ``site_request``'s current step, as an approver posts it.

    The statement is ticked. ``digest`` is the digest of the answers the approver was shown;
    by default, of the answers stored now. Add other fields with ``|``.
    """
    return {
        "action": "approve",
        "approve-attested": "on",
        "task_state": site_request.current_workflow_task_state.pk,
        "digest": answers_digest(site_request) if digest is None else digest,
    }


SMALL_PDF = b"%PDF-1.7\n" + b"x" * 100


def attach_pdf(site_request: SocialMediaSiteRequest, *, uploaded_by, name: str = "plan.pdf") -> RequestAttachment:
    """Attach a small PDF named ``name`` to ``site_request``, as the attachments step stores an upload.

    Needs ``FORMS_APP_ATTACHMENTS_ROOT`` pointed at a temporary folder (the tests' settings do).
    """
    return RequestAttachment.objects.create(
        request=site_request,
        file=SimpleUploadedFile("plan.pdf", SMALL_PDF),
        original_name=name,
        content_type="application/pdf",
        size=len(SMALL_PDF),
        uploaded_by=uploaded_by,
    )


def upload_pdf(site_request: SocialMediaSiteRequest, *, author, name: str) -> RequestAttachment:
    """Upload a small PDF named ``name`` to ``site_request`` as its ``author`` does, through ``add_attachment``.

    Unlike ``attach_pdf``, the service's checks and its audit-log entry apply. Returns the new
    attachment; raises what ``add_attachment`` raises.
    """
    uploaded = SimpleUploadedFile(name, SMALL_PDF)
    return add_attachment(site_request=site_request, user=author, uploaded=uploaded, content_type="application/pdf")
