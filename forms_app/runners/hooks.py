"""What runners' readiness adds to Wagtail's admin; ``forms_app/wagtail_hooks.py`` registers each."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter


def register_runner_log_actions(actions) -> None:
    """``register_log_actions``: the wording of a recorded training session in a request's history."""

    @actions.register_action("forms_app.runner.training")
    class TrainingFormatter(LogFormatter):
        label = _("Site runner trained")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Training recorded for %(person)s on %(date)s: %(course)s") % {
                "person": data.get("person", ""),
                "date": data.get("trained_on", ""),
                "course": data.get("course", ""),
            }


def site_runner_user_ids():
    """``home.roles.SITE_RUNNERS_HOOK``: the ids of the people who run an open site (administrators, moderators).

    A values queryset of user ids, for a policy that asks only them to acknowledge it.
    """
    from ..models import OPEN_STATUSES, RegisterEntryPerson

    return RegisterEntryPerson.objects.filter(entry__status__in=OPEN_STATUSES, user__isnull=False).values("user_id")
