"""The project package as an app, so that its project-wide management commands are found."""

from django.apps import AppConfig


class IntranetConfig(AppConfig):
    """The project's own app: settings, URLs and the commands that span every app (demo content, scale data)."""

    name = "intranet"
    verbose_name = "Intranet"
