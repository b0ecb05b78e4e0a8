"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server.

The browser is never downloaded. Without ``/usr/bin/chromium`` (or ``CHROMIUM_PATH``)
the end-to-end tests are skipped with the reason; under ``CI=true`` they fail instead.
Each test gets a live server whose database holds the migrations' data plus the demo
content, so the journeys use the same accounts as the README.
"""

import os
import shutil

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from forms_app.constants import RequestStatus
from forms_app.models import SocialMediaSiteRequest
from forms_app.register.records import seal_record
from forms_app.register.signing_certificates import write_self_signed_certificate
from tests.conftest import IN_CI, keep_serialized_contents

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def chromium_path() -> str | None:
    """Return the path of the system Chromium, or None when it is not installed."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and os.path.exists(configured):
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
    # Playwright's event loop stays open in the test thread from the first browser test to
    # the end of the session, and Django cannot run an async view (the health checks) from
    # a thread whose loop is running: the browser tests go last.
    items.sort(key=lambda item: "e2e" in item.keywords)
    if chromium_path() is not None:
        return
    reason = "Chromium is not installed (apt-get install chromium); browser tests need it"
    if IN_CI:
        raise pytest.UsageError(f"{reason}. CI=true makes them mandatory.")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


class OneRequestAtATimeServer(WSGIServer):
    """The live server answering one request at a time, on the test thread's SQLite connection.

    Django's threaded live server hands every request thread the same in-memory SQLite
    connection; two requests at once (a page and the admin's icon sprite, say) then use it
    concurrently and SQLite answers "bad parameter or other API misuse", a 500 that depends
    on timing. One request at a time cannot collide; Django closes each connection after its
    response when the server is not threaded, so the browser's other requests wait their turn.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run() has already put the shared connections on this thread.
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", OneRequestAtATimeServer)
        yield


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the whole session.

    Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    make around it are ordinary blocking calls, which Django would otherwise refuse, so
    they are allowed while the browser is open.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        keep_serialized_contents()
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_site(live_server, transactional_db, django_db_serialized_rollback):
    """A live server with the demo trust loaded; returns its base URL."""
    call_command("load_demo_content", verbosity=0)
    return live_server.url


@pytest.fixture
def sealed(settings, tmp_path, demo_site, pango):
    """The demo's approved request, sealed with a certificate made for this test; returns the SealedRecord."""
    write_self_signed_certificate(
        key_path=tmp_path / "key.pem", cert_path=tmp_path / "cert.pem", common_name="Test trust approval records"
    )
    settings.RECORD_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.RECORD_SIGNING_CERT = str(tmp_path / "cert.pem")
    settings.RECORD_SIGNING_PKCS12 = ""
    site_request = SocialMediaSiteRequest.objects.filter(status=RequestStatus.APPROVED).first()
    return seal_record(site_request=site_request)


@pytest.fixture
def page(browser, demo_site):
    """A fresh browser tab (its own cookies) at a desktop size."""
    context = browser.new_context(base_url=demo_site, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def new_page(browser, demo_site):
    """Open more tabs with separate sign-ins, e.g. the author and an approver."""
    contexts = []

    def open_page(width: int = 1280):
        context = browser.new_context(base_url=demo_site, viewport={"width": width, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_page
    for context in contexts:
        context.close()


_USED_CODES: set[tuple[str, str]] = set()


def authenticator_code(username: str, secret: str | None = None) -> str:
    """The current code of ``username``'s authenticator app, never one this session already typed.

    ``secret`` defaults to the account's enrolled secret (the demo accounts': the README's
    demo secret). A code is accepted once per 30-second step, as in an authenticator app, so a
    second sign-in in the same step waits for the next code, as a person would.
    """
    import time

    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    from tests.conftest import current_totp_code

    if secret is None:
        totp = Authenticator.objects.get(user__username=username, type=Authenticator.Type.TOTP)
        secret = get_adapter().decrypt(totp.data["secret"])
    code = current_totp_code(secret)
    while (username, code) in _USED_CODES:
        time.sleep(30 - time.time() % 30 + 0.1)
        code = current_totp_code(secret)
    _USED_CODES.add((username, code))
    return code


def password_step(tab, username: str, password: str | None = None, *, path: str = "/login/") -> None:
    """Type ``username`` and ``password`` (default: the demo password) into the sign-in form at ``path`` and send it.

    The second factor, if one is asked for, is left to the caller.
    """
    from home.demo import DEMO_PASSWORD

    tab.goto(path)
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(password or DEMO_PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in", exact=True).click()


def sign_in_with_passkey(tab):
    """Sign in from the sign-in page with the browser's passkey alone; check no code is asked.

    Asserts the passkey lands on the admin, and that an admin page needing both factors
    opens; returns that page's response.
    """
    tab.goto("/login/")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in with a passkey").click()
    assert tab.url.endswith("/admin/")
    response = tab.goto("/admin/workflows/tasks/index/")
    assert "/accounts/2fa/" not in response.url
    return response


def sign_in(tab, username: str, password: str | None = None, next_url: str = "") -> None:
    """Sign in through the site's own sign-in page, as a person would, second factor included.

    Admin roles are then asked for their authenticator app's code (demo accounts have the
    README's demo authenticator), or, if they have none yet, set one up on the enrolment
    page (reading the secret key it shows) and continue to where they were going.
    """
    from urllib.parse import urlparse

    password_step(tab, username, password, path=f"/login/{'?next=' + next_url if next_url else ''}")
    path = urlparse(tab.url).path
    if path == "/accounts/2fa/authenticate/":
        tab.get_by_label("Authentication code").fill(authenticator_code(username))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Sign in", exact=True).click()
    elif path == "/accounts/2fa/totp/activate/":
        secret = tab.get_by_label("Secret key").input_value()
        tab.get_by_label("Authentication code").fill(authenticator_code(username, secret))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Turn on").click()
        with tab.expect_navigation():
            tab.get_by_role("link", name="Continue").click()


def axe_violations(tab) -> list[dict]:
    """Run axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; return the violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    """One line per violation and node, for a readable assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {node['target']} - {v['help']}" for v in violations for node in v["nodes"]
    )


def assert_accessible(tab) -> None:
    """Fail, naming the page and each violation, unless axe finds no WCAG 2.2 A/AA violation on ``tab``."""
    violations = axe_violations(tab)
    assert violations == [], f"{tab.url}\n{describe(violations)}"


def add_virtual_authenticator(tab) -> None:
    """Give ``tab``'s browser a platform authenticator that says yes to every request (as Touch ID would)."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
