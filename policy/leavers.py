"""What a leaver holds in ``policy``, for the Leaver page (``home.leavers``; registered in ``wagtail_hooks``).

Two kinds, each handed to one successor:

- **Policies they own or are the contact for**: the page's owner gets its scheduled
  review reminders (``policy.selectors.policy_owners``); the contact is the "lead member
  of staff" the policy names. The successor becomes the owner and, where the leaver was
  named, the contact (on the page and its latest revision, so the next edit keeps it).
- **Policy approvals they hold**: policies waiting at the approval step that they may
  decide, and the trust's "second approver" setting if it names them. The successor
  takes the setting over and, where needed, the Headteacher role at the leaver's school,
  so that they can decide every one of those policies; refused with the reason otherwise.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home import roles
from home.leavers import HeldItems
from home.models import TrustSettings, User

from .approval_reminders import waiting_policy_steps
from .models import PolicyPage

__all__ = ["policy_holdings"]


def _names(user: User) -> list[str]:
    return [name for name in {user.display_name(), user.get_full_name()} if name]


def _policies_held(leaver: User) -> list[PolicyPage]:
    named = Q(pk__in=[])
    for name in _names(leaver):
        named |= Q(lead_member_of_staff__iexact=name)
    return list(PolicyPage.objects.filter(Q(owner=leaver) | named).select_related("school").order_by("title"))


def _policy_line(policy: PolicyPage, leaver: User) -> str:
    held = []
    if policy.owner_id == leaver.pk:
        held.append(_("owner"))
    if policy.lead_member_of_staff.casefold() in {name.casefold() for name in _names(leaver)}:
        held.append(_("contact"))
    line = f"{policy.title} ({policy.applies_to}): {', '.join(held)}"
    if policy.owner_id == leaver.pk and policy.next_review_due:
        line += _("; review due %(due)s, the reminders go to its owner") % {
            "due": date_format(policy.next_review_due, "j F Y")
        }
    return line


def _set_contact(policy: PolicyPage, name: str) -> None:
    """Name ``name`` as ``policy``'s contact on the page row and in its latest revision (kept by the next edit)."""
    PolicyPage.objects.filter(pk=policy.pk).update(lead_member_of_staff=name[:255])
    revision = policy.latest_revision
    if revision is not None:
        revision.content = dict(revision.content) | {"lead_member_of_staff": name[:255]}
        revision.save(update_fields=["content"])


def _hand_over_policies(*, leaver: User, successor: User, by: User) -> list[str]:
    if not successor.is_active or successor.pk == leaver.pk:
        raise ValidationError(_("Choose an active account other than the leaver."))
    moved = []
    names = {name.casefold() for name in _names(leaver)}
    for policy in _policies_held(leaver):
        if policy.owner_id == leaver.pk:
            PolicyPage.objects.filter(pk=policy.pk).update(owner=successor)
        if policy.lead_member_of_staff.casefold() in names:
            _set_contact(policy, successor.display_name())
        moved.append(_("%(title)s to %(name)s") % {"title": policy.title, "name": successor.display_name()})
    return moved


def _waiting_on(leaver: User) -> list[tuple]:
    return [
        (state, policy)
        for state, policy, approvers in waiting_policy_steps()
        if leaver.pk in {person.pk for person in approvers}
    ]


def _hand_over_approvals(*, leaver: User, successor: User, by: User) -> list[str]:
    if not successor.is_active or successor.pk == leaver.pk:
        raise ValidationError(_("Choose an active account other than the leaver."))
    moved = []
    trust = TrustSettings.load()
    if trust.policy_second_approver_id == leaver.pk:
        trust.policy_second_approver = successor
        trust.save(update_fields=["policy_second_approver"])
        moved.append(
            _("Second approver of a Headteacher's own policies: %(name)s") % {"name": successor.display_name()}
        )
    for state, policy in _waiting_on(leaver):
        task = state.task.specific
        if task.refusal_reason(policy, successor, task_state=state) is None:
            continue
        leaver_is_head = roles.HEADTEACHERS in roles.role_names(leaver) and leaver.school_id == policy.school_id
        if leaver_is_head and successor.school_id == leaver.school_id:
            successor.groups.add(Group.objects.get(name=roles.HEADTEACHERS))
            successor.__dict__.pop("_role_names", None)
            moved.append(_("Headteacher role at %(school)s: %(name)s") % {"school": leaver.school, "name": successor})
        reason = task.refusal_reason(policy, successor, task_state=state)
        if reason is not None:
            raise ValidationError(
                _("%(name)s could not decide “%(title)s”: %(reason)s")
                % {"name": successor.display_name(), "title": policy.title, "reason": reason}
            )
        moved.append(_("“%(title)s” waits on %(name)s") % {"title": policy.title, "name": successor.display_name()})
    return moved


def _active_others(leaver: User):
    return User.objects.filter(is_active=True).exclude(pk=leaver.pk).select_related("school")


def policy_holdings(leaver: User) -> list[HeldItems]:
    """``register_leaver_holdings`` hook: the policies ``leaver`` owns or is contact for, and the approvals they hold.

    Returns one ``HeldItems`` per kind that is not empty (see the module docstring). A few
    queries, plus a few per policy waiting for approval.
    """
    held = []
    others = _active_others(leaver).order_by("last_name", "first_name")
    policies = _policies_held(leaver)
    if policies:
        editors = others.filter(groups__name=roles.POLICY_EDITORS, school_id=leaver.school_id)
        held.append(
            HeldItems(
                key="policies",
                heading=_("Policies they own or are the contact for"),
                lines=[_policy_line(policy, leaver) for policy in policies],
                label=_("Who takes over these policies"),
                help_text=_(
                    "They become the owner (and get the scheduled review reminders) and the contact where the "
                    "leaver was named. Chosen here, this replaces the page owner chosen above for these policies."
                ),
                candidates=others,
                initial=editors.first(),
                hand_over=_hand_over_policies,
            )
        )
    waiting = _waiting_on(leaver)
    is_second = TrustSettings.load().policy_second_approver_id == leaver.pk
    if waiting or is_second:
        lines = [
            _("%(title)s (%(school)s): waiting for approval since %(since)s")
            % {"title": policy.title, "school": policy.applies_to, "since": date_format(state.started_at, "j F Y")}
            for state, policy in waiting
        ]
        if is_second:
            lines.append(_("They are the trust's second approver of a Headteacher's own policies (Trust settings)."))
        heads = others.filter(groups__name=roles.HEADTEACHERS, school_id=leaver.school_id)
        held.append(
            HeldItems(
                key="policy_approvals",
                heading=_("Policy approvals they hold"),
                lines=lines,
                label=_("Who decides these policies instead"),
                help_text=_(
                    "They take over the second approver setting if it names the leaver, and are given the "
                    "Headteacher role at the school if they need it to decide the policies listed."
                ),
                candidates=others,
                initial=heads.first(),
                hand_over=_hand_over_approvals,
            )
        )
    return held
