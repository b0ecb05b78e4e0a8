"""Which of Wagtail's own dashboard panels each person gets.

Wagtail's dashboard always builds its page panels: "Awaiting your review" (pages in a
moderation workflow), "Your pages in a workflow", "Your most recent edits" and "Your
locked pages". Each costs queries and rendering on every visit, and at trust scale
"Awaiting your review" asks every active task for its reviewable states. They are about
pages only; requests have their own panel (``forms_app.workflow.panels``).

The dearest panels may be deferred (``DeferredPanel``): the dashboard then shows their
heading and a link to their report or their own page, and fetches their body once the
page has loaded, so the request panels, which ask the reader to act, come at once.
Wagtail's three page-editing panels are deferred for the page editors who keep them
(``page_editing_panel``): they inform, and ask for no decision.
"""

from collections.abc import Callable

from django.conf import settings
from django.forms import Media
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import GroupApprovalTask
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import roles

__all__ = [
    "PAGE_EDITING_PANELS",
    "DeferredPanel",
    "DeferredPanelView",
    "drop_page_panels_for_non_editors",
    "page_editing_panel",
    "register_deferred_panel",
    "reviews_pages",
    "works_with_pages",
]

# Wagtail's panels about pages the user edits, submits or locks.
PAGE_EDITING_PANELS = (UserObjectsInWorkflowModerationPanel, RecentEditsPanel, LockedPagesPanel)

# Any of these on any page makes someone a page editor, approver or moderator.
PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")


def works_with_pages(user) -> bool:
    """Return whether ``user`` holds any page permission (add, edit, publish, lock), or is a superuser.

    Takes the signed-in user; returns a bool. Reads Wagtail's per-request cache of the
    user's page permissions, which the admin menu fills and reads too: no query of its own.
    The answer is kept on the user object (a request's), as the dashboard asks it once per
    page-editing panel.
    """
    cached = getattr(user, "_works_with_pages", None)
    if cached is None:
        cached = user._works_with_pages = PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)
    return cached


def reviews_pages(user) -> bool:
    """Return whether ``user`` may be asked to approve a page: an approver of some page workflow task.

    Takes the signed-in user; returns a bool. Page tasks are approved by Headteachers (and
    the groups in ``POLICY_TRUST_ROLES``) for policies, and by the groups of any active
    group approval task. At most one query, only for someone who holds none of those roles.
    """
    names = roles.role_names(user)
    if names & {roles.HEADTEACHERS, *getattr(settings, "POLICY_TRUST_ROLES", ())}:
        return True
    return bool(names) and GroupApprovalTask.objects.filter(active=True, groups__name__in=names).exists()


def drop_page_panels_for_non_editors(request, panels: list) -> None:
    """``construct_homepage_panels`` hook: remove Wagtail's page panels for the roles they do not serve.

    Takes the request and the dashboard's list of panels; changes the list in place.
    ICT Managers and Trust administrators hold no page permission and approve no page, so
    for them Wagtail's page panels are always empty or only repeat another page, yet each
    costs queries on every visit:

    - "Your pages in a workflow", "Your most recent edits" and "Your locked pages" go for
      anyone without a page permission: they cannot submit, edit or lock a page. (The first
      could only list their own social media requests, which *My requests* in the staff
      area shows with their progress.)
    - "Awaiting your review" (Wagtail's, or the request app's version of it) also goes
      when they approve no page task either (``reviews_pages``): it would scan every
      active task's reviewable states to find nothing. Requests they may decide have their
      own panel, which stays.

    Page editors, page approvers and superusers keep all of Wagtail's panels, the three
    page-editing ones deferred (``page_editing_panel``): Wagtail's own copies of those go.
    """
    user = request.user
    if works_with_pages(user):
        panels[:] = [panel for panel in panels if not isinstance(panel, PAGE_EDITING_PANELS)]
        return
    dropped = PAGE_EDITING_PANELS
    if not reviews_pages(user):
        dropped = (*dropped, WorkflowObjectsToModeratePanel)
    # A deferred panel (``DeferredPanel``) is dropped by the panel it holds.
    panels[:] = [panel for panel in panels if not isinstance(getattr(panel, "panel", panel), dropped)]


# Each shell's HTML, by panel name, language and URLs (``DeferredPanel.render_html``).
_SHELL_HTML: dict[tuple[str, str, str, str], SafeString] = {}


