"""The Headteacher's dashboard fills its deferred panels in a real browser, and keeps their links without scripts.

``home.dashboard.DeferredPanel`` sends a heading and a link at once; ``static/js/dashboard-panels.js``
fetches the body once the page has loaded. The admin's content security policy must let that file run.
"""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_the_deferred_panels_are_filled_after_the_dashboard_loads(new_page):
    head = new_page()
    sign_in(head, "head.riverside", next_url="/admin/")
    # The shells are replaced by the panels' bodies: none is left waiting.
    expect(head.locator("[data-deferred-panel]")).to_have_count(0)
    for heading in ("Policies due for review", "Policy acknowledgements"):
        expect(head.get_by_role("heading", name=heading)).to_be_visible()
    # A body holds the panel's own content, not the link the shell offered meanwhile.
    expect(head.get_by_role("link", name="See the policies due for review")).to_have_count(0)
