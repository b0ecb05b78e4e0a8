"""Reading and acknowledging policies: who must, who has, and recording that they did.

Selectors read, services write (every write under ``transaction.atomic``):

- ``policies_to_acknowledge(user=...)``: what a member of staff still has to acknowledge.
- ``acknowledged_current_version(users=..., policy=...)``: which of some people have
  acknowledged the version in force (for the social media request: the administrators
  and moderators of a new account must have read the policy).
- ``acknowledge_policy(user=..., policy=...)``: a member of staff acknowledges.
- ``record_policy_view(...)`` / ``has_opened_version_in_force(...)``: staff acknowledge on
  the policy's page, after opening it; the opening is recorded.
- ``update_acknowledgement_version(page=..., revision=...)``: on publishing, decide whether
  staff are asked again.
- ``issue_external_link(...)`` / ``external_link_for(token)`` /
  ``acknowledge_by_link(...)`` / ``externally_acknowledged(...)``: the same for someone
  without an account, through a single-use, expiring link bound to them and a purpose.

"The version in force" is ``PolicyPage.acknowledgement_revision``: the first published
revision once "Staff must acknowledge" is ticked, then each published revision whose
change was marked "needs re-acknowledgement". A person has acknowledged it when they
acknowledged that revision or a later one (revision ids only grow).
"""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import Revision

from home import roles
from home.models import User

from .models import ExternalAcknowledgement, PolicyAcknowledgement, PolicyPage

EXTERNAL_LINK_VALIDITY = datetime.timedelta(days=14)

__all__ = [
    "EXTERNAL_LINK_VALIDITY",
    "AcknowledgementError",
    "acknowledge_by_link",
    "acknowledge_policy",
    "acknowledged_current_version",
    "external_link_for",
    "externally_acknowledged",
    "issue_external_link",
    "policies_needing_acknowledgement",
    "has_opened_version_in_force",
    "is_asked_to_acknowledge",
    "is_site_runner",
    "policies_to_acknowledge",
    "record_policy_view",
    "staff_expected_to_acknowledge",
    "update_acknowledgement_version",
]


class AcknowledgementError(Exception):
    """An acknowledgement that cannot be recorded; the message says why, for the person acknowledging."""


# -- selectors -------------------------------------------------------------------------


def policies_needing_acknowledgement() -> QuerySet[PolicyPage]:
    """Return the live policies that staff must acknowledge (ticked and published), A to Z, with their school."""
    return (
        PolicyPage.objects.live()
        .filter(requires_acknowledgement=True, acknowledgement_revision__isnull=False)
        .select_related("school")
        .order_by("title")
    )


def _acknowledged(user_ref) -> Exists:
    return Exists(
        PolicyAcknowledgement.objects.filter(
            user=user_ref, policy=OuterRef("pk"), revision_id__gte=OuterRef("acknowledgement_revision_id")
        )
    )


def _site_runner_ids() -> list[QuerySet]:
    """The querysets of user ids the apps answering ``roles.SITE_RUNNERS_HOOK`` give (people who run a site)."""
    return [user_ids() for user_ids in hooks.get_hooks(roles.SITE_RUNNERS_HOOK)]


def audience_filter(*, policy: PolicyPage) -> Q:
    """Return the filter on ``User`` for whom ``policy`` asks to acknowledge it (``acknowledged_by``).

    ``Q()`` (everyone) when no role is ticked. Otherwise the holders of any ticked role,
    and the staff who run a school social media account when ``roles.SITE_RUNNERS`` is
    ticked. Subqueries, not joins, so each person is counted once.
    """
    keys = set(policy.acknowledged_by or ())
    if not keys:
        return Q()
    wanted = Q(pk__in=User.objects.filter(groups__name__in=keys - {roles.SITE_RUNNERS}).values("pk"))
    if roles.SITE_RUNNERS in keys:
        for user_ids in _site_runner_ids():
            wanted |= Q(pk__in=user_ids)
    return wanted


def is_site_runner(user) -> bool:
    """Return whether ``user`` runs a school social media account (``roles.SITE_RUNNERS_HOOK``).

    One query the first time, then cached on the user object, as ``roles.role_names`` is.
    """
    cached = getattr(user, "_is_site_runner", None)
    if cached is None:
        wanted = Q(pk__in=[])
        for user_ids in _site_runner_ids():
            wanted |= Q(pk__in=user_ids)
        cached = User.objects.filter(wanted, pk=user.pk).exists()
        user._is_site_runner = cached
    return cached


