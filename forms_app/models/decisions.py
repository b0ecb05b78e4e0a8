"""The signed record of each approval decision (Appendix B "Approval" section)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import optional_link

from ..constants import ApprovalStep, DecisionOutcome

__all__ = ["ApprovalDecision"]


class ApprovalDecision(models.Model):
    """One approver's decision on one step of a request; never edited or deleted.

        Appendix B asks each approver for name, signature and date; here the approver's
        full name at the time, the exact attestation they ticked, and ``decided_at`` (UTC,
        shown in Europe/London) make the electronic signature. A decision made as cover for an
    approver who was away (``ApproverCover``) names them in ``on_behalf_of``. Decisions from earlier rounds
        stay when a request is resubmitted, so the history is complete. ``answers_digest`` is
        the digest of the answers and documents the approver was shown (issue 25: what was
        seen is what is sealed).
    """

    request = models.ForeignKey("forms_app.SocialMediaSiteRequest", on_delete=models.PROTECT, related_name="decisions")
    task_state = optional_link("wagtailcore.TaskState")
    step = models.CharField(_("step"), max_length=20, choices=ApprovalStep.choices)
    # A group step's name when decided ("Data Protection Officer"): the record keeps the name
    # the approver decided under even if the step is renamed later.
    step_name = models.CharField(_("step name"), max_length=255, blank=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approver_name = models.CharField(_("name"), max_length=150)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The approver who was away, when the decision was made as their cover."),
    )
    on_behalf_of_name = models.CharField(_("on behalf of (name)"), max_length=150, blank=True)
    attestation = models.TextField(_("statement signed"), blank=True)
    comment = models.TextField(_("comment or reason"), blank=True)
    decided_at = models.DateTimeField(_("date"))
    answers_digest = models.CharField(
        _("digest of the answers decided on"),
        max_length=64,
        blank=True,
        help_text=_(
            "SHA-256 of the answers and documents the approver was shown (forms_app.answers.answers_digest); "
            "blank for decisions made before digests were kept."
        ),
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("approval decision")

    def __str__(self) -> str:
        return f"{self.request} {self.step_label}: {self.get_outcome_display()}"

    @property
    def step_label(self) -> str:
        """The step's name as the timeline and the record show it: a group step's own name, else the role's."""
        return self.step_name or str(self.get_step_display())

    @property
    def signed_by(self) -> str:
        """Who decided, as shown on the timeline and the approval record: "Sam Green on behalf of Alex Head (cover)"."""
        if self.on_behalf_of_name:
            return str(_("%(name)s on behalf of %(absent)s (cover)")) % {
                "name": self.approver_name,
                "absent": self.on_behalf_of_name,
            }
        return self.approver_name
