"""The errors the workflow's services raise for the user: the message says why the action cannot be done."""


class RequestActionError(Exception):
    """The action cannot be done in the request's current state; the message says why, for the user."""


class StaleReviewError(RequestActionError):
    """The answers or documents changed after the approver's page was rendered: the decision is refused.

    Issue 25: each decision is of exactly what its approver was shown.
    """
