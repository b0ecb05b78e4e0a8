"""System checks that keep every email going through the outbox, and the outbox out of its own delivery."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

OUTBOX_BACKEND = "core.mail.backends.OutboxBackend"


def _is_outbox(backend_path: str) -> bool:
    from .backends import OutboxBackend

    try:
        backend = import_string(backend_path)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, OutboxBackend)


@register()
def check_mailers(app_configs=None, **kwargs):
    """core.W001: the default mailer is not the outbox; core.E002: no delivery mailer; core.E003: it is the outbox."""
    mailers = getattr(settings, "MAILERS", {})
    alias = getattr(settings, "OUTBOX_DELIVERY_MAILER", "delivery")
    problems = []
    if not _is_outbox(mailers.get("default", {}).get("BACKEND", "")):
        problems.append(
            Warning(
                "MAILERS['default'] is not the outbox: emails sent by Django, Wagtail and allauth "
                "would skip the queue and its retries.",
                hint=f"Set MAILERS['default'] = {{'BACKEND': '{OUTBOX_BACKEND}'}}.",
                id="core.W001",
            )
        )
    if alias not in mailers:
        problems.append(
            Error(
                f"MAILERS has no {alias!r} mailer (OUTBOX_DELIVERY_MAILER): the worker cannot send the outbox.",
                hint="Add the SMTP (production), console (development) or locmem (tests) mailer under that name.",
                id="core.E002",
            )
        )
    elif _is_outbox(mailers[alias].get("BACKEND", "django.core.mail.backends.smtp.EmailBackend")):
        problems.append(
            Error(
                f"MAILERS[{alias!r}] (OUTBOX_DELIVERY_MAILER) is the outbox: delivered emails would be queued again.",
                hint="The delivery mailer must really send: SMTP, console or locmem.",
                id="core.E003",
            )
        )
    return problems
