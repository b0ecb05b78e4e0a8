"""Registers what ``forms_app`` adds to the Wagtail admin; each piece lives in its own sub-package or model."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from core.admin_reports import register_report
from home import roles
from policy.cover import POLICY_COVER_HOOK

from .built_forms import admin as builder_admin
from .leavers import hooks as leaver_hooks
from .models import ApproverCover, RegisterEntry, SchoolLogEntry, SocialMediaSiteRequest
from .permissions import SiteRequestPermissionPolicy
from .register import hooks as register_hooks
from .register.admin import RegisterEntryAdmin
from .register.pack_views import EvidencePackMenuItem, evidence_pack
from .register.retention_views import RecordsPastRetentionView
from .runners import hooks as runner_hooks
from .workflow.admin import SocialMediaViewSetGroup
from .workflow.cover import CoverPermissionPolicy, headteacher_covers_for_policies, register_cover_log_actions
from .workflow.inbox import RequestDeleteBulkAction
from .workflow.panels import replace_moderation_panel

# Policies first: a viewset creates a fallback policy for its model when it is built.
register_permission_policy(SocialMediaSiteRequest, SiteRequestPermissionPolicy(SocialMediaSiteRequest))
register_permission_policy(ApproverCover, CoverPermissionPolicy(ApproverCover), exact_class=True)
register_snippet(SocialMediaViewSetGroup)
modeladmin_register(RegisterEntryAdmin)

# After Wagtail's own snippet bulk delete (order 0), so it replaces it for requests only.
hooks.register("register_bulk_action", RequestDeleteBulkAction, order=100)
hooks.register("register_log_actions", register_cover_log_actions)
hooks.register(POLICY_COVER_HOOK, headteacher_covers_for_policies)
hooks.register("construct_homepage_panels", replace_moderation_panel)
hooks.register("construct_homepage_panels", register_hooks.add_register_attention_panel)
hooks.register("register_log_actions", register_hooks.register_register_log_actions)


@hooks.register("register_log_actions")
def register_amendment_log_action(actions):
    """Opening an approved request for an amendment, and abandoning one (issue 25)."""
    actions.register_action("forms_app.request.amend", _("Amendment started"), _("Amendment started by the author"))
    actions.register_action(
        "forms_app.request.abandon_amendment",
        _("Amendment abandoned"),
        _("Amendment abandoned: the request is approved as last approved"),
    )


@hooks.register("register_log_actions")
def log_school_scoped_models_apart(actions):
    """Requests and register entries keep their history in ``SchoolLogEntry``, scoped by school."""
    for model in (SocialMediaSiteRequest, RegisterEntry):
        actions.register_model(model, SchoolLogEntry)


# Who builds approval forms and how publishing one is governed (forms_app.built_forms.admin).
hooks.register("before_create_page", builder_admin.refuse_other_page_types)
hooks.register("before_copy_page", builder_admin.refuse_copying_other_page_types)
hooks.register("after_create_page", builder_admin.govern_new_form)
hooks.register("after_copy_page", builder_admin.govern_copied_form)
hooks.register("construct_page_action_menu", builder_admin.hide_direct_publish)
hooks.register("before_edit_page", builder_admin.only_publish_by_approval)
hooks.register("before_edit_page", builder_admin.refuse_own_approval)
hooks.register("register_admin_viewset", builder_admin.ApprovalFormPageViewSet)
hooks.register("before_bulk_action", builder_admin.refuse_bulk_publishing)

hooks.register("register_snippet_listing_buttons", register_hooks.approval_record_listing_button)
hooks.register("register_admin_urls", leaver_hooks.leaver_urls)
hooks.register("register_user_listing_buttons", leaver_hooks.leaver_listing_button)
hooks.register("register_user_page_buttons", leaver_hooks.leaver_page_button)
hooks.register("register_log_actions", leaver_hooks.register_leaver_log_actions)
hooks.register("register_log_actions", runner_hooks.register_runner_log_actions)
hooks.register(roles.SITE_RUNNERS_HOOK, runner_hooks.site_runner_user_ids)


@hooks.register("register_admin_urls")
def register_evidence_pack_url():
    return [
        path("register/evidence-pack/", evidence_pack, name="forms_app_evidence_pack"),
    ]


@hooks.register("register_admin_menu_item")
def register_evidence_pack_menu_item():
    return EvidencePackMenuItem(_("Evidence pack"), reverse("forms_app_evidence_pack"), icon_name="download", order=260)


register_report(
    RecordsPastRetentionView,
    route="reports/records-past-retention/",
    menu_name="records-past-retention",
    menu_order=1400,
)
