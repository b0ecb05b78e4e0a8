"""The "Leaver" page in the admin: everything a person holds, who takes each over, then a button that does it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.models import User

from .forms import HandOverForm
from .selectors import leaver_holdings
from .services import hand_over_and_deactivate


def leaver_view(request, user_id: int):
    """GET: what the user with ``user_id`` holds, with who takes each over. POST: hand it on and deactivate them.

    For site administrators (superusers) only, who manage accounts; others get 403. A
    superuser cannot deactivate their own account here (they would lock themselves out).
    A choice that cannot stand is shown beside its field and in the error summary, and
    nothing changes.
    """
    if not request.user.is_superuser:
        raise PermissionDenied
    leaver = get_object_or_404(User.objects.select_related("school"), pk=user_id)
    holdings = leaver_holdings(leaver)
    form = HandOverForm(request.POST if request.method == "POST" else None, holdings=holdings)
    if request.method == "POST":
        if leaver.pk == request.user.pk:
            messages.error(request, _("You cannot deactivate your own account."))
            return redirect("forms_app_leaver", user_id=leaver.pk)
        if not leaver.is_active:
            messages.info(request, _("%(name)s's account is already deactivated.") % {"name": leaver.display_name()})
            return redirect("wagtailusers_users:index")
        if form.is_valid():
            try:
                hand_over_and_deactivate(leaver=leaver, by=request.user, **form.choices_for_service())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s's account is deactivated: they can no longer sign in, what they held is handed "
                        "on to the people chosen, and the people concerned are emailed."
                    )
                    % {"name": leaver.display_name()},
                )
                return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "forms_app/admin/leaver.html",
        {
            "leaver": leaver,
            "impact": holdings.impact,
            "holdings": holdings,
            "form": form,
            "page_title": _("Leaver: %(name)s") % {"name": leaver},
        },
    )
