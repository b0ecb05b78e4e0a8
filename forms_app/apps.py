from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms_app"
    verbose_name = "Social media site requests"

    def ready(self):
        # The register listens to the workflow's ``request_approved`` signal; leavers to
        # a user's deactivation.
        from .leavers import services as leaver_services  # noqa: F401
        from .register import receivers  # noqa: F401
        from .workflow.notifications import replace_wagtail_workflow_emails

        replace_wagtail_workflow_emails()
