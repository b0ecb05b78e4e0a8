"""Admin registration for the trust's structure."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import DeferredPanelView, drop_page_panels_for_non_editors
from .models import School


class SchoolViewSet(SnippetViewSet):
    """Schools and the central team, under Settings; edited by site administrators."""

    model = School
    icon = "home"
    menu_label = _("Schools")
    add_to_settings_menu = True
    list_display = ["name", "is_central_team"]
    search_fields = ["name"]


register_snippet(SchoolViewSet)
hooks.register("construct_homepage_panels", drop_page_panels_for_non_editors)


@hooks.register("register_admin_urls")
def register_dashboard_panel_body_url():
    """The body of a deferred dashboard panel (``home.dashboard.DeferredPanel``), fetched by the dashboard."""
    return [path("dashboard/panels/<slug:name>/", DeferredPanelView.as_view(), name="dashboard_panel_body")]


def _register_user_bulk_actions() -> None:
    """Settings → Users' bulk delete and "Set active state", replaced after Wagtail's own (order 0)."""
    from .accounts.users import HandOverSetActiveStateBulkAction, KeepRecordsDeleteBulkAction

    hooks.register("register_bulk_action", KeepRecordsDeleteBulkAction, order=100)
    hooks.register("register_bulk_action", HandOverSetActiveStateBulkAction, order=100)


_register_user_bulk_actions()


@hooks.register("register_account_menu_item")
def account_security_menu_item(request) -> dict:
    """ "Account security" on the admin's Account page: second factors, passkeys and recovery codes (allauth.mfa)."""
    return {
        "url": reverse("mfa_index"),
        "label": _("Account security"),
        "help_text": _("Your authenticator app, passkeys and recovery codes."),
    }


@hooks.register("register_log_actions")
def register_sign_in_log_actions(actions):
    """Labels and messages of the sign-in events (see ``home.accounts.sign_in_log``), shown in Site history."""
    from .accounts import sign_in_log as audit

    def detail(log_entry, *keys: str) -> str:
        return ", ".join(str(log_entry.data[key]) for key in keys if log_entry.data.get(key))

    @actions.register_action(audit.SIGN_IN)
    class SignInFormatter(LogFormatter):
        label = _("Signed in")

        def format_message(self, log_entry):
            return _("Signed in (%(detail)s)") % {"detail": detail(log_entry, "method", "address")}

    @actions.register_action(audit.SIGN_IN_FAILED)
    class SignInFailedFormatter(LogFormatter):
        label = _("Sign-in failed")

        def format_message(self, log_entry):
            return _("Sign-in failed (%(detail)s)") % {"detail": detail(log_entry, "method", "reason", "address")}

    @actions.register_action(audit.LOCKED_OUT)
    class LockedOutFormatter(LogFormatter):
        label = _("Sign-in locked out")

        def format_message(self, log_entry):
            return _("Too many wrong passwords: sign-in paused (%(detail)s)") % {"detail": detail(log_entry, "address")}

    @actions.register_action(audit.SSO_ACCOUNT_CREATED)
    class AccountCreatedFormatter(LogFormatter):
        label = _("Account made at first single sign-on")

        def format_message(self, log_entry):
            return _("Account made at first sign-in (%(detail)s)") % {"detail": detail(log_entry, "provider", "school")}

    @actions.register_action(audit.MFA_PASSED)
    class SecondFactorPassedFormatter(LogFormatter):
        label = _("Second factor passed")

        def format_message(self, log_entry):
            return _("Second factor passed (%(detail)s)") % {"detail": detail(log_entry, "type", "address")}

    @actions.register_action(audit.MFA_FAILED)
    class SecondFactorFailedFormatter(LogFormatter):
        label = _("Second factor failed")

        def format_message(self, log_entry):
            return _("Wrong second-factor code (%(detail)s)") % {"detail": detail(log_entry, "type", "address")}

    @actions.register_action(audit.MFA_ADDED)
    class SecondFactorAddedFormatter(LogFormatter):
        label = _("Second factor added")

        def format_message(self, log_entry):
            return _("Second factor added (%(detail)s)") % {"detail": detail(log_entry, "type")}

    @actions.register_action(audit.MFA_REMOVED)
    class SecondFactorRemovedFormatter(LogFormatter):
        label = _("Second factor removed")

        def format_message(self, log_entry):
            return _("Second factor removed (%(detail)s)") % {"detail": detail(log_entry, "type")}

    @actions.register_action(audit.EMAIL_CHANGED)
    class EmailChangedFormatter(LogFormatter):
        label = _("Email address changed")

        def format_message(self, log_entry):
            return _("Email address changed from %(old)s to %(new)s") % {
                "old": log_entry.data.get("old") or "—",
                "new": log_entry.data.get("new") or "—",
            }

    from .accounts import unlock

    @actions.register_action(unlock.UNLOCKED)
    class UnlockedFormatter(LogFormatter):
        label = _("Sign-in unlocked by email link")

        def format_message(self, log_entry):
            return _("Sign-in unlocked on one browser with an emailed link (%(detail)s)") % {
                "detail": detail(log_entry, "address")
            }
