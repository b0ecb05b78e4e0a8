from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms_app"
    verbose_name = "Social media site requests"

    def ready(self):
        """Connect this app's signal receivers: the only place they are connected.

        - The register listens to the workflow's ``request_approved``: it creates the
          register entry in the approval's transaction and seals the record after commit
          (``forms_app.register.receivers``).
        - Leavers: deactivating a user anywhere (the Leaver… button, Settings → Users, the
          command) hands on what they held (``forms_app.leavers.services``).
        - Wagtail's generic workflow emails are replaced for requests by the request's own.
        - Publishing an approval form built in the admin records the version of its questions
          (``forms_app.built_forms.services``).
        - The dashboard's request panel, kept in the cache, goes stale with what it shows
          (``forms_app.workflow.panels.install``).
        """
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save
        from wagtail.signals import page_published

        from .built_forms.services import record_version_on_publish
        from .leavers import services as leavers
        from .models import ApprovalFormPage, SocialMediaSiteRequest
        from .register import receivers as register
        from .signals import request_approved
        from .workflow import panels
        from .workflow.notifications import replace_wagtail_workflow_emails

        request_approved.connect(
            register.create_register_entry_on_approval,
            sender=SocialMediaSiteRequest,
            dispatch_uid="forms_app.register.create_entry",
        )
        request_approved.connect(
            register.seal_record_on_approval,
            sender=SocialMediaSiteRequest,
            dispatch_uid="forms_app.register.seal_record",
        )
        user_model = get_user_model()
        pre_save.connect(
            leavers.remember_previous_activity, sender=user_model, dispatch_uid="forms_app.leavers.remember_active"
        )
        post_save.connect(
            leavers.hand_on_after_deactivation, sender=user_model, dispatch_uid="forms_app.leavers.hand_on"
        )
        page_published.connect(
            record_version_on_publish, sender=ApprovalFormPage, dispatch_uid="forms_app.built_forms.version"
        )
        replace_wagtail_workflow_emails()
        panels.install()
