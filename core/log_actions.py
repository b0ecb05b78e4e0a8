"""Audit-log actions whose message is one sentence filled in from the log entry's data.

Most of the intranet's own actions (sign-ins, the register, cover, training) show a fixed
sentence with a few values the entry recorded. ``register_data_action`` registers one in a
line, in a ``register_log_actions`` hook; an action whose wording needs more than that
keeps a ``LogFormatter`` subclass of its own.
"""

from collections.abc import Callable, Mapping
from typing import Any

from wagtail.log_actions import LogFormatter

__all__ = ["DataLogFormatter", "joined", "register_data_action"]

# A computed placeholder's value: a function of the entry's data.
Field = Callable[[Mapping[str, Any]], Any]


class _EntryValues(dict):
    """The values of a message's placeholders: the computed ones, then the entry's data, then empty."""

    def __init__(self, data: Mapping[str, Any], fields: Mapping[str, Field]):
        super().__init__((name, field(data)) for name, field in fields.items())
        self.data = data

    def __missing__(self, key: str) -> Any:
        return self.data.get(key, "")


class DataLogFormatter(LogFormatter):
    """A formatter whose ``message`` has ``%(name)s`` placeholders, filled from the log entry's data.

    A placeholder shows the entry's value of the data key of its name (empty when the entry
    has none), unless ``fields`` maps it to a function that takes the entry's data and
    returns the value to show.
    """

    fields: Mapping[str, Field] = {}

    def format_message(self, log_entry) -> str:
        """Return ``message`` with each placeholder filled from ``log_entry.data``."""
        return self.message % _EntryValues(log_entry.data, self.fields)


def register_data_action(actions, action: str, label: str, message: str, **fields: Field) -> None:
    """Register ``action`` with the registry ``actions``: its ``label`` and a ``DataLogFormatter`` message.

    ``fields`` compute the placeholders of ``message`` that are not data keys (see
    ``DataLogFormatter``). Returns nothing.
    """
    formatter = type("DataLogFormatter", (DataLogFormatter,), {"label": label, "message": message, "fields": fields})
    actions.register_action(action)(formatter)


def joined(*keys: str) -> Field:
    """Return a field that shows the values the entry has for ``keys``, in that order, separated by commas."""
    return lambda data: ", ".join(str(data[key]) for key in keys if data.get(key))
