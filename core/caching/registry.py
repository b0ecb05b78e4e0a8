"""The one way a cache goes stale: declared changes replace a generation after their transaction commits.

Every app says here, from its ``AppConfig.ready``, which changes make which generation
(``core.caching.generations``: ``SITE`` or ``ACCESS``) out of date:

- ``stale_on_signal(signal)``: any sending of a signal (Wagtail's ``page_published``, say);
- ``stale_on_change(Model)``: a row of ``Model`` saved or deleted (optionally not when it is
  created, or when only some fields were saved); ``stale_on_create(Model)``: created only;
  ``stale_on_delete(Model)``: deleted only;
- ``stale_on_m2m(through)``: a many-to-many relation added to, removed from or cleared;
- ``stale_on_task(task)``: a background task finished running (the search index's update,
  which the worker runs after the publish that enqueued it has committed).

``core`` declares Wagtail's own (publish, unpublish, move and deletion of pages, privacy
restrictions, sites; users, groups and permissions for the admin sidebar); ``home``
declares its schools and trust settings. Nothing else deletes cache keys or replaces a
generation.

Why after commit: a generation replaced while the change is still uncommitted lets a
request in that window read the *old* rows and store them under the *new* generation,
where they would be served until the next change (up to a day for the site and the
settings). ``mark_stale`` therefore defers the replacement with ``transaction.on_commit``:
a change that is rolled back marks nothing stale, and outside a transaction it happens at
once. A cache that cannot be reached is logged, never raised: the change itself stands.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.tasks import Task
from django.tasks.signals import task_finished

from .generations import SITE, new_generation

logger = logging.getLogger(__name__)

__all__ = [
    "mark_stale",
    "stale_on_change",
    "stale_on_create",
    "stale_on_delete",
    "stale_on_m2m",
    "stale_on_signal",
    "stale_on_task",
]


def replace_generation(generation: str) -> None:
    """Replace ``generation``'s token now: the callback ``mark_stale`` defers to the commit. Never raises."""
    try:
        new_generation(generation)
    except Exception:
        logger.exception("The cache could not be reached to mark %s stale.", generation)


def mark_stale(generation: str = SITE) -> None:
    """Replace ``generation``'s token once the current transaction commits (at once outside one).

    Takes the generation's key (``generations.SITE`` or ``generations.ACCESS``); returns
    None. Never raises for an unreachable cache (logged instead).
    """
    transaction.on_commit(partial(replace_generation, generation), robust=True)


def _receiver(generation: str):
    def receiver(sender=None, **kwargs) -> None:
        mark_stale(generation)

    return receiver


def stale_on_signal(signal: Signal, *, generation: str = SITE, sender=None) -> None:
    """Make ``generation`` stale whenever ``signal`` is sent (by ``sender`` only, when given).

    Connected once however often it is called (the dispatch id names the signal, sender and
    generation). Call it from ``AppConfig.ready``.
    """
    uid = f"core.caching.registry:{id(signal)}:{getattr(sender, '__qualname__', sender)}:{generation}"
    signal.connect(_receiver(generation), sender=sender, weak=False, dispatch_uid=uid)


def stale_on_change(
    model,
    *,
    generation: str = SITE,
    on_create: bool = True,
    ignore_fields: Iterable[str] = (),
) -> None:
    """Make ``generation`` stale when a row of ``model`` is saved or deleted.

    ``on_create=False``: creating a row changes nothing already shown (a school or the trust
    settings row made with the defaults the pages already show), so only later saves and
    deletions count. ``ignore_fields``: a save that names only these in ``update_fields``
    (a user's ``last_login``, written at every sign-in) counts for nothing. Call it from
    ``AppConfig.ready``.
    """
    ignored = frozenset(ignore_fields)

    def on_save(sender, created: bool = False, update_fields=None, **kwargs) -> None:
        if created and not on_create:
            return
        if ignored and update_fields is not None and set(update_fields) <= ignored:
            return
        mark_stale(generation)

    label = f"{model._meta.label}:{generation}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"core.caching.registry:saved:{label}")
    stale_on_delete(model, generation=generation)


def stale_on_create(model, *, generation: str = SITE) -> None:
    """Make ``generation`` stale when a row of ``model`` is created (later saves count for nothing).

    ``post_save`` names the concrete class it saved, so a model with subclasses (Wagtail's
    page types) is declared once per class.
    """

    def on_save(sender, created: bool = False, **kwargs) -> None:
        if created:
            mark_stale(generation)

    label = f"{model._meta.label}:{generation}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"core.caching.registry:created:{label}")


def stale_on_delete(model, *, generation: str = SITE) -> None:
    """Make ``generation`` stale when a row of ``model`` is deleted (saves count for nothing).

    For Wagtail's ``Page``: saving a draft writes the page row but changes nothing shown, while
    publishing is declared through its own signal.
    """
    label = f"{model._meta.label}:{generation}"
    post_delete.connect(
        _receiver(generation), sender=model, weak=False, dispatch_uid=f"core.caching.registry:deleted:{label}"
    )


def stale_on_m2m(through, *, generation: str = SITE) -> None:
    """Make ``generation`` stale when the many-to-many relation ``through`` changes (add, remove, clear)."""
    m2m_changed.connect(
        _receiver(generation),
        sender=through,
        weak=False,
        dispatch_uid=f"core.caching.registry:m2m:{through._meta.label}:{generation}",
    )


def stale_on_task(task: Task, *, generation: str) -> None:
    """Make ``generation`` stale whenever a run of the background ``task`` finishes, failed or not.

    Takes a ``django.tasks`` ``Task``; matched by its dotted path on Django's ``task_finished``
    signal, which the worker (``manage.py db_worker``) and the immediate backend send once
    the task's work is done: what the task wrote is then there to read. A failed run counts
    too, since it may have written part of its work. Call it from ``AppConfig.ready``.
    """
    path = task.module_path

    def receiver(sender=None, task_result=None, **kwargs) -> None:
        if task_result is not None and task_result.task.module_path == path:
            mark_stale(generation)

    task_finished.connect(receiver, weak=False, dispatch_uid=f"core.caching.registry:task:{path}:{generation}")
