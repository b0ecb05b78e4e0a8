"""The policy emails: review reminders to a policy's owners, acknowledgement reminders to staff, approval requests.

Each is a template trio under ``templates/policy/emails/`` queued in the outbox
(``core.mail.outbox.send_email``) in the transaction that records it, and delivered by
the task worker with retries: a mail server that is down never loses a reminder nor
makes one be recorded as sent without its email.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.mail.outbox import absolute_url, send_email

from .models import PolicyPage, PolicyReviewReminder
from .selectors import policy_owners

TEMPLATE_FOLDER = "policy/emails"


def remind_policy_owners(*, policy: PolicyPage, today) -> PolicyReviewReminder | None:
    """Email ``policy``'s owners that its review is due soon or overdue, once per review date and stage.

    Returns the new ``PolicyReviewReminder``, or None when this reminder was already sent
    or nobody could be emailed. The record and the queued email are saved together: if
    either fails, nothing is recorded and the next run tries again.
    """
    kind = PolicyReviewReminder.OVERDUE if policy.is_overdue(today) else PolicyReviewReminder.DUE_SOON
    if PolicyReviewReminder.objects.filter(policy=policy, review_due=policy.next_review_due, kind=kind).exists():
        return None
    recipients = [user.email for user in policy_owners(policy=policy)]
    if not recipients:
        return None
    context = {
        "overdue": kind == PolicyReviewReminder.OVERDUE,
        "title": policy.title,
        "school": policy.applies_to,
        "due": date_format(policy.next_review_due, "j F Y"),
        "url": absolute_url(reverse("wagtailadmin_pages:edit", args=[policy.pk])),
    }
    with transaction.atomic():
        reminder = PolicyReviewReminder.objects.create(
            policy=policy,
            review_due=policy.next_review_due,
            kind=kind,
            sent_at=timezone.now(),
            recipients="\n".join(recipients),
        )
        send_email(f"{TEMPLATE_FOLDER}/review_reminder", to=recipients, context=context)
    return reminder


def outstanding_staff_to_remind(*, policy: PolicyPage):
    """Return the active staff with an email address who have neither acknowledged ``policy``'s version in force
    nor been reminded about it, by surname. One query."""
    from django.db.models import Exists, OuterRef

    from .acknowledgements import staff_expected_to_acknowledge
    from .models import PolicyAcknowledgement, PolicyAcknowledgementReminder

    acknowledged = PolicyAcknowledgement.objects.filter(
        user=OuterRef("pk"), policy=policy, revision_id__gte=policy.acknowledgement_revision_id
    )
    reminded = PolicyAcknowledgementReminder.objects.filter(
        user=OuterRef("pk"), policy=policy, revision_id=policy.acknowledgement_revision_id
    )
    return (
        staff_expected_to_acknowledge(policy=policy)
        .exclude(email="")
        .exclude(Exists(acknowledged))
        .exclude(Exists(reminded))
        .order_by("last_name", "first_name", "pk")
    )


def remind_to_acknowledge(*, policy: PolicyPage, user) -> bool:
    """Email ``user`` that they have still to read and acknowledge ``policy``; at most once per version in force.

    Returns True if an email was queued. The record and the queued email are saved
    together: if either fails nothing is recorded and the next run tries again.
    """
    from .models import PolicyAcknowledgementReminder

    with transaction.atomic():
        _reminder, created = PolicyAcknowledgementReminder.objects.get_or_create(
            user=user,
            policy=policy,
            revision_id=policy.acknowledgement_revision_id,
            defaults={"sent_at": timezone.now()},
        )
        if not created:
            return False
        send_email(
            f"{TEMPLATE_FOLDER}/acknowledgement_reminder",
            to=[user.email],
            context={
                "name": user.display_name(),
                "title": policy.title,
                "version": policy.version,
                "applies_to": policy.applies_to,
                "url": policy.full_url or settings.WAGTAILADMIN_BASE_URL,
            },
        )
    return True


def policy_approvers(*, policy: PolicyPage):
    """Return the active people who approve ``policy`` in the workflow, with an email address, by surname.

    A school's policy: its Headteachers. A trust-wide policy: the central team's
    Headteachers (the CEO) and members of ``POLICY_TRUST_ROLES``. One query.
    """
    from django.db.models import Q

    from home import roles
    from home.models import User

    from .scope import trust_roles

    if policy.school_id:
        wanted = Q(groups__name=roles.HEADTEACHERS, school_id=policy.school_id)
    else:
        wanted = Q(groups__name=roles.HEADTEACHERS, school__is_central_team=True) | Q(groups__name__in=trust_roles())
    return User.objects.filter(wanted, is_active=True).exclude(email="").distinct().order_by("last_name", "pk")


def notify_policy_approvers(*, policy: PolicyPage, submitter) -> list[str]:
    """Queue an email to ``policy``'s approvers that it waits for their approval; return the addresses emailed.

    The submitter is never emailed (they cannot approve their own policy). Wagtail emails
    the members of a stock group task; this task's approvers come from the policy.
    """
    recipients = [
        user.email for user in policy_approvers(policy=policy) if submitter is None or user.pk != submitter.pk
    ]
    if not recipients:
        return []
    send_email(
        f"{TEMPLATE_FOLDER}/awaiting_approval",
        to=recipients,
        context={
            "who": submitter.display_name() if submitter is not None else _("Someone"),
            "title": policy.title,
            "school": policy.applies_to,
            "url": absolute_url(reverse("wagtailadmin_pages:edit", args=[policy.pk])),
        },
    )
    return recipients
