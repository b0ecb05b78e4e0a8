"""The forms of the two approval actions, shown on the review page and in Wagtail's workflow modal.

``SocialMediaApprovalTask.get_form_for_action`` hands them to Wagtail; the review page
(``forms_app.workflow.views``) uses them directly.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import ApprovalStep, attestation_for

__all__ = ["ApproveForm", "RequestChangesForm", "MAX_COMMENT_LENGTH"]

# The longest approval comment or change reason, in characters. Enough for a full
# paragraph of advice; the text is stored on the signed record and sent in emails, so it
# is bounded (the services refuse longer text too).
MAX_COMMENT_LENGTH = 2000
TOO_LONG = _("Keep it to %(limit_value)s characters or fewer (it has %(show_value)s).")


class ApproveForm(forms.Form):
    """The approval: the step's attestation must be ticked; a comment is optional.

    ``step``: an ``ApprovalStep`` value; ``built_form``: True for a request on a form built in
    the admin, whose statement is not Appendix B's (``constants.attestation_for``).
    """

    attested = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the statement to approve the request.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        help_text=_("Up to %(limit)s characters.") % {"limit": MAX_COMMENT_LENGTH},
        error_messages={"max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, step: str = ApprovalStep.ICT_MANAGER, built_form: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attested"].label = attestation_for(step, built_form=built_form)


class RequestChangesForm(forms.Form):
    """ "Request changes": the author must be told why, so a reason is required."""

    reason = forms.CharField(
        label=_("What needs to change, and why"),
        max_length=MAX_COMMENT_LENGTH,
        help_text=_("Up to %(limit)s characters.") % {"limit": MAX_COMMENT_LENGTH},
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason so the author knows what to change."), "max_length": TOO_LONG},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason so the author knows what to change."))
        return reason
