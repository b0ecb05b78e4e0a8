"""The forms of the two approval actions, shown on the review page and in Wagtail's workflow modal.

``SocialMediaApprovalTask.get_form_for_action`` hands them to Wagtail; the review page
(``forms_app.workflow.views``) uses them directly.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import ATTESTATIONS, ApprovalStep

__all__ = ["ApproveForm", "RequestChangesForm"]


class ApproveForm(forms.Form):
    """The approval: the step's Appendix B attestation must be ticked; a comment is optional."""

    attested = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the statement to approve the request.")},
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, step: str = ApprovalStep.ICT_MANAGER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attested"].label = ATTESTATIONS[step]


class RequestChangesForm(forms.Form):
    """ "Request changes": the author must be told why, so a reason is required."""

    reason = forms.CharField(
        label=_("What needs to change, and why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason so the author knows what to change.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason so the author knows what to change."))
        return reason
