from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    # This module also holds Wagtail's users app config; "home" must pick this one (and its ready()).
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Trust and site"

    def ready(self) -> None:
        """Connect the sign-in events to the sign-in log and declare what of ours makes the site stale.

        Also makes allauth remember used TOTP codes in the database (``mfa_adapter``).

        Sign-in log: ``home.accounts.sign_in_log``. Site changes (``core.caching.registry``): a
        school's name shows on its policies, the trust settings in every footer; creating
        either changes nothing already shown (the settings row is created, with the defaults
        already shown, by the first page that reads it).
        """
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth_signals

        from core.caching import registry

        from .accounts import mfa_adapter, sign_in_log, sso, unlock
        from .models import School, TrustSettings

        mfa_adapter.install_used_code_store()
        registry.stale_on_change(School, on_create=False)
        registry.stale_on_change(TrustSettings, on_create=False)

        log = sign_in_log
        uid = "home.accounts.sign_in_log"
        auth_signals.user_logged_in.connect(log.on_user_logged_in, dispatch_uid=f"{uid}.logged_in")
        account_signals.user_logged_in.connect(sso.remember_identity_provider_mfa, dispatch_uid="home.accounts.sso.idp")
        auth_signals.user_login_failed.connect(log.on_user_login_failed, dispatch_uid=f"{uid}.login_failed")
        user_locked_out.connect(log.on_user_locked_out, dispatch_uid=f"{uid}.locked_out")
        auth_signals.user_login_failed.connect(unlock.on_user_login_failed, dispatch_uid="home.accounts.unlock.failed")
        mfa_signals.authenticator_used.connect(log.on_authenticator_used, dispatch_uid=f"{uid}.mfa_used")
        mfa_signals.authentication_failed.connect(log.on_authentication_failed, dispatch_uid=f"{uid}.mfa_failed")
        mfa_signals.authenticator_added.connect(log.on_authenticator_added, dispatch_uid=f"{uid}.mfa_added")
        mfa_signals.authenticator_removed.connect(log.on_authenticator_removed, dispatch_uid=f"{uid}.mfa_removed")


class IntranetUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a user form that also edits the person's school and job title."""

    user_viewset = "home.accounts.users.UserViewSet"
