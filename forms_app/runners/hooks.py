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
