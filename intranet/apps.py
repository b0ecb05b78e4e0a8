"""The project's own app: start-up wiring that belongs to no single feature app."""

from django.apps import AppConfig


class IntranetConfig(AppConfig):
    """Installs the project-wide safety measures once, when Django starts.

    - Every CSV export in the admin (Wagtail's reports such as Site history, the policy
      reports, the modeladmin register) neutralises spreadsheet formulas; see
      ``intranet.spreadsheets``.
    """

    name = "intranet"
    verbose_name = "Intranet"

    def ready(self):
        from .spreadsheets import neutralise_csv_exports

        neutralise_csv_exports()
