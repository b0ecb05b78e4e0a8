"""Switch Django's default task backend inside a test (the test settings use the ``ImmediateBackend``)."""

from collections.abc import Iterator
from contextlib import contextmanager

from asgiref.local import Local
from django.tasks import task_backends
from django.test import override_settings
from django.utils.connection import BaseConnectionHandler


def _forget_backends() -> None:
    # Django caches the backends by alias and does not reset them when TASKS changes.
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(BaseConnectionHandler.thread_critical)


@contextmanager
def use_task_backend(backend: str) -> Iterator[None]:
    """Make ``backend`` (a dotted class path) the default task backend inside the block."""
    with override_settings(TASKS={"default": {"BACKEND": backend}}):
        _forget_backends()
        try:
            yield
        finally:
            _forget_backends()
    _forget_backends()
