from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    # This module also holds Wagtail's users app config; "home" must pick this one (and its ready()).
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Trust and site"

    def ready(self) -> None:
        """Connect the sign-in events to the audit log (see ``home.audit``) and page changes to the menu cache."""
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth_signals

        from . import audit, navigation

        navigation.connect()

        auth_signals.user_logged_in.connect(audit.on_user_logged_in, dispatch_uid="home.audit.logged_in")
        account_signals.user_logged_in.connect(audit.on_allauth_logged_in, dispatch_uid="home.audit.sso_mfa")
        auth_signals.user_login_failed.connect(audit.on_user_login_failed, dispatch_uid="home.audit.login_failed")
        user_locked_out.connect(audit.on_user_locked_out, dispatch_uid="home.audit.locked_out")
        mfa_signals.authenticator_used.connect(audit.on_authenticator_used, dispatch_uid="home.audit.mfa_used")
        mfa_signals.authentication_failed.connect(audit.on_authentication_failed, dispatch_uid="home.audit.mfa_failed")
        mfa_signals.authenticator_added.connect(audit.on_authenticator_added, dispatch_uid="home.audit.mfa_added")
        mfa_signals.authenticator_removed.connect(audit.on_authenticator_removed, dispatch_uid="home.audit.mfa_removed")


class IntranetUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a user form that also edits the person's school and job title."""

    user_viewset = "home.users.UserViewSet"
