"""Top-level URLs: admin, sign-in, the apps' own pages, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from intranet import media

from .site_history import SiteHistoryView

urlpatterns = [
    # Before Wagtail's admin URLs, so these paths (and their URL names' reverse) reach
    # the intranet's version of the report (see intranet/site_history.py).
    path("admin/reports/site-history/", SiteHistoryView.as_view(), name="site_history"),
    path(
        "admin/reports/site-history/results/",
        SiteHistoryView.as_view(results_only=True),
        name="site_history_results",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("login/", home_views.SignInView.as_view(), name="login"),
    path("logout/", home_views.SignOutView.as_view(), name="logout"),
    path("signed-out/", home_views.SignedOutView.as_view(), name="logged_out"),
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