class DeferredPanel(Component):
    """A dashboard panel whose body is fetched after the page has loaded, for panels that cost the most.

    Takes the real panel (a Wagtail ``Component`` with a unique ``name``), the heading to
    show meanwhile, the URL of the full listing the panel summarises (by default the
    panel's own page, ``DeferredPanelView``) and the text of the link to it. The dashboard
    renders only the heading and that link, so it stays usable without JavaScript;
    ``static/js/dashboard-panels.js`` (a file from the site's own origin, as the admin's
    content security policy allows) then replaces it with the panel's body. The panel
    keeps its place (``order``).

    Only for panels that need no script of their own: a script in a body inserted after
    the page has loaded does not run, and Wagtail's panel scripts start on page load (so
    Wagtail's "Awaiting your review", whose Approve buttons need one, is never deferred).
    """

    template_name = "home/admin/deferred_panel.html"

    def __init__(self, panel: Component, *, heading: str, link_text: str, listing_url: str | None = None):
        self.panel = panel
        self.name = panel.name
        self.order = panel.order
        self.heading = heading
        self.link_text = link_text
        self.body_url = reverse("dashboard_panel_body", args=[self.name])
        self.listing_url = listing_url or self.body_url

    @property
    def media(self) -> Media:
        return self.panel.media + Media(js=["js/dashboard-panels.js"])

    def render_html(self, parent_context=None) -> SafeString:
        """Return the shell's HTML: the heading and the link, the same for everyone in one language.

        Rendered once per panel, language and URL in each process and kept: Wagtail's panel
        template costs about a millisecond of CPU, and a page editor's dashboard holds five
        shells. The shell's context is only the texts and URLs given to ``__init__``, so the
        HTML holds nothing of the reader.
        """
        key = (self.name, get_language(), self.listing_url, self.body_url)
        html = _SHELL_HTML.get(key)
        if html is None:
            html = _SHELL_HTML[key] = super().render_html(parent_context)
        return html

    def get_context_data(self, parent_context):
        return {
            "panel_id": f"deferred-{self.name}",
            "heading": self.heading,
            "body_url": f"{self.body_url}?{FRAGMENT}",
            "listing_url": self.listing_url,
            "link_text": self.link_text,
        }


# The query parameter with which the dashboard's script asks for a panel's body alone.
FRAGMENT = "fragment"

# Each deferred panel's name and the function that builds it for a request (``register_deferred_panel``).
DEFERRED_PANELS: dict[str, Callable[..., DeferredPanel | None]] = {}


def register_deferred_panel(name: str, build: Callable[..., DeferredPanel | None]) -> None:
    """Put the deferred panel ``name`` on the dashboards ``build`` gives it to, and serve its body alone.

    ``build`` takes the request and returns the ``DeferredPanel`` (whose panel is named
    ``name``) when the person's dashboard has it, or None. It is registered as a
    ``construct_homepage_panels`` hook, and ``DeferredPanelView`` calls it, and nothing
    else of the dashboard, to answer a fetch of the panel's body. Raises ``ValueError``
    when ``name`` is taken.
    """
    if name in DEFERRED_PANELS:
        raise ValueError(f"A deferred dashboard panel is already named {name!r}.")
    DEFERRED_PANELS[name] = build

    def add_deferred_panel(request, panels: list) -> None:
        if (shell := build(request)) is not None:
            panels.append(shell)

    hooks.register("construct_homepage_panels", add_deferred_panel)


def deferred_panel_for(request, name: str) -> DeferredPanel | None:
    """Return the deferred panel ``name`` as the dashboard would give it to ``request``'s user, or None.

    Builds only that panel (``register_deferred_panel``), then applies the one hook that
    takes panels away (``drop_page_panels_for_non_editors``), so a name the dashboard
    would not show, or does not defer, gives None.
    """
    build = DEFERRED_PANELS.get(name)
    shell = build(request) if build else None
    if shell is None:
        return None
    panels = [shell]
    drop_page_panels_for_non_editors(request, panels)
    return shell if panels else None


class DeferredPanelView(WagtailAdminTemplateMixin, TemplateView):
    """The body of the deferred dashboard panel ``name``, as the dashboard would have shown it to this user.

    With ``?fragment`` (the dashboard's script) only the panel's HTML; otherwise an admin
    page holding it, which is where the panel's link leads without JavaScript. Only the
    named panel is built, by the function that builds it for the dashboard
    (``deferred_panel_for``), so a user is given only a deferred panel their dashboard
    has; any other name answers 404. Under the admin's URLs, so only signed-in people
    with admin access reach it.
    """

    template_name = "home/admin/deferred_panel_page.html"

    def get(self, request, *args, name: str = "", **kwargs):
        shell = deferred_panel_for(request, name)
        if shell is None:
            raise Http404
        html = shell.panel.render_html({"request": request, "csrf_token": get_token(request)})
        if FRAGMENT in request.GET:
            return HttpResponse(html)
        self.page_title = shell.heading
        return self.render_to_response(self.get_context_data(panel_html=html))


# Each page-editing panel's heading (Wagtail's own words) and the text of its link without JavaScript.
PAGE_EDITING_PANEL_TEXTS = {
    UserObjectsInWorkflowModerationPanel: (
        _("Your pages and snippets in a workflow"),
        _("See your pages and snippets in a workflow"),
    ),
    RecentEditsPanel: (_("Your most recent edits"), _("See your most recent edits")),
    LockedPagesPanel: (_("Your locked pages"), _("See your locked pages")),
}


def page_editing_panel(panel_class: type[Component]) -> Callable[..., DeferredPanel | None]:
    """Return the builder (for ``register_deferred_panel``) of Wagtail's page-editing panel ``panel_class``, deferred.

    ``panel_class`` is one of ``PAGE_EDITING_PANELS``. The builder takes the request and
    gives the deferred panel to people who work with pages (``works_with_pages``), None to
    others. These panels list the reader's own pages in a workflow, recent edits and locks:
    they ask for no decision, yet on every visit they cost a third of a page editor's
    dashboard, so they come after it. Their bodies need no script of their own (the
    *Unlock* button of a locked page is a Stimulus action, which starts on inserted HTML);
    an empty one leaves nothing in its place.
    """
    heading, link_text = PAGE_EDITING_PANEL_TEXTS[panel_class]

    def build(request) -> DeferredPanel | None:
        if not works_with_pages(request.user):
            return None
        return DeferredPanel(panel_class(), heading=heading, link_text=link_text)

    return build
