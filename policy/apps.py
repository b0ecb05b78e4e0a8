from django.apps import AppConfig


class PolicyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "policy"
    verbose_name = "Policies and parent guidance"

    def ready(self):
        from . import signals  # noqa: F401  (connects the publishing receiver)
