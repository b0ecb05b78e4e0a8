"""Every email the intranet sends: one outbox, delivered by the task worker with retries.

- ``models.OutgoingEmail``: one row per email, written in the transaction that causes it.
- ``outbox.send_email``: render a template trio and queue it; ``outbox.queue_message``:
  queue a ready-made ``EmailMessage``.
- ``backends.OutboxBackend``: Django's default mailer (``MAILERS["default"]``), so whatever
  Django, Wagtail or allauth send (password resets, moderation emails, security notices,
  ``mail_admins``) is queued the same way.
- ``delivery.deliver_email``: the worker's task; sends through the delivery mailer
  (``MAILERS[OUTBOX_DELIVERY_MAILER]``: SMTP in production, the console in development,
  locmem in tests) and retries with back-off (``EMAIL_RETRY_DELAYS``).
- ``admin``: Reports → Outgoing emails, for site administrators.

The package is kept free of imports at its top so settings and ``core.models`` can name it
before the task backends are ready.
"""
