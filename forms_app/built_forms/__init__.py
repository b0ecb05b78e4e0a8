"""Approval forms built in the admin (``ApprovalFormPage``): their versions, answers, steps and rules.

The engine after Submit (workflow, inbox, reminders, amendments, the sealed record) is the
request engine of ``forms_app.workflow`` and ``forms_app.register``: a built form's
submission is a ``SocialMediaSiteRequest`` with ``form_version`` and ``answers``.
"""
