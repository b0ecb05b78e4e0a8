"""Who may change a policy in the admin: Wagtail's page permissions narrowed to the policy's school.

Separate from the policy page model so that the rule for the admin (``policy.scope``) is read
in one place, apart from the page's content and review fields.
"""

from wagtail.models import PagePermissionTester

from policy.scope import in_policy_scope

__all__ = ["PolicyPagePermissionTester"]


class PolicyPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed to the policy's school (``policy.scope.in_policy_scope``).

    Group page permissions are granted on a whole policy index, which holds every
    school's policies. Whatever page a Headteacher or Policy editor reaches a policy from
    (explorer, search, bulk actions, a typed URL), they may edit, publish, unpublish,
    delete, move, copy or lock it only if it is their own school's, or trust-wide and they
    act for the trust. Every Wagtail admin view asks ``page.permissions_for_user``.
    """

    def _in_scope(self) -> bool:
        return in_policy_scope(self.user, self.page.school_id)

    def can_edit(self):
        return self._in_scope() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._in_scope() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._in_scope() and super().can_unpublish()

    def can_publish(self):
        return self._in_scope() and super().can_publish()

    def can_submit_for_moderation(self):
        return self._in_scope() and super().can_submit_for_moderation()

    def can_lock(self):
        return self._in_scope() and super().can_lock()

    def can_unlock(self):
        return self.user_has_lock() or (self._in_scope() and super().can_unlock())

    def can_view_revisions(self):
        return self._in_scope() and super().can_view_revisions()
