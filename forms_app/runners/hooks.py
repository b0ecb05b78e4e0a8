"""What runners' readiness adds to Wagtail's admin; ``forms_app/wagtail_hooks.py`` registers each."""

from django.utils.translation import gettext_lazy as _

from core.log_actions import register_data_action


def register_runner_log_actions(actions) -> None:
    """``register_log_actions``: the wording of a recorded training session in a request's history."""

    register_data_action(
        actions,
        "forms_app.runner.training",
        _("Site runner trained"),
        _("Training recorded for %(person)s on %(trained_on)s: %(course)s"),
    )


def site_runner_user_ids():
    """``home.roles.SITE_RUNNERS_HOOK``: the ids of the people who run an open site (administrators, moderators).

    A values queryset of user ids, for a policy that asks only them to acknowledge it.
    """
    from ..models import OPEN_STATUSES, RegisterEntryPerson

    return RegisterEntryPerson.objects.filter(entry__status__in=OPEN_STATUSES, user__isnull=False).values("user_id")
