"""Signals other parts of the intranet listen to.

``request_approved`` is sent once, inside the final approval's transaction, with
``sender=SocialMediaSiteRequest``, ``instance`` (the request) and ``user`` (the final
approver). The register of approved sites creates its entry from it
(``forms_app.register.receivers``): the workflow does not import the register.
"""

from django.dispatch import Signal

request_approved = Signal()
