"""What the register adds to Wagtail's own admin screens: audit-log wording, the ICT Managers'
dashboard panel, and the "Approval record" button in the request listing.

Plain functions; ``forms_app/wagtail_hooks.py`` registers each with its hook.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from core.log_actions import register_data_action

from ..constants import RequestStatus, SiteRole
from ..models import SocialMediaSiteRequest
from .selectors import entries_needing_attention_for


def register_register_log_actions(actions):
    """Give the register's audit-log actions their labels and messages (shown in History)."""
    actions.register_action(
        "forms_app.register.create",
        _("Register: entry created at final approval"),
        _("Added to the register at final approval"),
    )
    register_data_action(
        actions,
        "forms_app.register.amended",
        _("Register: details updated from an approved amendment"),
        _("Updated from the amendment approved (%(fields)s)"),
        fields=lambda data: ", ".join(data.get("changed", [])),
    )
    register_data_action(
        actions,
        "forms_app.register.seal_refused",
        _("Sealed record refused: answers differ from those approved"),
        _("Not sealed: the answers of round %(round)s are not those approved at %(steps)s (digest %(digest)s)"),
        digest=lambda data: data.get("sealed_digest", "")[:12],
    )
    register_data_action(
        actions, "forms_app.register.mark_live", _("Register: marked live"), _("Marked live at %(url)s")
    )

    @actions.register_action("forms_app.register.transfer")
    class TransferFormatter(LogFormatter):
        label = _("Register: administrator or moderator transferred")

        def format_message(self, log_entry):
            data = log_entry.data
            if data.get("to"):
                return _("%(role)s %(old)s replaced by %(new)s") % {
                    "role": SiteRole(data["role"]).label,
                    "old": data.get("from", ""),
                    "new": data["to"],
                }
            return _("%(role)s %(old)s removed") % {"role": SiteRole(data["role"]).label, "old": data.get("from", "")}

    register_data_action(
        actions,
        "forms_app.register.close",
        _("Register: closed"),
        _("Closed on %(closed_on)s: %(reason)s"),
    )
    register_data_action(
        actions,
        "forms_app.register.sealed",
        _("Register: approval record sealed"),
        _("Sealed approval record %(round)s (signed PDF, SHA-256 %(sha)s)"),
        sha=lambda data: data.get("sha256", "")[:12],
    )
    register_data_action(
        actions,
        "forms_app.register.record_purged",
        _("Register: sealed record deleted at the end of its retention"),
        _("Sealed approval record %(round)s deleted: kept until %(retained_until)s after closure"),
    )
    actions.register_action(
        "forms_app.register.closure_due", _("Register: closure due"), _("Closure date reached: marked closure due")
    )


class RegisterAttentionPanel(Component):
    """Dashboard panel for ICT Managers: their sites due to close within 30 days or past closure,
    and sites below the minimum of 2 administrators and 2 moderators (Appendix B)."""

    name = "register_attention"
    template_name = "forms_app/register/dashboard_panel.html"
    order = 150

    def __init__(self, entries, total: int):
        self.entries = entries
        self.total = total

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["today"] = timezone.localdate()
        context["more"] = self.total - len(self.entries)
        context["register_url"] = reverse("forms_app_registerentry_modeladmin_index")
        context["entries"] = [
            (entry, reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk])) for entry in self.entries
        ]
        return context


def add_register_attention_panel(request, panels):
    """Show ICT Managers the register entries that need them; nothing for other roles."""
    entries, total = entries_needing_attention_for(user=request.user, today=timezone.localdate())
    if entries:
        panels.append(RegisterAttentionPanel(entries, total))


def approval_record_listing_button(snippet, user, next_url=None):
    """Offer "Approval record" on approved requests, and on those being amended, in the admin's request listing.

    No query per row: the record itself answers "Page not found" to anyone who may not
    read it. During an amendment it is the last approved record (issue 25).
    """
    if isinstance(snippet, SocialMediaSiteRequest) and snippet.status in (
        RequestStatus.APPROVED,
        *RequestStatus.amendment(),
    ):
        yield Button(
            _("Approval record"),
            url=reverse("approval_record", args=[snippet.public_id]),
            icon_name="doc-full",
            priority=90,
        )
