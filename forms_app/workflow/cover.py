"""Cover for an approver who is away: the service that records it, its admin form and its listing.

An ICT Manager or Headteacher records their own absence ("from – to, covered by X");
a site administrator may record anyone's. ``SocialMediaApprovalTask`` lets X decide
while the cover lasts and the decision is signed "X on behalf of Y (cover)".
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy

from core.log_actions import register_data_action
from home import roles
from home.models import User

from ..constants import ApprovalStep
from ..models import ApproverCover
from ..models.cover import COVER_ROLE_FOR_STEP, cover_settings_hint, eligible_covers

__all__ = [
    "set_cover",
    "ApproverCoverForm",
    "ApproverCoverViewSet",
    "CoverPermissionPolicy",
    "register_cover_log_actions",
    "headteacher_covers_for_policies",
]

APPROVER_ROLES = (roles.ICT_MANAGERS, roles.HEADTEACHERS)


def may_record_cover_for(*, user: User, approver: User) -> bool:
    """Whether ``user`` may record an absence of ``approver``: their own (if an approver), or anyone's as superuser."""
    if not user.is_active:
        return False
    return user.is_superuser or (user.pk == approver.pk and roles.has_role(user, *APPROVER_ROLES))


def set_cover(*, cover_period: ApproverCover, user: User) -> ApproverCover:
    """Validate and save ``cover_period`` (unsaved), recorded by ``user``; return it.

    Writes the audit-log entry ``forms_app.cover.set`` (who set it, when, the period) in
    the same transaction. Raises ``PermissionDenied`` if ``user`` may not record an
    absence of ``cover_period.approver`` and ``ValidationError`` (by field) when the
    period is not valid or the cover may not stand in (``ApproverCover.clean``).
    """
    if not may_record_cover_for(user=user, approver=cover_period.approver):
        raise PermissionDenied
    cover_period.created_by = user
    cover_period.full_clean()
    with transaction.atomic():
        cover_period.save()
        log(
            instance=cover_period,
            action="forms_app.cover.set",
            user=user,
            data={
                "approver": cover_period.approver.display_name(),
                "cover": cover_period.cover.display_name(),
                "step": cover_period.step,
                "starts_on": cover_period.starts_on.isoformat(),
                "ends_on": cover_period.ends_on.isoformat(),
            },
        )
    return cover_period


def register_cover_log_actions(actions):
    """``register_log_actions`` hook: label the cover's audit-log action."""

    register_data_action(
        actions,
        "forms_app.cover.set",
        gettext_lazy("Approver cover set"),
        gettext_lazy("%(cover)s covers %(approver)s from %(starts_on)s to %(ends_on)s"),
    )


def headteacher_covers_for_policies(*, cover=None, school_ids=None) -> list[ApproverCover]:
    """``policy_approver_covers`` hook (``policy.cover``): today's cover of active Headteachers, for policy approval.

    ``cover``: only periods in which this User stands in (None: anyone's). ``school_ids``:
    only for Headteachers of these schools (None: any). Returns ``ApproverCover`` rows with
    ``approver`` (and its school) and ``cover`` joined. One query.
    """
    periods = ApproverCover.objects.active_today().filter(
        step=ApprovalStep.HEADTEACHER,
        approver__is_active=True,
        approver__school__isnull=False,
        approver__groups__name=roles.HEADTEACHERS,
    )
    if cover is not None:
        periods = periods.filter(cover=cover)
    if school_ids is not None:
        periods = periods.filter(approver__school_id__in=school_ids)
    return list(periods.select_related("approver", "cover").distinct().order_by("starts_on", "pk"))


def _approvers():
    return get_user_model().objects.filter(is_active=True, groups__name__in=APPROVER_ROLES).distinct()


def _possible_covers():
    eligible = (*APPROVER_ROLES, roles.TRUST_ADMINISTRATORS)
    return get_user_model().objects.filter(is_active=True, groups__name__in=eligible).distinct()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        school = obj.school.name if obj.school_id else gettext_lazy("the trust")
        return f"{obj.display_name()} ({school})"


