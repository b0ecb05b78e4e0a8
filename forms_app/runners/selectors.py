"""Whether each person named to run a site has read the Social Media Policy and been trained (read only)."""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from home.models import User
from policy.models import ExternalAcknowledgement, PolicyAcknowledgement, PolicyPage
from policy.selectors import social_media_policy_page

from ..models import RunnerTraining, SitePerson, SocialMediaSiteRequest

__all__ = [
    "CandidateStatus",
    "RunnerStatus",
    "candidate_statuses",
    "policy_to_acknowledge",
    "runner_statuses",
    "unready_runners",
]


@dataclass(frozen=True)
class RunnerStatus:
    """One administrator or moderator of a request: ``acknowledged`` the policy in force, ``trained_on`` (or None)."""

    person: SitePerson
    acknowledged: bool
    trained_on: datetime.date | None

    @property
    def is_ready(self) -> bool:
        return self.acknowledged and self.trained_on is not None

    @property
    def missing(self) -> list[str]:
        """What is still to do, in words: "has not acknowledged the policy", "has no training date"."""
        gaps = []
        if not self.acknowledged:
            gaps.append("has not acknowledged the Social Media Policy")
        if self.trained_on is None:
            gaps.append("has no recorded training date")
        return gaps


def policy_to_acknowledge(site_request: SocialMediaSiteRequest) -> PolicyPage | None:
    """Return the Social Media Policy the request's runners must have acknowledged, or None if there is none.

    The live Social Media Policy of the request's school (else the trust's), when it asks
    staff to acknowledge it ("Staff must acknowledge"). A trust that has not asked for
    acknowledgement has nothing to check, so the rule does not apply.
    """
    policy = social_media_policy_page(school=site_request.school)
    if policy is None or not policy.requires_acknowledgement:
        return None
    return policy


def _version_revision_id(policy: PolicyPage) -> int | None:
    return policy.acknowledgement_revision_id or policy.live_revision_id


def _acknowledged_user_ids(policy: PolicyPage, user_ids) -> set[int]:
    """The ids among ``user_ids`` of the staff who have acknowledged the version of ``policy`` in force. One query."""
    return set(
        PolicyAcknowledgement.objects.filter(
            policy=policy, user_id__in=user_ids, revision_id__gte=_version_revision_id(policy)
        ).values_list("user_id", flat=True)
    )


def _last_trained_by_user_id(user_ids) -> dict[int, datetime.date]:
    """The latest recorded training date of each of ``user_ids`` who has one. One query."""
    return dict(
        RunnerTraining.objects.filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(last=Max("trained_on"))
        .values_list("user_id", "last")
    )


def runner_statuses(site_request: SocialMediaSiteRequest) -> list[RunnerStatus]:
    """Return each administrator and moderator of ``site_request`` with their acknowledgement and training.

    Empty when no Social Media Policy asks for acknowledgement (``policy_to_acknowledge``).
    A member of staff acknowledges from their staff home (``PolicyAcknowledgement`` of the
    version in force); a person without an account through the emailed link, for this
    request (``ExternalAcknowledgement`` with ``purpose`` = the reference). Training is the
    latest ``RunnerTraining`` for their account or email address. Four queries.
    """
    policy = policy_to_acknowledge(site_request)
    if policy is None:
        return []
    people = list(site_request.site_people.select_related("user").order_by("role", "sort_order", "pk"))
    revision_id = _version_revision_id(policy)
    user_ids = {p.user_id for p in people if p.user_id}
    emails = {p.email.lower() for p in people if not p.user_id and p.email}
    acknowledged_users = _acknowledged_user_ids(policy, user_ids)
    acknowledged_emails = {
        email.lower()
        for email in ExternalAcknowledgement.objects.filter(
            policy=policy, purpose=site_request.reference, used_at__isnull=False, revision_id__gte=revision_id
        ).values_list("email", flat=True)
    }
    trained_users = _last_trained_by_user_id(user_ids)
    trained_emails = {
        email.lower(): last
        for email, last in RunnerTraining.objects.filter(user__isnull=True, email__in=emails)
        .values("email")
        .annotate(last=Max("trained_on"))
        .values_list("email", "last")
    }
    statuses = []
    for person in people:
        if person.user_id:
            acknowledged, trained_on = person.user_id in acknowledged_users, trained_users.get(person.user_id)
        else:
            email = person.email.lower()
            acknowledged = bool(email) and email in acknowledged_emails
            trained_on = trained_emails.get(email) if email else None
        statuses.append(RunnerStatus(person=person, acknowledged=acknowledged, trained_on=trained_on))
    return statuses


def unready_runners(site_request: SocialMediaSiteRequest) -> list[RunnerStatus]:
    """The administrators and moderators who have not yet both acknowledged the policy and been trained."""
    return [status for status in runner_statuses(site_request) if not status.is_ready]


@dataclass(frozen=True)
class CandidateStatus:
    """A member of staff who might take over running a site: ``acknowledged`` the policy in force, ``trained_on``."""

    user: User
    acknowledged: bool
    trained_on: datetime.date | None

    is_ready = RunnerStatus.is_ready
    missing = RunnerStatus.missing


def candidate_statuses(site_request: SocialMediaSiteRequest) -> list[CandidateStatus] | None:
    """Return every active member of staff of ``site_request``'s school, with whether they are ready to run its site.

    The same rule as the final approval (``runner_statuses``): they have acknowledged the
    version in force of the Social Media Policy that asks for it and have a recorded
    training date. Returns None when no policy asks for acknowledgement (the rule does not
    apply: anyone active at the school may take over). Ordered by surname. Three queries.
    """
    policy = policy_to_acknowledge(site_request)
    if policy is None:
        return None
    staff = list(
        User.objects.filter(is_active=True, school_id=site_request.school_id).order_by("last_name", "first_name")
    )
    ids = [user.pk for user in staff]
    acknowledged = _acknowledged_user_ids(policy, ids)
    trained = _last_trained_by_user_id(ids)
    return [
        CandidateStatus(user=user, acknowledged=user.pk in acknowledged, trained_on=trained.get(user.pk))
        for user in staff
    ]
