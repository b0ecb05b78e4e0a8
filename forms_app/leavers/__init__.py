"""Leavers: what a member of staff's departure does to the requests and sites they are part of.

When an account is deactivated (Settings → Users, the "Leaver" page, or
``manage.py deactivate_user``) the person can no longer sign in, approve or run a site.
Approvals are resolved from the request's school and role at every decision, so a
waiting step simply passes to the remaining approvers of that role at that school; when
nobody is left, the trust is told (Trust administrators and the CEO), so the request
does not wait for ever. Register entries naming the person as administrator or
moderator are flagged to the school's ICT Managers for transfer (the policies make the
administrator responsible for "closing or transferring" an account when staff leave).
A person moved to another school loses the old school's approvals the same way: the
rules compare their school with the request's.

On the Leaver page a site administrator first hands on everything the person holds
(``selectors.leaver_holdings``; ``services.hand_over_and_deactivate``): pages they own,
their places on sites, the role for requests only they can decide, and cover they give,
each to a chosen person, in one transaction.
"""
