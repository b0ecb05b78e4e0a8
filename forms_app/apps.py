from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms_app"
    verbose_name = "Social media site requests"

    def ready(self):
        # Connects the register's receiver to ``request_approved``.
        from . import receivers  # noqa: F401
        from .notifications import replace_wagtail_workflow_emails

        replace_wagtail_workflow_emails()
