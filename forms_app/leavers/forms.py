"""The hand-over form of the Leaver page: who takes over each thing the leaver holds."""

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from home import roles
from home.models import User

from ..models.cover import eligible_covers
from ..models.tasks import ROLE_FOR_STEP
from ..runners.selectors import candidate_statuses
from .selectors import LeaverHoldings

__all__ = ["HandOverForm"]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name()} ({obj.school})" if obj.school_id else obj.display_name()


def _active_others(leaver: User):
    return User.objects.filter(is_active=True).exclude(pk=leaver.pk).select_related("school")


def default_page_owner(leaver: User) -> User | None:
    """Someone who holds one of the leaver's admin roles at their school, else a Trust administrator."""
    held = [role for role in roles.role_names(leaver) if role in roles.ADMIN_ROLES]
    same_roles = Q(groups__name__in=held, school_id=leaver.school_id) if held and leaver.school_id else Q(pk__in=[])
    people = _active_others(leaver)
    return (
        people.filter(same_roles).order_by("last_name").first()
        or people.filter(groups__name=roles.TRUST_ADMINISTRATORS).order_by("last_name").first()
    )


def group_note(group) -> str:
    """Return what the page says of ``group`` (an ``auth.Group``), whose group step waits on the leaver alone.

    A group step's group is not a role of the school (issue 29) and the hand-over gives
    only school roles, so nobody can be chosen for it: the sentence names the group and
    says who adds members to it.
    """
    return _(
        "The %(group)s group decides a step these requests wait at. A group is not a role of the school, so nobody "
        "can be chosen for it here: a site administrator adds members to the group in Settings → Groups. The Trust "
        "administrators and the CEO are emailed about these requests."
    ) % {"group": group.name}


class HandOverForm(forms.Form):
    """One choice per thing the leaver holds (``LeaverHoldings``), each defaulting to the school's role holders.

    Fields: ``pages_to``; ``site_<RegisterEntryPerson id>``; ``role_<ApprovalStep value>``;
    ``cover_<ApproverCover id>``; ``held_<key>`` for what other apps hold
    (``home.leavers.HeldItems``). Every field may be left empty: that item is then handed
    on as before (the trust is told, the ICT Managers are asked). A submitted form accepts
    any active account, so the service refuses a choice that cannot stand with its reason.
    ``group_notes``: one sentence per group of a group step waiting on the leaver alone
    (``LeaverHoldings.approval_groups``), which has no field (see ``group_note``).
    """

    def __init__(self, *args, holdings: LeaverHoldings, **kwargs):
        super().__init__(*args, **kwargs)
        leaver = holdings.user
        anyone = _active_others(leaver).order_by("last_name", "first_name")
        self.holdings = holdings
        if holdings.pages:
            self.fields["pages_to"] = PersonChoiceField(
                queryset=anyone,
                required=False,
                label=_("Who takes over the pages they own"),
                help_text=_(
                    "They become the owner of every page listed, and get the review reminders of its policies."
                ),
                initial=default_page_owner(leaver),
            )
        for seat in holdings.seats:
            entry = seat.entry
            statuses = candidate_statuses(entry.request)
            taken = set(entry.people.filter(role=seat.role).values_list("user_id", flat=True))
            if statuses is None:
                ready = [u for u in anyone.filter(school_id=entry.school_id) if u.pk not in taken]
            else:
                ready = [s.user for s in statuses if s.is_ready and s.user.pk not in taken | {leaver.pk}]
            offered = anyone if self.is_bound else anyone.filter(pk__in=[u.pk for u in ready])
            self.fields[f"site_{seat.pk}"] = PersonChoiceField(
                queryset=offered,
                required=False,
                label=_("Who takes over as %(role)s of %(site)s")
                % {"role": seat.get_role_display().lower(), "site": entry.account_name},
                help_text=_(
                    "Staff of %(school)s who have read the Social Media Policy and been trained. Leave empty to ask "
                    "the school's ICT Managers to transfer it."
                )
                % {"school": entry.school},
                initial=ready[0] if ready else None,
            )
        for step in holdings.approval_steps:
            school_staff = anyone.filter(school_id=leaver.school_id)
            self.fields[f"role_{step}"] = PersonChoiceField(
                queryset=school_staff,
                required=False,
                label=_("Who becomes %(role)s of %(school)s, for the requests waiting on them")
                % {"role": ROLE_FOR_STEP[step].lower().rstrip("s"), "school": leaver.school},
                help_text=_("They are given the role. Leave empty to have the Trust administrators and the CEO told."),
            )
        self.group_notes = [group_note(group) for group in holdings.approval_groups]
        for period in holdings.covers:
            eligible = eligible_covers(approver=period.approver, step=period.step).exclude(pk=leaver.pk)
            self.fields[f"cover_{period.pk}"] = PersonChoiceField(
                queryset=anyone if self.is_bound else eligible.select_related("school").order_by("last_name"),
                required=False,
                label=_("Who covers %(approver)s (%(step)s) until %(end)s")
                % {
                    "approver": period.approver.display_name(),
                    "step": period.get_step_display(),
                    "end": date_format(period.ends_on, "j F Y"),
                },
                initial=eligible.order_by("last_name").first(),
            )
        for items in holdings.held:
            self.fields[f"held_{items.key}"] = PersonChoiceField(
                queryset=anyone if self.is_bound else items.candidates,
                required=False,
                label=items.label,
                help_text=items.help_text,
                initial=items.initial,
            )

    def fields_for(self, prefix: str) -> list:
        """The bound fields whose names start with ``prefix`` ("site_", "role_", "cover_"), in order, for the page."""
        return [self[name] for name in self.fields if name.startswith(prefix)]

    @property
    def site_fields(self) -> list:
        return self.fields_for("site_")

    @property
    def role_fields(self) -> list:
        return self.fields_for("role_")

    @property
    def cover_fields(self) -> list:
        return self.fields_for("cover_")

    def choices_for_service(self) -> dict:
        """The cleaned choices as ``hand_over_and_deactivate``'s keyword arguments."""
        data = self.cleaned_data
        return {
            "pages_to": data.get("pages_to"),
            "seats": {seat.pk: data.get(f"site_{seat.pk}") for seat in self.holdings.seats},
            "steps": {step: data.get(f"role_{step}") for step in self.holdings.approval_steps},
            "covers": {period.pk: data.get(f"cover_{period.pk}") for period in self.holdings.covers},
            "held": {items.key: data.get(f"held_{items.key}") for items in self.holdings.held},
        }

    def held_sections(self) -> list[tuple]:
        """``(HeldItems, bound field)`` for each kind another app says the leaver holds, for the page."""
        return [(items, self[f"held_{items.key}"]) for items in self.holdings.held]