class ApproverCoverForm(WagtailAdminModelForm):
    """Record an absence: who is away (yourself, unless a site administrator), the step, the cover and the dates.

    "Covered by" offers only the people the rule accepts (``eligible_covers``) for the
    approver and the steps they hold, never the approver themself; its help text says
    where the trust decides who else may cover. A site administrator, who chooses the
    approver too, is offered everyone who could cover someone, and the model's check
    refuses a choice that does not fit the approver with the reason.
    """

    approver = UserChoiceField(queryset=get_user_model().objects.none(), label=gettext_lazy("Approver who is away"))
    cover = UserChoiceField(queryset=get_user_model().objects.none(), label=gettext_lazy("Covered by"))

    class Meta:
        model = ApproverCover
        fields = ["approver", "step", "cover", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        approvers = _approvers().select_related("school").order_by("last_name", "first_name")
        self.fields["step"].help_text = gettext_lazy("The approval you would normally give.")
        ordered = ("last_name", "first_name")
        if for_user is not None and not for_user.is_superuser:
            approvers = approvers.filter(pk=for_user.pk)
            self.fields["approver"].initial = for_user.pk
            held = roles.role_names(for_user)
            steps = [step for step in COVER_ROLE_FOR_STEP if COVER_ROLE_FOR_STEP[step] in held]
            if steps:
                self.fields["step"].choices = [(step.value, step.label) for step in steps]
                self.fields["step"].initial = steps[0].value
            covers = get_user_model().objects.none()
            for step in steps:
                covers |= eligible_covers(approver=for_user, step=step)
            offered = get_user_model().objects.filter(pk__in=covers.values("pk"))
            hint = cover_settings_hint(steps[0] if len(steps) == 1 else None)
            if not offered.exists():
                hint = f"{gettext_lazy('Nobody can cover you under the trust’s current settings.')} {hint}"
            self.fields["cover"].help_text = hint
        else:
            offered = _possible_covers()
            self.fields["cover"].help_text = cover_settings_hint()
        if self.is_bound:
            # Any active person is accepted by the field, so that a choice that does not fit
            # is refused by the rule itself (``ApproverCover.clean``), saying why.
            offered = get_user_model().objects.filter(is_active=True)
        self.fields["approver"].queryset = approvers
        self.fields["cover"].queryset = offered.select_related("school").order_by(*ordered)


class CoverPermissionPolicy(BasePermissionPolicy):
    """ICT Managers and Headteachers record and list their own absences; superusers everyone's; nobody edits one.

    A cover period is part of the audit trail of the decisions made under it, so it is
    never changed or deleted in the admin; a new period replaces it.
    """

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if action in ("add", "view"):
            return user.is_superuser or roles.has_role(user, *APPROVER_ROLES)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not {"add", "view"} & set(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name__in=APPROVER_ROLES), is_active=True)
            .distinct()
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class CoverIndexView(IndexView):
    def get_base_queryset(self):
        return (
            ApproverCover.objects.visible_to(self.request.user)
            .select_related("approver", "cover", "created_by")
            .order_by("-starts_on", "-pk")
        )


class CoverCreateView(CreateView):
    def save_instance(self):
        return set_cover(cover_period=self.form.instance, user=self.request.user)

    def get_success_message(self, instance):
        return str(instance)


class ApproverCoverViewSet(ModelViewSet):
    """Admin > Social media > Approver cover: list your absences and their cover, and record a new one."""

    model = ApproverCover
    icon = "user"
    menu_label = gettext_lazy("Approver cover")
    name = "approver_cover"
    form_fields = ["approver", "step", "cover", "starts_on", "ends_on"]
    list_display = [
        Column("approver", label=gettext_lazy("Approver who is away"), accessor=lambda c: c.approver.display_name()),
        Column("step", label=gettext_lazy("Approval step covered"), accessor="get_step_display"),
        Column("cover", label=gettext_lazy("Covered by"), accessor=lambda c: c.cover.display_name()),
        DateColumn("starts_on", label=gettext_lazy("First day away")),
        DateColumn("ends_on", label=gettext_lazy("Last day away")),
        Column(
            "created_by",
            label=gettext_lazy("Set by"),
            accessor=lambda c: c.created_by.display_name() if c.created_by_id else "",
        ),
        DateColumn("created_at", label=gettext_lazy("Set at")),
    ]
    index_view_class = CoverIndexView
    add_view_class = CoverCreateView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ApproverCoverForm
