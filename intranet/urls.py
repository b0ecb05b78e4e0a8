"""Top-level URLs: admin, sign-in, the apps' own pages, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("login/", home_views.SignInView.as_view(), name="login"),
    path("logout/", home_views.SignOutView.as_view(), name="logout"),
    path("signed-out/", home_views.SignedOutView.as_view(), name="logged_out"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("staff/requests/", include("forms_app.urls")),
    path("staff/approval-records/", include("forms_app.record_urls")),
    path("search/", include("policy.urls")),
    path("acknowledge/", include("policy.acknowledgement_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
