"""Admin registration for the trust's structure."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.log_actions import joined, register_data_action

from .dashboard import (
    PAGE_EDITING_PANELS,
    DeferredPanelView,
    drop_page_panels_for_non_editors,
    page_editing_panel,
    register_deferred_panel,
)
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
for panel_class in PAGE_EDITING_PANELS:
    register_deferred_panel(panel_class.name, page_editing_panel(panel_class))


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
    from .accounts import unlock

    register_data_action(
        actions, audit.SIGN_IN, _("Signed in"), _("Signed in (%(detail)s)"), detail=joined("method", "address")
    )
    register_data_action(
        actions,
        audit.SIGN_IN_FAILED,
        _("Sign-in failed"),
        _("Sign-in failed (%(detail)s)"),
        detail=joined("method", "reason", "address"),
    )
    register_data_action(
        actions,
        audit.LOCKED_OUT,
        _("Sign-in locked out"),
        _("Too many wrong passwords: sign-in paused (%(detail)s)"),
        detail=joined("address"),
    )
    register_data_action(
        actions,
        audit.SSO_ACCOUNT_CREATED,
        _("Account made at first single sign-on"),
        _("Account made at first sign-in (%(detail)s)"),
        detail=joined("provider", "school"),
    )
    register_data_action(
        actions,
        audit.MFA_PASSED,
        _("Second factor passed"),
        _("Second factor passed (%(detail)s)"),
        detail=joined("type", "address"),
    )
    register_data_action(
        actions,
        audit.MFA_FAILED,
        _("Second factor failed"),
        _("Wrong second-factor code (%(detail)s)"),
        detail=joined("type", "address"),
    )
    register_data_action(
        actions, audit.MFA_ADDED, _("Second factor added"), _("Second factor added (%(detail)s)"), detail=joined("type")
    )
    register_data_action(
        actions,
        audit.MFA_REMOVED,
        _("Second factor removed"),
        _("Second factor removed (%(detail)s)"),
        detail=joined("type"),
    )
    register_data_action(
        actions,
        audit.EMAIL_CHANGED,
        _("Email address changed"),
        _("Email address changed from %(old)s to %(new)s"),
        old=lambda data: data.get("old") or "—",
        new=lambda data: data.get("new") or "—",
    )
    register_data_action(
        actions,
        unlock.UNLOCKED,
        _("Sign-in unlocked by email link"),
        _("Sign-in unlocked on one browser with an emailed link (%(detail)s)"),
        detail=joined("address"),
    )
