"""What every app shares: caching, HTTP, files, the outbox and the site history, wired once when Django starts."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installs the project-wide measures of ``core`` once, when Django starts.

    - Every CSV export in the admin (Wagtail's reports such as Site history, the policy
      reports, the modeladmin register) neutralises spreadsheet formulas; see
      ``core.files.spreadsheets``.
    - Documents are private by default: new documents in the root collection go to
      "Staff only", and publishing a staff-only page moves the documents it links to out
      of public collections; see ``core.files.documents``.
    - Wagtail's own changes that alter the public site (publish, unpublish, move and
      deletion of pages, privacy restrictions, sites) make the ``SITE`` cache generation
      stale after they commit; see ``core.caching.registry``. The apps declare their own
      models in their ``ready``.
    - The admin sidebar is built once per person until their access or the site changes;
      see ``core.caching.admin_sidebar``; the dashboard's site summary once per person
      until a count changes, see ``core.caching.site_summary``.
    - Every email goes through the outbox (``core.mail``); system checks refuse a delivery
      mailer that is the outbox itself.
    """

    name = "core"
    verbose_name = "Shared foundations"

    def ready(self):
        from django.db.models.signals import pre_save
        from wagtail.documents import get_document_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .caching import admin_sidebar, registry, site_summary
        from .files.documents import on_page_published, put_new_root_documents_in_staff_only
        from .files.spreadsheets import neutralise_csv_exports
        from .mail import checks  # noqa: F401 - registers the mailer checks

        neutralise_csv_exports()
        pre_save.connect(put_new_root_documents_in_staff_only, sender=get_document_model())
        page_published.connect(on_page_published, dispatch_uid="core.files.documents.on_page_published")

        for signal in (page_published, page_unpublished, post_page_move):
            registry.stale_on_signal(signal)
        # Deleting a page sends ``post_delete`` for its concrete class and for ``Page``; saving
        # a draft writes the page row but changes nothing shown.
        registry.stale_on_delete(Page)
        registry.stale_on_change(PageViewRestriction)
        registry.stale_on_change(Site)
        admin_sidebar.install()
        site_summary.install()
