"""Top-level URLs: admin, sign-in, the apps' own pages, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from health_check.views import HealthCheckView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.files import media
from core.history import SiteHistoryView
from home.accounts import views as home_views
from intranet import health

urlpatterns = [
    # For monitors and load balancers; /health/live/ is answered by intranet.health.LivenessMiddleware.
    path("health/", HealthCheckView.as_view(checks=health.ALL_CHECKS), name="health"),
    path("health/ready/", HealthCheckView.as_view(checks=health.READY_CHECKS), name="health_ready"),
    # Before Wagtail's admin URLs, so these paths (and their URL names' reverse) reach
    # the intranet's version of the report (see core/history.py).
    path("admin/reports/site-history/", SiteHistoryView.as_view(), name="site_history"),
    path(
        "admin/reports/site-history/results/",
        SiteHistoryView.as_view(results_only=True),
        name="site_history_results",
    ),
    # Before Wagtail's admin URLs: its sign-in page with single sign-on and the password switch.
    path("admin/login/", home_views.AdminSignInView.as_view(), name="admin_sign_in"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("login/", home_views.SignInView.as_view(), name="login"),
    path("logout/", home_views.SignOutView.as_view(), name="logout"),
    path("signed-out/", home_views.SignedOutView.as_view(), name="logged_out"),
    # django-allauth: single sign-on callbacks, second factors, password reset. Its own sign-in
    # and sign-out pages lead to the site's.
    path("accounts/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # Enrolment counts as the session's second factor (home.accounts.mfa.record_enrolment).
    path("accounts/2fa/totp/activate/", home_views.ActivateAuthenticatorAppView.as_view(), name="mfa_activate_totp"),
    path("accounts/2fa/webauthn/add/", home_views.AddPasskeyView.as_view(), name="mfa_add_webauthn"),
    # Email addresses are set by a site administrator or the identity provider, and single
    # sign-on identities are linked by verified address only: no self-service for either.
    path("accounts/email/", RedirectView.as_view(pattern_name="mfa_index")),
    path("accounts/3rdparty/", RedirectView.as_view(pattern_name="mfa_index")),
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