def is_asked_to_acknowledge(*, user, policy: PolicyPage) -> bool:
    """Return whether ``policy``'s ``acknowledged_by`` includes ``user`` (all staff when nothing is ticked).

    No query when nothing is ticked or ``user`` holds a ticked role (groups cached on the
    user); ``is_site_runner`` when only "staff who run a school social media account" can.
    """
    keys = set(policy.acknowledged_by or ())
    if not keys or roles.role_names(user) & keys:
        return True
    return roles.SITE_RUNNERS in keys and is_site_runner(user)


def policies_to_acknowledge(*, user) -> list[PolicyPage]:
    """Return the live policies ``user`` has still to acknowledge (their school's and trust-wide ones), A to Z.

    Only the policies that ask them (``acknowledged_by``: all staff, or a role they hold).
    Empty for anonymous users and people without a school. One query, and one more when
    a policy asks only the staff who run a site.
    """
    if not user.is_authenticated or not user.school_id:
        return []
    policies = (
        policies_needing_acknowledgement()
        .filter(Q(school__isnull=True) | Q(school_id=user.school_id))
        .exclude(_acknowledged(user.pk))
    )
    return [policy for policy in policies if is_asked_to_acknowledge(user=user, policy=policy)]


def record_policy_view(*, user, policy: PolicyPage) -> bool:
    """Record that ``user`` opened live ``policy`` (its live revision); return whether a new record was made.

    Only for signed-in people and policies that ask to be acknowledged: other page views
    write nothing.
    """
    if not (user.is_authenticated and policy.live and policy.requires_acknowledgement and policy.live_revision_id):
        return False
    from .models import PolicyView

    _view, created = PolicyView.objects.get_or_create(user=user, policy=policy, revision_id=policy.live_revision_id)
    return created


def has_opened_version_in_force(*, user, policy: PolicyPage) -> bool:
    """Return whether ``user`` opened ``policy`` as it stood at its version in force, or later. One query."""
    from .models import PolicyView

    since = policy.acknowledgement_revision_id or policy.live_revision_id
    return PolicyView.objects.filter(user=user, policy=policy, revision_id__gte=since or 0).exists()


def staff_expected_to_acknowledge(*, policy: PolicyPage) -> QuerySet[User]:
    """Return the active staff ``policy`` applies to and asks (``audience_filter``): its school's, or every school's
    for a trust-wide policy; each once."""
    staff = User.objects.filter(audience_filter(policy=policy), is_active=True, school__isnull=False)
    if policy.school_id:
        staff = staff.filter(school_id=policy.school_id)
    return staff


