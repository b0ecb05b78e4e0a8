"""The models of ``core``: the outbox (``core.mail.models``)."""

from .mail.models import *  # noqa: F403
