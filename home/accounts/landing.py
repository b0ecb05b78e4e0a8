"""Where people land after signing in: the admin dashboard for admin roles, the staff home for everyone else."""

from django.urls import reverse

from home.models import StaffHomePage


def landing_url_for(user) -> str:
    """Return where ``user`` lands after signing in without a ``next`` address.

    People who work in the Wagtail admin (ICT Managers, Headteachers, the CEO,
    Communications, Policy editors, site administrators) land on its dashboard; other
    staff land on the staff home page; ``/`` when there is no staff area yet.
    """
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    staff_home = StaffHomePage.objects.live().first()
    return staff_home.url if staff_home else "/"