def acknowledged_current_version(*, users: Iterable, policy: PolicyPage) -> set[int]:
    """Return the ids of those ``users`` (users or ids) who acknowledged ``policy``'s version in force. One query.

    Empty when the policy asks for no acknowledgement or was never published with it.
    """
    ids = {getattr(user, "pk", user) for user in users}
    if not ids or policy.acknowledgement_revision_id is None:
        return set()
    return set(
        PolicyAcknowledgement.objects.filter(
            policy=policy, user_id__in=ids, revision_id__gte=policy.acknowledgement_revision_id
        ).values_list("user_id", flat=True)
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def external_link_for(token: str) -> ExternalAcknowledgement | None:
    """Return the link record for ``token`` (used or not, expired or not), or None if there is none."""
    if not token or len(token) > 200:
        return None
    return ExternalAcknowledgement.objects.select_related("policy").filter(token_hash=_hash(token)).first()


def externally_acknowledged(*, email: str, purpose: str, policy: PolicyPage) -> bool:
    """Return whether the person with ``email`` acknowledged ``policy``'s version in force for ``purpose``.

    A link used for another purpose, another person or an older version does not count.
    """
    if policy.acknowledgement_revision_id is None:
        return False
    return ExternalAcknowledgement.objects.filter(
        policy=policy,
        email__iexact=email.strip(),
        purpose=purpose,
        used_at__isnull=False,
        revision_id__gte=policy.acknowledgement_revision_id,
    ).exists()


# -- services --------------------------------------------------------------------------


def _version_in_force(policy: PolicyPage) -> Revision:
    revision = policy.acknowledgement_revision or policy.live_revision
    if not policy.live or revision is None:
        raise AcknowledgementError("This policy is not published, so it cannot be acknowledged.")
    return revision


def acknowledge_policy(*, user, policy: PolicyPage) -> PolicyAcknowledgement:
    """Record that ``user`` has read and understood ``policy`` as published now; return the record.

    Records the live revision and the policy's version number, at the current time
    (UTC). Acknowledging again the same revision returns the existing record. Raises
    ``AcknowledgementError`` if the policy is not published or does not apply to ``user``
    (another school's policy).
    """
    _version_in_force(policy)
    if not user.is_authenticated or not user.is_active:
        raise AcknowledgementError("Sign in to acknowledge a policy.")
    if policy.school_id and policy.school_id != user.school_id:
        raise AcknowledgementError("This policy belongs to another school.")
    with transaction.atomic():
        acknowledgement, created = PolicyAcknowledgement.objects.get_or_create(
            user=user,
            policy=policy,
            revision_id=policy.live_revision_id,
            defaults={"version": policy.version, "acknowledged_at": timezone.now()},
        )
        if created:
            log(policy, "policy.acknowledge", user=user, data={"revision_id": policy.live_revision_id})
    return acknowledgement


def update_acknowledgement_version(*, page: PolicyPage, revision: Revision) -> bool:
    """Move ``page``'s version in force to ``revision`` if this publication asks staff again; return whether it did.

    Called when ``revision`` of ``page`` is published. Asks again when "Staff must
    acknowledge" is ticked and either nobody was asked before, or any revision saved
    since the version in force (up to ``revision``) had "needs re-acknowledgement"
    ticked. A minor correction leaves the version in force alone. The tick is cleared on
    the page after publishing.
    """
    if not page.requires_acknowledgement:
        return False
    current_id = page.acknowledgement_revision_id
    if current_id is None:
        changed = True
    else:
        since = Revision.objects.filter(
            base_content_type=revision.base_content_type,
            object_id=revision.object_id,
            pk__gt=current_id,
            pk__lte=revision.pk,
        ).values_list("content", flat=True)
        changed = any((content or {}).get("needs_reacknowledgement") for content in since)
    updates = {"needs_reacknowledgement": False}
    if changed:
        updates["acknowledgement_revision"] = revision
    PolicyPage.objects.filter(pk=page.pk).update(**updates)
    page.needs_reacknowledgement = False
    if changed:
        page.acknowledgement_revision = revision
    return changed


def issue_external_link(
    *,
    name: str,
    email: str,
    policy: PolicyPage,
    purpose: str,
    created_by=None,
    valid_for: datetime.timedelta = EXTERNAL_LINK_VALIDITY,
) -> tuple[ExternalAcknowledgement, str]:
    """Create a single-use link for ``name`` <``email``> to acknowledge ``policy`` for ``purpose``.

    Returns ``(record, token)``; the link is ``reverse("policy:external_acknowledgement",
    args=[token])``. Only the token's SHA-256 is stored, so the token must be sent now
    (by email) and cannot be shown again. The link expires ``valid_for`` (default 14
    days) from now. Raises ``AcknowledgementError`` for a policy that is not published,
    or a blank name, email or purpose.
    """
    revision = _version_in_force(policy)
    name, email, purpose = name.strip(), email.strip(), purpose.strip()
    if not (name and email and purpose):
        raise AcknowledgementError("A name, an email address and a purpose are needed for an acknowledgement link.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    record = ExternalAcknowledgement(
        name=name[:150],
        email=email,
        policy=policy,
        revision=revision,
        version=policy.version,
        purpose=purpose[:200],
        token_hash=_hash(token),
        created_at=now,
        created_by=created_by,
        expires_at=now + valid_for,
    )
    record.full_clean()
    record.save()
    return record, token


def acknowledge_by_link(*, token: str) -> ExternalAcknowledgement:
    """Record the acknowledgement of the person the link ``token`` was made for; return the record.

    Raises ``AcknowledgementError`` (and records nothing) if the link is unknown, was
    already used, or has expired. The row is locked, so two submissions of one link
    cannot both succeed.
    """
    with transaction.atomic():
        record = (
            ExternalAcknowledgement.objects.select_for_update().filter(token_hash=_hash(token or "")).first()
            if token and len(token) <= 200
            else None
        )
        if record is None:
            raise AcknowledgementError("This link is not valid. Check you copied all of it from the email.")
        if record.is_used:
            raise AcknowledgementError("This link has already been used; it works only once.")
        now = timezone.now()
        if record.is_expired(now):
            raise AcknowledgementError("This link has expired. Ask the school for a new one.")
        record.used_at = now
        record.save(update_fields=["used_at"])
        log(record, "policy.acknowledge", data={"policy_id": record.policy_id, "purpose": record.purpose})
    return record
