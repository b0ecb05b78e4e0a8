"""The people who will run a site (its administrators and moderators) must have read the policy and been trained.

``selectors.runner_statuses`` says, for each person named on a request, whether they
have acknowledged the current Social Media Policy of the request's school and when they
were trained; the final approval is refused until everyone has both
(``workflow.services.approve_task``). ``services`` records training and sends
reminders (an emailed single-use link for people without an account).
"""
