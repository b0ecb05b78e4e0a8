"""Writes of approval forms built in the admin: recording the version of a published form."""

from wagtail.models import Page

from ..models import ApprovalFormPage, ApprovalFormVersion

__all__ = ["record_version_on_publish"]


def record_version_on_publish(sender, instance: Page, **kwargs) -> ApprovalFormVersion | None:
    """``page_published`` receiver (connected in ``FormsAppConfig.ready``): version the form's questions.

    ``instance`` is the page just published; for an ``ApprovalFormPage`` its live steps,
    chain and title become a new ``ApprovalFormVersion`` when they differ from the last
    one (``ApprovalFormPage.record_version``), inside the publish's transaction. Returns
    the version, or None for other pages.
    """
    page = instance.specific_deferred if type(instance) is Page else instance
    if not isinstance(page, ApprovalFormPage):
        return None
    return page.record_version()
