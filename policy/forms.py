"""The page editor form for policies."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from home import roles
from home.models import School
from policy.scope import acts_for_trust


class PolicyPageForm(WagtailAdminPageForm):
    """The policy editor: the school list narrowed to the editor's scope; review dates kept in step.

    - "School" offers only the editor's own school, plus "trust-wide" (blank) for those who
      act for the trust (``policy.scope.acts_for_trust``); superusers get every school. A
      Headteacher cannot move a policy to another school or make it trust-wide to get it
      approved elsewhere.
    - "This change needs re-acknowledgement" starts unticked every time the editor opens,
      so a major change asks staff again only when the editor says so for that change.
    - "Next review due" is re-worked out when the review date or cycle changes and the
      editor left it alone; otherwise recording a review ("Last reviewed: today") would leave
      the old due date in place and the policy would stay overdue. A typed date is kept.
    - "Who must acknowledge" is a set of boxes (``home.roles.ACKNOWLEDGEMENT_AUDIENCES``),
      stored as the list of ticked keys; none ticked means all staff.
    """

    acknowledged_by = forms.MultipleChoiceField(
        label=_("Who must acknowledge"),
        choices=roles.ACKNOWLEDGEMENT_AUDIENCES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave every box empty to ask all staff the policy applies to. Tick roles to ask only the staff who "
            "hold one of them."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "needs_reacknowledgement" in self.fields and not self.is_bound:
            self.initial["needs_reacknowledgement"] = False
        if "school" in self.fields and user is not None and not user.is_superuser:
            field = self.fields["school"]
            field.queryset = School.objects.filter(pk=user.school_id) if user.school_id else School.objects.none()
            if not acts_for_trust(user):
                field.required = True
                field.empty_label = None
                field.error_messages["required"] = _(
                    "Choose your school: you may only write your own school's policies."
                )
            else:
                field.empty_label = _("Trust-wide (all schools)")

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if (
            "school" in self.fields
            and user is not None
            and not user.is_superuser
            and not cleaned_data.get("school")
            and not acts_for_trust(user)
            and "school" not in self.errors
        ):
            # Checked here as well as by ``required``: Wagtail lets drafts skip required fields.
            self.add_error("school", self.fields["school"].error_messages["required"])
        review_inputs_changed = {"last_reviewed", "date_approved", "review_cycle_months"} & set(self.changed_data)
        if review_inputs_changed and "next_review_due" not in self.changed_data:
            cleaned_data["next_review_due"] = None
        return cleaned_data
