from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Trust and site"


class IntranetUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a user form that also edits the person's school and job title."""

    user_viewset = "home.users.UserViewSet"
