"""How a built form's questions are drawn: the day/month/year date input, and each question with its controls.

Kept apart from ``forms.py`` (the step's fields and its checks) so that the form holds
questions and rules only, not the widgets they are drawn with, as Appendix B's
``request_form/forms/fields.py`` does.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import Question, RequestAttachment

__all__ = ["Control", "DayMonthYearField", "DayMonthYearWidget", "Item"]


class DayMonthYearWidget(forms.MultiWidget):
    """Three number boxes, day, month and year (GOV.UK date input), for a ``"YYYY-MM-DD"`` answer."""

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": "form-control"}
        super().__init__([forms.TextInput(box), forms.TextInput(box), forms.TextInput(box)], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        try:
            year, month, day = str(value).split("-")
            return [int(day), int(month), int(year)]
        except ValueError:
            return [None, None, None]


class DayMonthYearField(forms.MultiValueField):
    """A date given as day, month and year; cleans to a ``datetime.date`` or None when all three are blank.

    Raises ``ValidationError`` naming the question (``label``) when a part is missing or the
    date does not exist (31 February).
    """

    widget = DayMonthYearWidget

    def __init__(self, *, label, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, require_all_fields=False, required=False, label=label, **kwargs)

    def compress(self, data_list):
        return data_list

    def clean(self, value):
        parts = [str(part or "").strip() for part in (value or [])] + ["", "", ""]
        day, month, year = parts[:3]
        if not (day or month or year):
            return None
        missing = [name for name, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year)) if not part]
        if missing:
            raise forms.ValidationError(
                _("“%(label)s” must include %(parts)s") % {"label": self.label, "parts": _(" and ").join(missing)}
            )
        try:
            if len(year) != 4:
                raise ValueError
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                _("“%(label)s” must be a real date, for example 27 3 2027") % {"label": self.label}
            ) from None


@dataclass
class Item:
    """One question as the step's template draws it: its ``question``, its fields' ``names`` (the
    answer's first) bound to ``form``, and for a file question the ``documents`` it holds now.

    ``controls`` are the question's own controls ready to draw (``Control``): the answer's
    first, then a follow-up or a person's name and email. Each control's HTML carries
    ``aria-describedby`` naming its hint and its error, and ``aria-invalid`` when wrong.
    """

    question: Question
    names: list[str]
    form: forms.Form | None = None  # the step's BuiltStepForm, set once its fields exist
    documents: list[RequestAttachment] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def name(self) -> str:
        """The question's id: its answer's key (and its field's name, but for a person's two)."""
        return self.question.id

    @property
    def field(self):
        return self.form[self.names[0]]

    @property
    def controls(self) -> list["Control"]:
        return [Control(self.form[name]) for name in self.names if not name.endswith("__remove")]

    @property
    def date_parts(self) -> list:
        value = self.field.value()
        if not isinstance(value, list | tuple):
            value = DayMonthYearWidget().decompress(value)
        return [("" if part is None else part) for part in value] + ["", "", ""]

    @property
    def removed(self) -> list[str]:
        return [str(pk) for pk in (self.form[f"{self.name}__remove"].value() or [])] if self.kind == "file" else []


@dataclass
class Control:
    """A bound field with the ids of its hint and error, and its widget drawn with them."""

    bound: object

    @property
    def hint_id(self) -> str:
        return f"{self.bound.auto_id}_hint"

    @property
    def error_id(self) -> str:
        return f"{self.bound.auto_id}_error"

    @property
    def described_by(self) -> str:
        ids = [self.hint_id] if self.bound.help_text else []
        return " ".join(ids + ([self.error_id] if self.bound.errors else []))

    def widget(self, css: str = "form-control") -> str:
        attrs = {"class": css + (" is-invalid" if self.bound.errors else "")}
        if self.described_by:
            attrs["aria-describedby"] = self.described_by
        return mark_safe(self.bound.as_widget(attrs=attrs))  # noqa: S308  (Django's escaping widget templates)

    @property
    def html(self) -> str:
        widget = self.bound.field.widget
        if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
            return self.widget("form-select")
        if isinstance(widget, forms.CheckboxInput):
            return self.widget("form-check-input")
        return self.widget()
