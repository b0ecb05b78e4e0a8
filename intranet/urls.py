"""Top-level URLs: admin, sign-in, the apps' own pages, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from health_check.views import HealthCheckView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import account as wagtail_account
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.files import media
from core.history import SiteHistoryView
from core.workflow_report import WorkflowReportView
from home.accounts import passwords, sign_out, unlock
from home.accounts import views as home_views
from home.accounts.providers import only_when_configured
from intranet import health

urlpatterns = [
    # For monitors and load balancers; /health/live/ is answered by intranet.health.LivenessMiddleware.
    path("health/", HealthCheckView.as_view(checks=health.ALL_CHECKS), name="health"),
    path("health/ready/", HealthCheckView.as_view(checks=health.READY_CHECKS), name="health_ready"),
    # Before Wagtail's admin URLs, so these paths (and their URL names' reverse) reach
    # the intranet's version of the report (see core/history.py). Mounted outside Wagtail's
    # admin URLs, so they take its access check themselves (sign-in and admin access).
    path("admin/reports/site-history/", require_admin_access(SiteHistoryView.as_view()), name="site_history"),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(SiteHistoryView.as_view(results_only=True)),
        name="site_history_results",
    ),
    # Likewise Reports → Workflows, whose "Requested by" filter names only the requesters of the
    # workflows the user may see (see core/workflow_report.py).
    path("admin/reports/workflow/", require_admin_access(WorkflowReportView.as_view()), name="workflow_report"),
    path(
        "admin/reports/workflow/results/",
        require_admin_access(WorkflowReportView.as_view(results_only=True)),
        name="workflow_report_results",
    ),
    # Before Wagtail's admin URLs: its sign-in page with single sign-on and the password switch.
    path("admin/login/", home_views.AdminSignInView.as_view(), name="admin_sign_in"),
    # Before Wagtail's admin URLs: sign out by POST only (a GET asks to confirm).
    path("admin/logout/", require_admin_access(sign_out.AdminSignOutView.as_view()), name="wagtailadmin_logout"),
    # Before Wagtail's admin URLs: its password reset, refused while passwords are switched off.
    path(
        "admin/password_reset/",
        passwords.refuse_without_password_sign_in(wagtail_account.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        passwords.refuse_without_password_sign_in(wagtail_account.PasswordResetConfirmView.as_view()),
        name="wagtailadmin_password_reset_confirm",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("login/", home_views.SignInView.as_view(), name="login"),
    path("logout/", sign_out.ConfirmedSignOutView.as_view(), name="logout"),
    path("login/unlock/", unlock.request_unlock_link, name="sign_in_unlock_request"),
    path("login/unlock/<str:token>/", unlock.use_unlock_link, name="sign_in_unlock"),
    path("signed-out/", home_views.SignedOutView.as_view(), name="logged_out"),
    # django-allauth: single sign-on callbacks, second factors, password reset. Its own sign-in
    # and sign-out pages lead to the site's.
    path("accounts/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # The second factor at sign-in, with "Trust this browser" (home.accounts.browser_trust).
    path("accounts/2fa/authenticate/", home_views.SecondFactorView.as_view(), name="mfa_authenticate"),
    # Enrolment counts as the session's second factor (home.accounts.mfa.record_enrolment).
    path("accounts/2fa/totp/activate/", home_views.ActivateAuthenticatorAppView.as_view(), name="mfa_activate_totp"),
    path("accounts/2fa/webauthn/add/", home_views.AddPasskeyView.as_view(), name="mfa_add_webauthn"),
    # An admin role's last second factor cannot be removed (home.accounts.mfa_adapter).
    path(
        "accounts/2fa/webauthn/keys/<int:pk>/remove/",
        home_views.RemovePasskeyView.as_view(),
        name="mfa_remove_webauthn",
    ),
    # Email addresses are set by a site administrator or the identity provider, and single
    # sign-on identities are linked by verified address only: no self-service for either.
    path("accounts/email/", RedirectView.as_view(pattern_name="mfa_index")),
    path("accounts/3rdparty/", RedirectView.as_view(pattern_name="mfa_index")),
    # Passwords: none for accounts made by single sign-on, none at all with PASSWORD_SIGN_IN
    # off (home.accounts.passwords); allauth's own views otherwise.
    path("accounts/password/set/", passwords.PasswordSetView.as_view(), name="account_set_password"),
    path("accounts/password/change/", passwords.PasswordChangeView.as_view(), name="account_change_password"),
    path("accounts/password/reset/", passwords.PasswordResetView.as_view(), name="account_reset_password"),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        passwords.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    # Providers a trust has not configured are "not found", not a server error.
    *[
        path(f"accounts/{provider}/login/{suffix}", only_when_configured(provider, f"{package}.{view}"), name=name)
        for provider, package in (
            ("microsoft", "allauth.socialaccount.providers.microsoft.views"),
            ("google", "allauth.socialaccount.providers.google.views"),
        )
        for suffix, view, name in (
            ("", "oauth2_login", f"{provider}_login"),
            ("callback/", "oauth2_callback", f"{provider}_callback"),
        )
    ],
    path("accounts/", include("allauth.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("staff/requests/", include("forms_app.request_form.urls")),
    path("staff/approval-records/", include("forms_app.register.urls")),
    path("search/", include("policy.urls")),
    path("acknowledge/", include("policy.acknowledgement_urls")),
    # Uploaded images and their renditions, the same way in development and production;
    # documents are never served from /media/, only by Wagtail's serve view above.
    path(settings.MEDIA_URL.strip("/") + "/<path:path>", media.serve_image_file, name="media_image"),
    path("", include(wagtail_urls)),
]
