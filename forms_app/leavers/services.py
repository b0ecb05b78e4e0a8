"""Deactivating a leaver, and handing on what they held (the receivers are connected in ``FormsAppConfig.ready``)."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.models import User
from home.selectors import ict_managers_for

from ..emails import absolute_url, send_email
from ..models import ApproverCover, RegisterEntry, RegisterEntryPerson
from ..models.tasks import ROLE_FOR_STEP
from .selectors import LeaverImpact, leaver_holdings, leaver_impact, trust_escalation_recipients

__all__ = ["deactivate_user", "hand_over_and_deactivate"]


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


def _keyed(field_name: str, error: ValidationError) -> ValidationError:
    return ValidationError({field_name: error.messages})


def hand_over_and_deactivate(
    *,
    leaver: User,
    by: User,
    pages_to: User | None = None,
    seats: dict[int, User | None] | None = None,
    steps: dict[str, User | None] | None = None,
    covers: dict[int, User | None] | None = None,
    held: dict[str, User | None] | None = None,
) -> LeaverImpact:
    """Move what ``leaver`` holds to the people chosen, then deactivate them, all in one transaction.

    ``pages_to`` becomes the owner of every page they own (``Page.owner``; a policy's
    review reminders follow its owner). ``seats`` maps each of their places on an open
    register entry (``RegisterEntryPerson`` id) to the replacement, through
    ``register.services.transfer_site_role`` (same school, ready to run the site).
    ``steps`` maps an approval step (``ApprovalStep`` value) that waits on them alone to a
    member of staff of their school who is given that step's role. ``covers`` maps a
    cover period in which they stand in (``ApproverCover`` id) to the new cover
    (``eligible_covers`` decides). ``held`` maps the key of what another app says they
    hold (``home.leavers.HeldItems``: their policies, policy approvals) to its successor,
    handed over by that app after the pages (so its choice wins for its own pages). A
    value of None leaves that item to the existing hand-on (the trust is told, the ICT
    Managers asked to transfer).

    Raises ``ValidationError`` keyed by the hand-over form's field names (``pages_to``,
    ``site_<id>``, ``role_<step>``, ``cover_<id>``, ``held_<key>``) when a choice cannot stand; nothing has
    changed then. Logged on the leaver as ``forms_app.leaver.hand_over`` (what went to
    whom), then deactivated as ``deactivate_user`` does. Returns what the deactivation
    still affected after the hand-over.
    """
    from wagtail.models import Page

    from ..register.services import transfer_site_role

    moved: dict = {"pages": [], "pages_to": "", "sites": [], "roles": [], "covers": [], "held": {}}
    held_items = {items.key: items for items in leaver_holdings(leaver).held} if held else {}
    with transaction.atomic():
        if pages_to is not None:
            if not pages_to.is_active or pages_to.pk == leaver.pk:
                raise ValidationError({"pages_to": _("Choose an active account other than the leaver.")})
            owned = Page.objects.filter(owner=leaver)
            moved["pages"] = list(owned.values_list("pk", flat=True))
            moved["pages_to"] = pages_to.display_name()
            owned.update(owner=pages_to)
        for seat_id, replacement in (seats or {}).items():
            if replacement is None:
                continue
            seat = RegisterEntryPerson.objects.select_related("entry").get(pk=seat_id, user=leaver)
            try:
                transfer_site_role(entry=seat.entry, user=by, person=seat, replacement=replacement)
            except ValidationError as error:
                raise _keyed(f"site_{seat_id}", error) from error
            moved["sites"].append({"site": seat.entry.account_name, "to": replacement.display_name()})
        for step, successor in (steps or {}).items():
            if successor is None:
                continue
            if not successor.is_active or successor.school_id != leaver.school_id or successor.pk == leaver.pk:
                raise ValidationError(
                    {f"role_{step}": _("Choose an active member of staff of %(school)s.") % {"school": leaver.school}}
                )
            successor.groups.add(Group.objects.get(name=ROLE_FOR_STEP[step]))
            successor.__dict__.pop("_role_names", None)
            moved["roles"].append({"role": ROLE_FOR_STEP[step], "to": successor.display_name()})
        for cover_id, new_cover in (covers or {}).items():
            if new_cover is None:
                continue
            period = ApproverCover.objects.select_related("approver").get(pk=cover_id, cover=leaver)
            period.cover = new_cover
            try:
                period.full_clean(exclude=["created_by"])
            except ValidationError as error:
                raise _keyed(f"cover_{cover_id}", error) from error
            period.save(update_fields=["cover"])
            moved["covers"].append({"approver": period.approver.display_name(), "to": new_cover.display_name()})
        for key, successor in (held or {}).items():
            if successor is None or key not in held_items:
                continue
            try:
                moved["held"][key] = held_items[key].hand_over(leaver=leaver, successor=successor, by=by)
            except ValidationError as error:
                raise _keyed(f"held_{key}", error) from error
        log(instance=leaver, action="forms_app.leaver.hand_over", user=by, data=moved)
        return deactivate_user(user=leaver, by=by)
