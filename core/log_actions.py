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

# A placeholder's value: the data key it shows, or a function of the entry's data.
Field = str | Callable[[Mapping[str, Any]], Any]


class DataLogFormatter(LogFormatter):
    """A formatter whose ``message`` has ``%(name)s`` placeholders, filled from the log entry's data.

    ``fields`` maps each placeholder to the data key whose value it shows (empty when the
    entry has none) or to a function that takes the entry's data and returns the value.
    """

    fields: Mapping[str, Field] = {}

    def format_message(self, log_entry) -> str:
        """Return ``message`` with each placeholder filled from ``log_entry.data``."""
        data = log_entry.data
        return self.message % {
            name: field(data) if callable(field) else data.get(field, "") for name, field in self.fields.items()
        }


def register_data_action(actions, action: str, label: str, message: str, **fields: Field) -> None:
    """Register ``action`` with the registry ``actions``: its ``label`` and a ``DataLogFormatter`` message.

    ``fields`` name each placeholder of ``message`` (see ``DataLogFormatter``). Returns nothing.
    """
    formatter = type("DataLogFormatter", (DataLogFormatter,), {"label": label, "message": message, "fields": fields})
    actions.register_action(action)(formatter)


def joined(*keys: str) -> Callable[[Mapping[str, Any]], str]:
    """Return a field that shows the values the entry has for ``keys``, in that order, separated by commas."""
    return lambda data: ", ".join(str(data[key]) for key in keys if data.get(key))
