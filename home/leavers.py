"""What apps above ``home`` register so that the Leaver page lists and hands on what a person holds there.

The Leaver page (``forms_app.leavers``) lists everything a leaver holds and moves each
kind to a chosen successor in one transaction. ``home`` imports neither app, and
``forms_app`` should not reach into another app's internals: an app registers, under
the Wagtail hook ``LEAVER_HOLDINGS_HOOK``, a function taking the leaver (a User) and
returning a list of ``HeldItems``, one per kind of thing they hold there (an empty list
when they hold nothing). The page shows each as a section with one "who takes over"
choice, and calls ``hand_over`` inside the hand-over's transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

__all__ = ["LEAVER_HOLDINGS_HOOK", "HeldItems"]

LEAVER_HOLDINGS_HOOK = "register_leaver_holdings"


@dataclass
class HeldItems:
    """One kind of thing a leaver holds in an app, for the Leaver page.

    ``key``: a short name, unique across apps (the form field is ``held_<key>``);
    ``heading``: the section's heading; ``lines``: one sentence per item, as the page
    lists them; ``label`` and ``help_text``: the successor choice's; ``candidates``:
    the Users offered (a queryset); ``initial``: the suggested successor, or None.
    ``hand_over(leaver=, successor=, by=)`` moves every item to ``successor`` and returns
    what moved (sentences, for the audit log); it raises ``ValidationError`` (messages
    only) when the successor cannot take them over, and is called inside the
    hand-over's transaction, so nothing moves then.
    """

    key: str
    heading: str
    lines: list[str]
    label: str
    help_text: str
    candidates: QuerySet
    hand_over: Callable[..., list[str]]
    initial: object | None = None
