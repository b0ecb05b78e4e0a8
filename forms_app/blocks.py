"""The question blocks an editor builds an approval form from (``ApprovalFormPage.steps``).

A form is a list of steps (``StepBlock``), each a heading and its questions. Every question
block shares ``label``, ``help_text`` and ``required``; its Wagtail block id (a UUID kept
across edits) is the key of its answer in ``SocialMediaSiteRequest.answers``, and a
published form's steps are copied into an ``ApprovalFormVersion``, so a submission keeps
the questions as they were asked.

The answer each kind stores (``QUESTION_KINDS``; JSON in ``answers``):

========================  ==========================================================
``text``, ``long_text``   a string
``choice``                one of the block's ``options`` (a string)
``multiple_choice``       a list of the block's ``options``
``date``                  ``"YYYY-MM-DD"``
``staff``                 the primary key of a member of staff of the request's school
``person``                ``{"name": ..., "email": ...}`` (someone without an account)
``file``                  a list of ``RequestAttachment`` primary keys (its documents)
``yes_no``                ``{"answer": "yes" | "no", "follow_up": "..."}``
``declaration``           ``true`` (ticked)
========================  ==========================================================
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

__all__ = ["QUESTION_KINDS", "QuestionBlock", "QuestionStreamBlock", "StepBlock", "StepStreamBlock"]


class QuestionBlock(blocks.StructBlock):
    """What every question has: the question itself, help text under it, and whether it must be answered."""

    label = blocks.CharBlock(label=_("Question"), max_length=255)
    help_text = blocks.TextBlock(
        label=_("Help text"),
        required=False,
        max_length=600,
        help_text=_("Shown under the question: what to write, where to find it, an example."),
    )
    required = blocks.BooleanBlock(
        label=_("Must be answered"), required=False, default=True, help_text=_("Untick for an optional question.")
    )

    class Meta:
        icon = "help"
        form_classname = "struct-block question-block"


class TextQuestionBlock(QuestionBlock):
    """A short answer on one line (a name, an address, a number)."""

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        preview_value = {"label": "Name of the site or account", "help_text": "", "required": True}


class LongTextQuestionBlock(QuestionBlock):
    """A longer answer in a few sentences or paragraphs."""

    class Meta:
        icon = "doc-full"
        label = _("Long text")
        preview_value = {"label": "Why do you need this?", "help_text": "", "required": True}


class ChoiceQuestionBlock(QuestionBlock):
    """One answer chosen from a list (radio buttons)."""

    options = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Options"), min_num=2)

    class Meta:
        icon = "list-ul"
        label = _("Choice")
        preview_value = {"label": "How often?", "required": True, "options": ["Once", "Weekly"]}

    def clean(self, value):
        value = super().clean(value)
        options = [option.strip() for option in value["options"]]
        if len(set(options)) != len(options):
            raise blocks.StructBlockValidationError(
                block_errors={"options": ValidationError(_("Each option must be different."))}
            )
        return value


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    """Any number of answers ticked from a list (tick boxes)."""

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")
        preview_value = {"label": "Who will see it?", "required": True, "options": ["Staff", "Parents"]}


class DateQuestionBlock(QuestionBlock):
    """A date, entered as day, month and year."""

    class Meta:
        icon = "date"
        label = _("Date")
        preview_value = {"label": "From when?", "required": True}


class StaffQuestionBlock(QuestionBlock):
    """A member of staff of the request's school, chosen from the school's staff."""

    class Meta:
        icon = "user"
        label = _("Member of staff")
        preview_value = {"label": "Your line manager", "required": True}


class PersonQuestionBlock(QuestionBlock):
    """Someone without a staff account: their name and email address."""

    class Meta:
        icon = "group"
        label = _("Person without an account")
        preview_value = {"label": "The external organisation's contact", "required": True}


class FileQuestionBlock(QuestionBlock):
    """Supporting documents: PDF, PNG, JPEG or Word, checked by content (the request's attachment rules)."""

    class Meta:
        icon = "doc-empty"
        label = _("File upload")
        preview_value = {"label": "A screenshot of the blocked page", "required": False}


class YesNoQuestionBlock(QuestionBlock):
    """A yes or no question; one answer reveals a follow-up question."""

    follow_up_label = blocks.CharBlock(
        label=_("Follow-up question"),
        max_length=255,
        required=False,
        help_text=_("Asked only after the answer below is chosen. Leave empty for no follow-up."),
    )
    reveal_on = blocks.ChoiceBlock(
        label=_("Ask the follow-up after"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        default="yes",
    )

    class Meta:
        icon = "radio-full"
        label = _("Yes or no")
        preview_value = {
            "label": "Is it needed for a lesson?",
            "required": True,
            "follow_up_label": "Which lesson?",
            "reveal_on": "yes",
        }


class DeclarationQuestionBlock(blocks.StructBlock):
    """A statement the person must tick to submit (always required)."""

    label = blocks.CharBlock(
        label=_("Statement"), max_length=500, help_text=_("What the person confirms, e.g. 'I have read the policy'.")
    )
    help_text = blocks.TextBlock(label=_("Help text"), required=False, max_length=600)

    class Meta:
        icon = "tick-inverse"
        label = _("Declaration")
        preview_value = {"label": "I have read the Social Media Policy.", "help_text": ""}


# The kinds of question, by block name: the answers' shapes are in the module docstring.
QUESTION_KINDS = {
    "text": TextQuestionBlock,
    "long_text": LongTextQuestionBlock,
    "choice": ChoiceQuestionBlock,
    "multiple_choice": MultipleChoiceQuestionBlock,
    "date": DateQuestionBlock,
    "staff": StaffQuestionBlock,
    "person": PersonQuestionBlock,
    "file": FileQuestionBlock,
    "yes_no": YesNoQuestionBlock,
    "declaration": DeclarationQuestionBlock,
}


class QuestionStreamBlock(blocks.StreamBlock):
    """The questions of one step, in order."""

    text = TextQuestionBlock()
    long_text = LongTextQuestionBlock()
    choice = ChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    date = DateQuestionBlock()
    staff = StaffQuestionBlock()
    person = PersonQuestionBlock()
    file = FileQuestionBlock()
    yes_no = YesNoQuestionBlock()
    declaration = DeclarationQuestionBlock()

    class Meta:
        min_num = 1


class StepBlock(blocks.StructBlock):
    """One step of the form: a page of questions under a heading."""

    heading = blocks.CharBlock(label=_("Step heading"), max_length=120)
    questions = QuestionStreamBlock(label=_("Questions"))

    class Meta:
        icon = "form"
        label = _("Step")
        label_format = "{heading}"


class StepStreamBlock(blocks.StreamBlock):
    """A form's steps, in order (at least one)."""

    step = StepBlock()

    class Meta:
        min_num = 1
