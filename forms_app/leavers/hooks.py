"""What leavers add to Wagtail's admin screens; ``forms_app/wagtail_hooks.py`` registers each."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button, HeaderButton

from .views import leaver_view


def leaver_urls() -> list:
    """``register_admin_urls``: the Leaver page, ``/admin/leavers/<user id>/``."""
    return [path("leavers/<int:user_id>/", leaver_view, name="forms_app_leaver")]


def leaver_listing_button(user, request_user):
    """``register_user_listing_buttons``: "Leaver…" on active accounts, for site administrators."""
    if request_user.is_superuser and user.is_active and user.pk != request_user.pk:
        yield Button(_("Leaver…"), url=reverse("forms_app_leaver", args=[user.pk]), icon_name="user", priority=60)


def leaver_page_button(user, request_user):
    """``register_user_page_buttons`` (``home.accounts.users``): "Leaver…" on an active account's own edit page."""
    if request_user.is_superuser and user.is_active and user.pk != request_user.pk:
        yield HeaderButton(_("Leaver…"), url=reverse("forms_app_leaver", args=[user.pk]), icon_name="user")


def register_leaver_log_actions(actions) -> None:
    """``register_log_actions``: the wording of a leaver's deactivation in the user's history."""
    actions.register_action(
        "forms_app.leaver.deactivate", _("Leaver: account deactivated"), _("Account deactivated as a leaver")
    )
    actions.register_action(
        "forms_app.leaver.hand_over", _("Leaver: hand-over"), _("What the leaver held was handed on")
    )
