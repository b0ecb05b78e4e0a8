"""Admin integration for policies: review report, dashboard panel, report menu item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import PoliciesDueForReviewView, ReviewDuePanel, manages_policies
from .guidance import hooks as guidance_hooks  # noqa: F401  (parent guidance's panel and report)


@hooks.register("register_admin_urls")
def register_policy_review_urls():
    return [
        path("reports/policy-reviews/", PoliciesDueForReviewView.as_view(), name="policy_reviews"),
        path(
            "reports/policy-reviews/results/",
            PoliciesDueForReviewView.as_view(results_only=True),
            name="policy_reviews_results",
        ),
    ]


class PolicyReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_policies(request.user)


@hooks.register("register_reports_menu_item")
def register_policy_reviews_menu_item():
    return PolicyReviewsMenuItem(
        _("Policies due for review"), reverse("policy_reviews"), name="policy-reviews", icon_name="time", order=1300
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if manages_policies(request.user):
        panels.append(ReviewDuePanel())
