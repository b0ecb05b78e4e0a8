"""Deactivating a leaver, and handing on what they held (the receivers are connected in ``FormsAppConfig.ready``)."""

from django.db import transaction
from django.urls import reverse
from wagtail.log_actions import log

from home.models import User
from home.selectors import ict_managers_for

from ..emails import absolute_url, send_email
from ..models import RegisterEntry
from .selectors import LeaverImpact, leaver_impact, trust_escalation_recipients

__all__ = ["deactivate_user"]


def _notify(impact: LeaverImpact, *, by: User | None) -> None:
    leaver = impact.user.display_name()
    if impact.waiting_only_on_them:
        send_email(
            "leaver_escalation",
            to=[u.email for u in trust_escalation_recipients()],
            context={
                "leaver": leaver,
                "requests": [
                    {
                        "reference": r.reference,
                        "school": r.school.name,
                        "status": r.get_status_display(),
                        "url": absolute_url(reverse(r.snippet_viewset.get_url_name("review"), args=[r.pk])),
                    }
                    for r in impact.waiting_only_on_them
                ],
            },
        )
    by_school: dict[int, list[RegisterEntry]] = {}
    for entry in impact.register_entries:
        by_school.setdefault(entry.school_id, []).append(entry)
    for entries in by_school.values():
        send_email(
            "leaver_register_transfer",
            to=[u.email for u in ict_managers_for(entries[0].school) if u.email and u.pk != impact.user.pk],
            context={
                "leaver": leaver,
                "entries": [
                    {
                        "account_name": e.account_name,
                        "reference": e.request.reference,
                        "url": absolute_url(reverse("forms_app_registerentry_modeladmin_transfer", args=[e.pk])),
                    }
                    for e in entries
                ],
            },
        )


def deactivate_user(*, user: User, by: User | None) -> LeaverImpact:
    """Deactivate ``user`` (a leaver) and hand on what they held; return what it affected.

    The account can no longer sign in (Django refuses inactive accounts, so open sessions
    stop working at their next request). The follow-up runs from the ``post_save``
    receiver ``hand_on_after_deactivation`` (connected in ``FormsAppConfig.ready``), so a
    deactivation made anywhere (the user's edit form included) has the same effect: the
    trust is emailed about requests nobody else may decide, and the school's ICT Managers
    about register entries to transfer. Logged as
    ``forms_app.leaver.deactivate`` with what it affected. Idempotent for an inactive user.
    """
    impact = leaver_impact(user)
    if user.is_active:
        user.is_active = False
        user._deactivated_by = by
        user.save(update_fields=["is_active"])
    return impact


def remember_previous_activity(sender, instance: User, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    previous = User.objects.filter(pk=instance.pk).values("is_active", "school_id").first()
    if previous and previous["is_active"] and not instance.is_active:
        # Measured before the save: afterwards the leaver no longer counts as an approver.
        instance._leaver_impact = leaver_impact(User.objects.get(pk=instance.pk))


def hand_on_after_deactivation(sender, instance: User, created: bool, **kwargs) -> None:
    impact = instance.__dict__.pop("_leaver_impact", None)
    if impact is None:
        return
    by = instance.__dict__.pop("_deactivated_by", None)
    log(
        instance=instance,
        action="forms_app.leaver.deactivate",
        user=by,
        data={
            "waiting_only_on_them": [r.reference for r in impact.waiting_only_on_them],
            "register_entries": [e.pk for e in impact.register_entries],
            "drafts": len(impact.drafts),
        },
    )
    transaction.on_commit(lambda: _notify(impact, by=by))
