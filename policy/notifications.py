"""Review reminder emails to the people answerable for a policy."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import PolicyPage, PolicyReviewReminder
from .selectors import policy_owners


def remind_policy_owners(*, policy: PolicyPage, today) -> PolicyReviewReminder | None:
    """Email ``policy``'s owners that its review is due soon or overdue, once per review date and stage.

    Returns the new ``PolicyReviewReminder``, or None when this reminder was already sent
    or nobody could be emailed. The record and the email succeed or fail together: if
    sending fails, nothing is recorded and the next run tries again.
    """
    kind = PolicyReviewReminder.OVERDUE if policy.is_overdue(today) else PolicyReviewReminder.DUE_SOON
    if PolicyReviewReminder.objects.filter(policy=policy, review_due=policy.next_review_due, kind=kind).exists():
        return None
    recipients = [user.email for user in policy_owners(policy=policy)]
    if not recipients:
        return None
    edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[policy.pk])
    due = date_format(policy.next_review_due, "j F Y")
    if kind == PolicyReviewReminder.OVERDUE:
        subject = _("Overdue for review: %(title)s (was due %(due)s)") % {"title": policy.title, "due": due}
        opening = _("The policy “%(title)s” (%(school)s) was due for review on %(due)s and is now overdue.")
    else:
        subject = _("Due for review: %(title)s (by %(due)s)") % {"title": policy.title, "due": due}
        opening = _("The policy “%(title)s” (%(school)s) is due for review by %(due)s.")
    message = "\n\n".join(
        [
            opening % {"title": policy.title, "school": policy.applies_to, "due": due},
            _(
                "Please review it, update the “Last reviewed” date and submit it for approval. "
                "You can edit it here: %(url)s"
            )
            % {"url": edit_url},
            _("You receive this email because you own this policy or edit policies for its school."),
        ]
    )
    with transaction.atomic():
        reminder = PolicyReviewReminder.objects.create(
            policy=policy,
            review_due=policy.next_review_due,
            kind=kind,
            sent_at=timezone.now(),
            recipients="\n".join(recipients),
        )
        send_mail(subject, message, None, recipients)
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

    Returns True if an email was sent. The record and the email succeed or fail together:
    if sending fails nothing is recorded and the next run tries again.
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
        version = _(" (version %(version)s)") % {"version": policy.version} if policy.version else ""
        subject = _("Please read and acknowledge: %(title)s") % {"title": policy.title}
        message = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": user.display_name()},
                _(
                    "You are asked to read the %(title)s%(version)s and confirm that you have read and understood it. "
                    "It applies to %(applies_to)s."
                )
                % {"title": policy.title, "version": version, "applies_to": policy.applies_to},
                _("Read it and confirm here: %(url)s") % {"url": policy.full_url or settings.WAGTAILADMIN_BASE_URL},
                _("You receive this email because you work at a school the policy applies to."),
            ]
        )
        send_mail(subject, message, None, [user.email])
    return True


def notify_policy_approvers(*, policy: PolicyPage, submitter) -> list[str]:
    """Email ``policy``'s approvers that it waits for their approval; return the addresses emailed.

    The approvers are ``policy.approvers.eligible_approvers``: the submitter is never
    emailed (they cannot approve their own policy), and a Headteacher's own school policy
    goes to the trust's second approver. Wagtail emails the members of a stock group task;
    this task's approvers come from the policy.
    """
    from .approvers import eligible_approvers

    author_ids = {submitter.pk} if submitter is not None else set()
    recipients = [
        user.email for user in eligible_approvers(school_id=policy.school_id, author_ids=author_ids) if user.email
    ]
    if not recipients:
        return []
    review_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[policy.pk])
    who = submitter.display_name() if submitter is not None else _("Someone")
    subject = _("Policy for approval: %(title)s (%(school)s)") % {"title": policy.title, "school": policy.applies_to}
    message = "\n\n".join(
        [
            _("%(who)s submitted the policy “%(title)s” (%(school)s) for your approval.")
            % {"who": who, "title": policy.title, "school": policy.applies_to},
            _("Review it, then approve it or request changes: %(url)s") % {"url": review_url},
            _("You receive this email because you approve this school's policies."),
        ]
    )
    send_mail(subject, message, None, recipients)
    return recipients
