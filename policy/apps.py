from django.apps import AppConfig


class PolicyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "policy"
    verbose_name = "Policies and parent guidance"

    def ready(self):
        """Connect this app's signal receivers (``policy.signals``): the only place they are connected.

        Publishing a policy may move on the version staff acknowledge; submitting one to the
        scoped approval task emails its approvers. Cached searches end when the search index
        is updated (``policy.search.install``).
        """
        from wagtail.signals import page_published, task_submitted

        from . import search, signals

        page_published.connect(signals.on_policy_published, dispatch_uid="policy_acknowledgement_version")
        task_submitted.connect(signals.on_task_submitted, dispatch_uid="policy_approval_submitted_email")
        search.install()
