"""Recording runners' training, and reminding them to read and acknowledge the Social Media Policy."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home import roles
from home.models import User
from policy.acknowledgements import issue_external_link

from ..emails import absolute_url, send_email
from ..models import RunnerTraining, SitePerson, SocialMediaSiteRequest
from .selectors import policy_to_acknowledge, runner_statuses

__all__ = ["record_training", "send_acknowledgement_reminders", "send_reminders_as_approver"]


def record_training(
    *, person: SitePerson, recorded_by: User, trained_on: datetime.date | None, course: str
) -> RunnerTraining:
    """Record that ``person`` (named on a request) was trained on ``trained_on`` in ``course``; return the record.

    Recorded by an ICT Manager of the request's school (the policies' "received
    appropriate training"). The training belongs to the person (their account, or their
    email address if they have none), so it counts for every site they run. Raises
    ``PermissionDenied`` for anyone else, and ``ValidationError`` (fields ``trained_on``,
    ``course``) for a missing or future date, a blank description, or a person without
    an account and without an email address. Logged on the request as
    ``forms_app.runner.training``.
    """
    site_request = person.request
    if not (
        recorded_by.is_active
        and recorded_by.school_id == site_request.school_id
        and roles.ICT_MANAGERS in roles.role_names(recorded_by)
    ):
        raise PermissionDenied
    course = (course or "").strip()
    errors = {}
    if trained_on is None:
        errors["trained_on"] = _("Enter the date of the training.")
    elif trained_on > timezone.localdate():
        errors["trained_on"] = _("The date of the training cannot be in the future.")
    if not course:
        errors["course"] = _("Say what training was given, for example 'Social media for school accounts'.")
    if not person.user_id and not person.email:
        errors["course"] = _("Add %(name)s's email address to the request first, so the training can be recorded.") % {
            "name": person.name
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        training = RunnerTraining(
            user=person.user,
            email="" if person.user_id else person.email.lower(),
            name=person.display_name,
            school_id=site_request.school_id,
            trained_on=trained_on,
            course=course[:200],
            recorded_by=recorded_by,
        )
        training.full_clean()
        training.save()
        log(
            instance=site_request,
            action="forms_app.runner.training",
            user=recorded_by,
            data={"person": person.display_name, "trained_on": trained_on.isoformat(), "course": training.course},
        )
    return training


def send_acknowledgement_reminders(*, site_request: SocialMediaSiteRequest, user: User) -> list[str]:
    """Remind every runner of ``site_request`` who has not acknowledged the Social Media Policy; return their names.

    Only the request's author may send them. Members of staff are emailed a link to the
    policy, which they acknowledge from their staff home; a person without an account
    gets a single-use link, valid 14 days, bound to their email address and this request
    (``policy.acknowledgements.issue_external_link``). People without an email address
    are skipped (their names are not returned). Raises ``PermissionDenied`` for anyone
    but the author.
    """
    if user.pk != site_request.author_id:
        raise PermissionDenied
    return _send_reminders(site_request=site_request, user=user)


def send_reminders_as_approver(*, site_request: SocialMediaSiteRequest, user: User) -> list[str]:
    """Send the same reminders as ``send_acknowledgement_reminders``, from the approver who decides the current step.

    The final approver sees on the review page who has not read the policy; they may
    remind them there rather than ask the author to (issue "No dead ends"). Returns the
    names reminded. Raises ``PermissionDenied`` unless ``user`` may decide the request's
    current step now (``SocialMediaApprovalTask.refusal_reason``).
    """
    from ..models import SocialMediaApprovalTask

    task_state = site_request.current_workflow_task_state
    task = SocialMediaApprovalTask.objects.filter(pk=task_state.task_id).first() if task_state else None
    if task is None or task.refusal_reason(site_request, user) is not None:
        raise PermissionDenied
    return _send_reminders(site_request=site_request, user=user)


def _send_reminders(*, site_request: SocialMediaSiteRequest, user: User) -> list[str]:
    policy = policy_to_acknowledge(site_request)
    if policy is None:
        return []
    reminded = []
    for status in runner_statuses(site_request):
        person = status.person
        if status.acknowledged:
            continue
        if person.user_id:
            if not person.user.email:
                continue
            to, url = [person.user.email], absolute_url(policy.url or "/")
        else:
            if not person.email:
                continue
            _record, token = issue_external_link(
                name=person.name, email=person.email, policy=policy, purpose=site_request.reference, created_by=user
            )
            to, url = [person.email], absolute_url(reverse("acknowledge:external", args=[token]))
        send_email(
            "runner_acknowledgement",
            to=to,
            context={
                "name": person.display_name,
                "author": user.display_name(),
                "school": site_request.school.name,
                "reference": site_request.reference,
                "account_name": site_request.account_name,
                "role": person.get_role_display().lower(),
                "policy_title": policy.title,
                "url": url,
                "has_account": bool(person.user_id),
            },
        )
        reminded.append(person.display_name)
    return reminded
