"""Sign-in and sign-out pages in the site's own style."""

from django.contrib.auth import views as auth_views
from django.urls import reverse
from django.views.generic import TemplateView

from .models import StaffHomePage


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


class SignInView(auth_views.LoginView):
    """The staff sign-in page; returns visitors to the page they asked for (``next``)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url_for(self.request.user)


class SignOutView(auth_views.LogoutView):
    """Signs the user out (POST only) and shows the "signed out" page."""

    next_page = "logged_out"


class SignedOutView(TemplateView):
    """Confirms that the user has signed out."""

    template_name = "registration/logged_out.html"
