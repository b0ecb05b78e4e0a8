"""Who answers for which policy: a school's policies belong to its people, trust-wide ones to the trust.

A ``PolicyPage`` with a ``school`` belongs to that school; with no school it applies across
the trust. The rules here decide who may edit, publish, unpublish and approve a policy:

- A school's policy: members of that school only (its Headteacher approves).
- A trust-wide policy: people who act for the trust: members of the trust's central
  team (its Headteacher is the CEO, who approves), or members of the groups named in
  the ``POLICY_TRUST_ROLES`` setting (default: none), who also approve.

Superusers keep their Wagtail page permissions but are never silent approvers: they
approve only if they hold the approving role themselves (see ``approval_refusal``).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from home import roles

__all__ = [
    "acts_for_trust",
    "approval_refusal",
    "in_policy_scope",
    "role_names",
    "trust_roles",
]


def trust_roles() -> tuple[str, ...]:
    """Return the group names (``settings.POLICY_TRUST_ROLES``) whose members act for the whole trust."""
    return tuple(getattr(settings, "POLICY_TRUST_ROLES", ()))


def role_names(user) -> set[str]:
    """Return the names of ``user``'s groups (a new set), from ``home.roles``' lookup cached on the user object.

    The same cache as every other role check on the page, so one query per HTTP request in all.
    """
    return set(roles.role_names(user))


def _is_central_team_member(user) -> bool:
    cache = getattr(user, "_policy_is_central", None)
    if cache is None:
        cache = bool(user.school_id) and bool(user.school.is_central_team)
        user._policy_is_central = cache
    return cache


def acts_for_trust(user) -> bool:
    """Return whether ``user`` works for the whole trust: the central team, or a group in ``POLICY_TRUST_ROLES``."""
    if not (user.is_authenticated and user.is_active):
        return False
    return _is_central_team_member(user) or bool(role_names(user) & set(trust_roles()))


def in_policy_scope(user, school_id: int | None) -> bool:
    """Return whether ``user`` may work on a policy of school ``school_id`` (None: trust-wide).

    Superusers: always. Others: their own school's policies; trust-wide policies only
    when they act for the trust (``acts_for_trust``).
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if school_id is None:
        return acts_for_trust(user)
    return user.school_id == school_id


def approval_refusal(*, user, school_id: int | None, author_ids: set[int]) -> str | None:
    """Return why ``user`` may not approve a policy of school ``school_id`` (None: trust-wide), or None if they may.

    Rules: an active Headteacher of the policy's school approves a school's policy; the
    CEO (the Headteacher of the trust's central team) or a member of a ``POLICY_TRUST_ROLES``
    group approves a trust-wide one. ``author_ids`` (who submitted the policy and who
    wrote the revision under review) never approve their own. Being a superuser grants
    nothing here.
    """
    if not (user.is_authenticated and user.is_active):
        return _("Sign in to review policies.")
    if user.pk in author_ids:
        return _("You cannot approve a policy you wrote or submitted; another approver must.")
    names = role_names(user)
    if school_id is None:
        if (roles.HEADTEACHERS in names and _is_central_team_member(user)) or names & set(trust_roles()):
            return None
        return _("Only the CEO approves a policy that applies across the whole trust.")
    if roles.HEADTEACHERS in names and user.school_id == school_id:
        return None
    return _("Only the Headteacher of the policy's school can approve it.")
