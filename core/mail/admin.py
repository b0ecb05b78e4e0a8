"""Reports → Outgoing emails: each queued, sent and failed email with its error; read-only, for site administrators."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import OutgoingEmail

__all__ = ["OutgoingEmailViewSet", "SuperusersReadOnlyPolicy"]


class SuperusersReadOnlyPolicy(BasePermissionPolicy):
    """Only active superusers may see the outbox, and nobody may add, change or delete an email there."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class OutgoingEmailViewSet(ModelViewSet):
    """Reports > Outgoing emails: every email the intranet sent or will send, with its state and error.

    Lets a site administrator check that approvers were told, that a password reset went
    out, and see why an email failed (the worker retries with back-off before marking it
    failed). Read-only; superusers only (``SuperusersReadOnlyPolicy``).
    """

    model = OutgoingEmail
    icon = "mail"
    menu_label = gettext_lazy("Outgoing emails")
    menu_hook = "register_reports_menu_item"
    name = "outgoing_emails"
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "recipients",
        "from_email",
        "template",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "body_text",
    ]
    copy_view_enabled = False
    form_fields = ["subject"]
