"""The "Leaver" page in the admin: what deactivating a person affects, then a button that does it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.models import User

from .selectors import leaver_impact
from .services import deactivate_user


def leaver_view(request, user_id: int):
    """GET: show what deactivating the user with ``user_id`` affects. POST: deactivate them.

    For site administrators (superusers) only, who manage accounts; others get 403. A
    superuser cannot deactivate their own account here (they would lock themselves out).
    """
    if not request.user.is_superuser:
        raise PermissionDenied
    leaver = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        if leaver.pk == request.user.pk:
            messages.error(request, _("You cannot deactivate your own account."))
            return redirect("forms_app_leaver", user_id=leaver.pk)
        if not leaver.is_active:
            messages.info(request, _("%(name)s's account is already deactivated.") % {"name": leaver.display_name()})
            return redirect("wagtailusers_users:index")
        deactivate_user(user=leaver, by=request.user)
        messages.success(
            request,
            _("%(name)s's account is deactivated: they can no longer sign in, and the people concerned are emailed.")
            % {"name": leaver.display_name()},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "forms_app/admin/leaver.html",
        {"leaver": leaver, "impact": leaver_impact(leaver), "page_title": _("Leaver: %(name)s") % {"name": leaver}},
    )
