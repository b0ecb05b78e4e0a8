"""The page editor form for policies."""

from wagtail.admin.forms import WagtailAdminPageForm


class PolicyPageForm(WagtailAdminPageForm):
    """Re-works out "Next review due" when the review date or cycle changes and the editor left it alone.

    Otherwise recording a review ("Last reviewed: today") would leave the old due date in
    place and the policy would stay overdue. A date the editor types in is kept.
    """

    def clean(self):
        cleaned_data = super().clean()
        review_inputs_changed = {"last_reviewed", "date_approved", "review_cycle_months"} & set(self.changed_data)
        if review_inputs_changed and "next_review_due" not in self.changed_data:
            cleaned_data["next_review_due"] = None
        return cleaned_data
