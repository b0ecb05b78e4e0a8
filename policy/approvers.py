"""Who may approve a policy at its approval step, so that no policy waits for nobody.

The rules (issue "No dead ends", and ``policy.scope.approval_refusal``):

- A school's policy: an active Headteacher of that school. A trust-wide policy: an active
  Headteacher of the central team (the CEO) or a member of a ``POLICY_TRUST_ROLES`` group.
- Nobody approves what they wrote or submitted (``author_ids``).
- When one of those role holders wrote or submitted the policy (most primary schools have
  one Headteacher, so nobody else of that role is left), the trust's **second approver**
  (Settings → Trust settings → Policy approvals) may approve it too, if that account is
  active and did not write it either.
- While a Headteacher who would approve is away, the person covering them today
  (``policy.cover``, recorded under Approver cover) may approve in their place, unless
  either of them wrote or submitted the policy.

``eligible_approvers`` is the one list every reader of these rules uses: the submission
guard (``policy.workflow_guard``), the approval task, the emails and the reminders.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from home import roles
from home.models import School, TrustSettings, User

from .cover import covers_for_policy
from .scope import trust_roles

__all__ = [
    "SECOND_APPROVER_SETTING",
    "eligible_approvers",
    "nobody_to_approve_message",
    "role_holders",
    "second_approver_for",
]

# Where the second approver is chosen, as the admin shows it; named in every refusal.
SECOND_APPROVER_SETTING = _(
    "Settings → Trust settings → Policy approvals → “Second approver of a Headteacher's own policies”"
)


def role_holders(*, school_id: int | None) -> QuerySet[User]:
    """Return the active people whose role approves a policy of school ``school_id`` (None: trust-wide).

    A school's Headteachers; for a trust-wide policy, the central team's Headteachers and
    members of ``POLICY_TRUST_ROLES``. Distinct users, no order.
    """
    if school_id is not None:
        wanted = Q(groups__name=roles.HEADTEACHERS, school_id=school_id)
    else:
        wanted = Q(groups__name=roles.HEADTEACHERS, school__is_central_team=True) | Q(groups__name__in=trust_roles())
    return User.objects.filter(wanted, is_active=True).distinct()


def second_approver_for(*, school_id: int | None, author_ids: set[int]) -> User | None:
    """Return the trust's second approver when they may approve this policy, else None.

    They may when one of ``author_ids`` holds the approving role for the policy (a
    Headteacher's own school policy, the CEO's own trust-wide one), and they are set,
    active, able to use the Wagtail admin (an admin role), and not an author themselves.
    """
    if not author_ids or not role_holders(school_id=school_id).filter(pk__in=author_ids).exists():
        return None
    second = TrustSettings.load().policy_second_approver
    if second is None or not second.is_active or second.pk in author_ids:
        return None
    # Approving happens in the Wagtail admin: an account without it could never act.
    if not second.has_perm("wagtailadmin.access_admin"):
        return None
    return second


def eligible_approvers(*, school_id: int | None, author_ids: set[int]) -> list[User]:
    """Return everyone who may approve a policy of school ``school_id`` written or submitted by ``author_ids``.

    Active role holders other than the authors, then the second approver when the rule
    above lets them in, then today's covers of absent Headteachers (``policy.cover``);
    each person once. A handful of queries.
    """
    people = list(role_holders(school_id=school_id).exclude(pk__in=author_ids).order_by("last_name", "pk"))
    second = second_approver_for(school_id=school_id, author_ids=author_ids)
    extra = [second] if second is not None else []
    extra += [period.cover for period in covers_for_policy(school_id=school_id, author_ids=author_ids)]
    seen = {person.pk for person in people}
    for person in extra:
        if person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    return people


def nobody_to_approve_message(*, school_id: int | None) -> str:
    """Return the sentence refusing a submission nobody could approve: which role is needed and which setting."""
    if school_id is not None:
        school = School.objects.filter(pk=school_id).values_list("name", flat=True).first() or ""
        needed = _("an active Headteacher of %(school)s other than you") % {"school": school}
    else:
        needed = _("the CEO (an active Headteacher of the central team) other than you")
    return _(
        "Nobody can approve this policy: its approval step needs %(needed)s, or the trust's second approver "
        "(%(setting)s), who is not set, not active or has no admin role. Ask a Trust administrator or a site "
        "administrator to choose one there, then submit again."
    ) % {"needed": needed, "setting": SECOND_APPROVER_SETTING}
