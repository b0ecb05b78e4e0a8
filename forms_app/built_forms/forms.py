"""The form of one step of an approval form built in the admin, made from its version's question blocks.

Each question (``forms_app.models.Question``) becomes one or more Django fields named from
its id: the answer itself under ``<id>``, a yes/no question's follow-up under
``<id>__follow_up``, a person's name and email under ``<id>__name`` and ``<id>__email``,
a file question's removals under ``<id>__remove``. Every field is optional to Django: an
answer that fails its own check (a date that does not exist, a file of the wrong type) is
refused and not saved; a required question left blank is saved blank but stops Continue,
with its own message ("Enter …", "Choose …"), as Appendix B's steps do.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Question, RequestAttachment, SocialMediaSiteRequest
from ..request_form.attachments import ACCEPT, check_upload
from ..request_form.forms.base import school_staff
from ..request_form.forms.fields import MAX_TEXT_LENGTH, StaffPickerSelect, limit_text_field, show_if
from .answers import follow_up_applies
from .controls import DayMonthYearField, Item

__all__ = ["BuiltStepForm", "TEXT_MAX_LENGTH", "options_of"]

TEXT_MAX_LENGTH = 255  # a one-line answer: a name, an address, a number
CHECK = {"class": "form-check-input"}
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def options_of(question: Question) -> list[str]:
    """The options of a choice question, in order. A version stores Wagtail's raw list data, whose
    items are ``{"type": "item", "value": ..., "id": ...}`` (older data: plain strings)."""
    return [str(item["value"] if isinstance(item, dict) else item) for item in question.value.get("options", [])]


class BuiltStepForm(forms.Form):
    """The questions of step ``step`` (0-based) of ``site_request``'s form version.

    Takes ``site_request`` (saved or not; its ``form_version`` and ``school`` are used) and
    ``step``; ``data`` and ``files`` as any form. After ``is_valid()``: ``answers()`` gives
    what may be saved, ``uploads`` the checked files to attach, ``missing`` the required
    questions left blank, ``refused_labels()`` the answers refused by their own check.
    One query for the school's staff when the step asks for a member of staff, one for the
    request's documents when it has a file question; none per question.
    """

    def __init__(self, data=None, files=None, *, site_request: SocialMediaSiteRequest, step: int):
        super().__init__(data, files)
        self.site_request = site_request
        self.questions = list(site_request.form_version.questions(step=step))
        self.stored = site_request.answers or {}
        self.uploads: dict[str, tuple] = {}
        self.missing: set[str] = set()
        kinds = {question.kind for question in self.questions}
        self._staff = list(school_staff(site_request.school)) if "staff" in kinds else []
        documents = list(site_request.attachments.all()) if "file" in kinds and site_request.pk else []
        self._documents = {document.pk: document for document in documents}
        self.items = [self._add(question) for question in self.questions]
        for item in self.items:
            item.form = self

    def _add(self, question: Question) -> Item:
        name, label, value = question.id, question.label, self.stored.get(question.id)
        help_text = question.value.get("help_text", "")
        kind = question.kind
        item = Item(question=question, names=[name])
        if kind in ("text", "long_text"):
            long = kind == "long_text"
            widget = forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput()
            self.fields[name] = forms.CharField(label=label, help_text=help_text, required=False, widget=widget)
            limit_text_field(
                self.fields[name],
                limit=MAX_TEXT_LENGTH if long else TEXT_MAX_LENGTH,
                short_name=format_lazy("“{}”", label),
            )
            self.initial[name] = value or ""
        elif kind in ("choice", "multiple_choice"):
            choices = [(option, option) for option in options_of(question)]
            field_class = forms.ChoiceField if kind == "choice" else forms.MultipleChoiceField
            widget_class = forms.RadioSelect if kind == "choice" else forms.CheckboxSelectMultiple
            self.fields[name] = field_class(
                label=label, help_text=help_text, required=False, choices=choices, widget=widget_class(CHECK)
            )
            self.fields[name].error_messages["invalid_choice"] = _("Choose one of the options for “%(label)s”") % {
                "label": label
            }
            self.initial[name] = value
        elif kind == "date":
            self.fields[name] = DayMonthYearField(label=label, help_text=help_text)
            self.initial[name] = value
        elif kind == "staff":
            choices = [("", _("Choose a member of staff"))]
            choices += [
                (str(user.pk), ", ".join(p for p in (user.display_name(), user.job_title) if p)) for user in self._staff
            ]
            self.fields[name] = forms.ChoiceField(
                label=label, help_text=help_text, required=False, choices=choices, widget=StaffPickerSelect()
            )
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose someone from your school's staff for “%(label)s”"
            ) % {"label": label}
            self.initial[name] = str(value) if value else ""
        elif kind == "person":
            value = value if isinstance(value, dict) else {}
            item.names = [f"{name}__name", f"{name}__email"]
            self.fields[f"{name}__name"] = forms.CharField(label=_("Full name"), required=False, max_length=150)
            self.fields[f"{name}__email"] = forms.EmailField(
                label=_("Email address"),
                required=False,
                max_length=254,
                error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
            )
            self.initial[f"{name}__name"] = value.get("name", "")
            self.initial[f"{name}__email"] = value.get("email", "")
        elif kind == "file":
            self.fields[name] = forms.FileField(
                label=label,
                help_text=help_text,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                error_messages={"empty": _("The file you chose is empty: choose another")},
            )
            item.names.append(f"{name}__remove")
            item.documents = [self._documents[pk] for pk in (value or []) if pk in self._documents]
            self.fields[f"{name}__remove"] = forms.MultipleChoiceField(
                required=False, choices=[(str(document.pk), document.original_name) for document in item.documents]
            )
            self.fields[name].help_text = format_lazy(
                "{} {}", help_text, _("PDF, PNG, JPEG or Word (DOCX), up to 10 MB each.")
            )
        elif kind == "yes_no":
            value = value if isinstance(value, dict) else {}
            self.fields[name] = forms.ChoiceField(
                label=label, help_text=help_text, required=False, choices=YES_NO, widget=forms.RadioSelect(CHECK)
            )
            self.initial[name] = value.get("answer")
            if question.value.get("follow_up_label"):
                follow = f"{name}__follow_up"
                item.names.append(follow)
                reveal = show_if((name, question.value.get("reveal_on", "yes")))
                self.fields[follow] = forms.CharField(
                    label=question.value["follow_up_label"],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, **reveal}),
                )
                limit_text_field(
                    self.fields[follow],
                    limit=MAX_TEXT_LENGTH,
                    short_name=format_lazy("“{}”", question.value["follow_up_label"]),
                )
                self.initial[follow] = value.get("follow_up", "")
        elif kind == "declaration":
            self.fields[name] = forms.BooleanField(label=label, help_text=help_text, required=False)
            self.initial[name] = value is True
        return item

    def clean(self):
        """Add the message of each required question left blank (and of a revealed follow-up left blank)."""
        data = self.cleaned_data
        for question in self.questions:
            name, label = question.id, question.label
            if name in self._errors:
                continue
            if question.kind == "yes_no" and f"{name}__follow_up" in self.fields:
                answer = {"answer": data.get(name) or "", "follow_up": data.get(f"{name}__follow_up", "")}
                if follow_up_applies(question, answer) and question.required and not answer["follow_up"].strip():
                    self._missing(
                        f"{name}__follow_up", _("Enter an answer to “%(label)s”"), question.value["follow_up_label"]
                    )
            if not question.required:
                continue
            if question.kind == "person":
                if not (data.get(f"{name}__name") or "").strip() and f"{name}__name" not in self._errors:
                    self._missing(f"{name}__name", _("Enter the full name for “%(label)s”"), label)
                if not data.get(f"{name}__email") and f"{name}__email" not in self._errors:
                    self._missing(f"{name}__email", _("Enter the email address for “%(label)s”"), label)
            elif question.kind == "file":
                if not self._kept_documents(question) and not data.get(name):
                    self._missing(name, _("Choose a file for “%(label)s”"), label)
            elif self._blank(question, data.get(name)):
                self._missing(name, self._required_message(question.kind), label)
        self._check_uploads()
        return data

    def _missing(self, name: str, message: str, label: str) -> None:
        self.missing.add(name)
        self.add_error(name, message % {"label": label})

    @staticmethod
    def _blank(question: Question, value) -> bool:
        if question.kind in ("text", "long_text"):
            return not (value or "").strip()
        return value in (None, "", [], False)

    @staticmethod
    def _required_message(kind: str) -> str:
        return {
            "text": _("Enter an answer to “%(label)s”"),
            "long_text": _("Enter an answer to “%(label)s”"),
            "choice": _("Choose an answer to “%(label)s”"),
            "multiple_choice": _("Choose at least one answer to “%(label)s”"),
            "date": _("Enter the date for “%(label)s”"),
            "staff": _("Choose a member of staff for “%(label)s”"),
            "yes_no": _("Choose yes or no for “%(label)s”"),
            "declaration": _("Tick the box to confirm “%(label)s”"),
        }[kind]

    def _kept_documents(self, question: Question) -> list[int]:
        removed = {int(pk) for pk in self.cleaned_data.get(f"{question.id}__remove") or []}
        return [pk for pk in (self.stored.get(question.id) or []) if pk in self._documents and pk not in removed]

    def _check_uploads(self) -> None:
        """Check each chosen file against the request's attachment rules, counting the files it keeps."""
        removed = sum(len(self.cleaned_data.get(f"{q.id}__remove") or []) for q in self.questions if q.kind == "file")
        existing = (self.site_request.attachments.count() if self.site_request.pk else 0) - removed
        for question in self.questions:
            uploaded = self.cleaned_data.get(question.id) if question.kind == "file" else None
            if not uploaded or question.id in self._errors:
                continue
            try:
                self.uploads[question.id] = (uploaded, check_upload(uploaded, existing=existing))
            except forms.ValidationError as error:
                self.add_error(question.id, error)
            else:
                existing += 1

    def answers(self) -> dict:
        """The answers that passed their own checks, keyed by question id, in ``forms_app.blocks``' shapes.

        A blank answer is ``None`` (the caller drops it). A file question's answer is the
        documents it keeps; the view adds the pk of each file of ``uploads`` once stored.
        """
        data, errors, result = getattr(self, "cleaned_data", {}), self._errors or {}, {}
        refused = set(errors) - self.missing
        for item in self.items:
            question, name = item.question, item.name
            if refused & set(item.names):
                continue
            value = data.get(name)
            if question.kind in ("text", "long_text"):
                result[name] = (value or "").strip() or None
            elif question.kind == "date":
                result[name] = value.isoformat() if value else None
            elif question.kind == "staff":
                result[name] = int(value) if value else None
            elif question.kind == "person":
                person = {"name": (data.get(f"{name}__name") or "").strip(), "email": data.get(f"{name}__email") or ""}
                result[name] = person if person["name"] or person["email"] else None
            elif question.kind == "file":
                result[name] = self._kept_documents(question) or None
            elif question.kind == "yes_no":
                answer = {"answer": value} if value else None
                if answer and f"{name}__follow_up" in self.fields and follow_up_applies(question, answer):
                    answer["follow_up"] = (data.get(f"{name}__follow_up") or "").strip()
                result[name] = answer
            elif question.kind == "declaration":
                result[name] = True if value else None
            else:
                result[name] = value or None
        return result

    def removed_documents(self) -> list[RequestAttachment]:
        """The documents whose Remove box was ticked (and whose question was accepted)."""
        refused = set(self._errors or {}) - self.missing
        removed = []
        for item in self.items:
            if item.kind == "file" and not (refused & set(item.names)):
                for pk in self.cleaned_data.get(f"{item.name}__remove") or []:
                    removed.append(self._documents[int(pk)])
        return removed

    def refused_labels(self) -> list[str]:
        """The questions whose answers failed their own checks, and so were not saved."""
        refused = set(self._errors or {}) - self.missing - {"__all__"}
        return [item.question.label for item in self.items if refused & set(item.names)]

    def has_own_errors(self) -> bool:
        """Whether an answer was refused by its own check (not only left blank)."""
        return bool(set(self._errors or {}) - self.missing)

    def error_links(self) -> list[dict]:
        """The error summary's entries: ``[{"anchor": id of the control, "message": text}]``, in question order."""
        links = []
        for item in self.items:
            for name in item.names:
                for message in self.errors.get(name, []):
                    links.append({"anchor": self.anchor(item, name), "message": message})
        return links

    def anchor(self, item: Item, name: str) -> str:
        """The HTML id an error for ``name`` links to: a group's first control."""
        if name == item.name and item.kind in ("choice", "multiple_choice", "yes_no"):
            return f"id_{name}_0"
        if name == item.name and item.kind == "date":
            return f"id_{name}_0"
        return f"id_{name}"
