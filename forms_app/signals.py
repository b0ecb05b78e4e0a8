"""Signals other parts of the intranet listen to.

``request_approved`` is sent once, inside the final approval's transaction, with
``sender=SocialMediaSiteRequest`` and ``instance`` (the request) and ``user`` (the final
approver). The register of approved sites creates its entry from it.
"""

from django.dispatch import Signal

request_submitted = Signal()
request_approved = Signal()
changes_requested = Signal()
request_withdrawn = Signal()
