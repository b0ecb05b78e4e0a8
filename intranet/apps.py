"""The project's own app: start-up wiring that belongs to no single feature app."""

from django.apps import AppConfig


class IntranetConfig(AppConfig):
    """Installs the project-wide safety measures once, when Django starts.

    - Every CSV export in the admin (Wagtail's reports such as Site history, the policy
      reports, the modeladmin register) neutralises spreadsheet formulas; see
      ``intranet.spreadsheets``.
    - Documents are private by default: new documents in the root collection go to
      "Staff only", and publishing a staff-only page moves the documents it links to out
      of public collections; see ``intranet.documents``.
    - Cached public pages are dropped whenever the site changes; see ``intranet.page_cache``.
    - The admin sidebar is built once per person until their access or the site changes;
      see ``intranet.admin_sidebar``.
    """

    name = "intranet"
    verbose_name = "Intranet"

    def ready(self):
        from django.db.models.signals import pre_save
        from wagtail.documents import get_document_model
        from wagtail.signals import page_published

        from . import admin_sidebar
        from .documents import on_page_published, put_new_root_documents_in_staff_only
        from .page_cache import clear_public_pages, connect_site_changes
        from .spreadsheets import neutralise_csv_exports

        neutralise_csv_exports()
        pre_save.connect(put_new_root_documents_in_staff_only, sender=get_document_model())
        page_published.connect(on_page_published, dispatch_uid="intranet.documents.on_page_published")
        connect_site_changes(clear_public_pages, dispatch_uid="intranet.page_cache")
        admin_sidebar.install()
