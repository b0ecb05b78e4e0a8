"""Cross-site scripting sweep (OWASP ASVS 5.3.3): typed text is shown, never run.

Every text field a person can type into — each Appendix B answer, the administrators and
moderators named from outside the staff, the approvers' comments and reasons, the
register's handle, web address, notes and closure reason, staff names and job titles,
and the text of each page type and its StreamField blocks — is given a payload that tries
both to open a ``<script>`` element and to break out of a quoted attribute into an event
handler. Each field gets its own marker, so a failure names the field that leaked and the
page it leaked on. Every page that shows the values is then fetched, front end and
Wagtail admin, and so is the HTML part of every email sent on the way.

A page leaks when the parsed HTML holds a ``<script>`` element whose code is one of our
markers, or any element with an ``on…`` attribute mentioning a marker, or when the raw
``<script>marker</script>`` / ``<img … onerror=marker>`` text appears unescaped. Each page
must also show the markers of the fields it displays, so a page that stopped showing a
value cannot pass by accident.
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field
from html import escape

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.models import Document
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from forms_app.constants import AudienceGroup, Host, SiteRole
from forms_app.models import (
    Platform,
    RegisterEntry,
    SitePerson,
    SocialMediaRequestFormPage,
    SocialMediaSiteRequest,
)
from forms_app.register.services import close_entry, mark_entry_live, send_closure_reminders
from forms_app.request_form.steps import STEPS
from forms_app.workflow.services import approve_task, request_changes, submit_request
from home import roles
from home.models import StandardPage, User
from policy.models import GuidanceTopic, ParentGuidanceIndexPage, ParentGuidancePage, PolicyIndexPage, PolicyPage
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db

# Fields set by the system, or chosen from a fixed list, not typed by a person.
# System-set: the reference, the status, and the name of a group step the request waits at (copied from the
# step, which a site administrator names in Settings → Workflows → Tasks).
NOT_TYPED = {"reference", "status", "awaiting_step_name"}


def typed_text_fields(model) -> list[models.Field]:
    """The model's own CharFields and TextFields a person types into (no choices, not system-set)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name not in NOT_TYPED
    ]


REQUEST_FIELDS = [f.name for f in typed_text_fields(SocialMediaSiteRequest)]


@dataclass
class Payloads:
    """Hands out one payload per field, each with its own marker, and checks pages for leaks."""

    labels: dict[str, str] = field(default_factory=dict)  # marker -> field label
    markers: dict[str, str] = field(default_factory=dict)  # field label -> marker

    def __call__(self, label: str, max_length: int | None = None, *, spaces: bool = True) -> str:
        """Return a payload for the field ``label`` (given its own marker) that fits ``max_length``."""
        return self.text(self.marker(label), max_length, spaces=spaces)

    @staticmethod
    def text(marker: str, max_length: int | None = None, *, spaces: bool = True) -> str:
        """The payload carrying ``marker``, as long as fits ``max_length`` characters.

        The full payload closes a double- or single-quoted attribute, opens a ``<script>``
        element, an ``<img onerror>`` and a single-quoted ``onmouseover`` handler (74
        characters). Shorter fields get as much of that as fits; ``spaces=False`` gives
        one without spaces, for web addresses (which the URL validator lets through).
        """
        if not spaces:
            return f"\"'><script>{marker}</script><img/src=x/onerror={marker}>'onmouseover='{marker}"
        for payload in (
            f"\"'><script>{marker}</script><img src=x onerror={marker}>' onmouseover='{marker}",
            f"<script>{marker}</script>'onfocus='{marker}",
            f'"><b onclick={marker}>',
        ):
            if max_length is None or len(payload) <= max_length:
                return payload
        raise AssertionError(f"{marker}: no payload fits {max_length} characters")

    def marker(self, label: str) -> str:
        """Give the field ``label`` its own marker (``xss`` and three digits) and return it."""
        assert label not in self.markers, f"{label} given a payload twice"
        marker = f"xss{len(self.labels):03d}"
        self.labels[marker] = label
        self.markers[label] = marker
        return marker

    def of(self, model, name: str, *, label: str) -> str:
        """A payload for ``label`` that fits the ``max_length`` of ``model``'s field ``name``."""
        return self(label, model._meta.get_field(name).max_length)

    def leaks(self, html: str) -> list[str]:
        """Return the labels of fields whose payload is live in ``html`` (empty when all are escaped)."""
        soup = BeautifulSoup(html, "html.parser")
        leaked = set()
        for script in soup.find_all("script"):
            code = script.get_text().strip()
            if code in self.labels:
                leaked.add(self.labels[code])
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                if name.lower().startswith("on"):
                    leaked.update(label for marker, label in self.labels.items() if marker in str(value))
        for marker, label in self.labels.items():
            if f"<script>{marker}</script>" in html or re.search(rf"<(img|b)\b[^<]*on\w+={marker}>", html):
                leaked.add(label)
        return sorted(leaked)

    def check(self, html: str, *, where: str, shows: tuple | list = ()) -> None:
        """Assert no payload is live in ``html`` and the fields in ``shows`` are displayed there."""
        assert self.leaks(html) == [], f"unescaped on {where}"
        missing = [label for label in shows if self.markers[label] not in html]
        assert missing == [], f"{where} no longer shows {missing}: the sweep would not see a leak there"


def fetch(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def check_emails(payloads: Payloads, *, shows=()) -> int:
    """Check the HTML part of every email sent so far; return how many were checked, then clear the outbox."""
    html_parts = [content for message in mail.outbox for content, kind in message.alternatives if kind == "text/html"]
    assert len(html_parts) == len(mail.outbox), "every notification has an HTML part"
    for number, html in enumerate(html_parts):
        payloads.check(html, where=f"email {number} '{mail.outbox[number].subject}'")
    joined = "".join(html_parts)
    payloads.check(joined, where="the emails", shows=shows)
    mail.outbox.clear()
    return len(html_parts)


def payload_user(payloads: Payloads, who: str, **kwargs):
    """A member of staff whose first name, last name and job title are payloads."""
    return UserFactory(
        first_name=payloads.of(User, "first_name", label=f"{who}.first_name"),
        last_name=payloads.of(User, "last_name", label=f"{who}.last_name"),
        job_title=payloads.of(User, "job_title", label=f"{who}.job_title"),
        **kwargs,
    )


def names(who: str) -> list[str]:
    return [f"{who}.first_name", f"{who}.last_name"]


# --------------------------------------------------------------------------------------
# The Appendix B request, its decisions and its register entry
# --------------------------------------------------------------------------------------


def payload_request(payloads: Payloads, *, author, administrators, moderators) -> SocialMediaSiteRequest:
    """A complete draft with every typed answer a payload, and every conditional question asked.

    Every audience and contributor group is ticked (other schools, others, pupils and
    vulnerable adults), the host is a third party and the platform is "Other", so each
    follow-up question (names of schools, details, vetting, host name, platform name,
    consent, advertising) is answered and shown.
    """
    answers = {name: payloads.of(SocialMediaSiteRequest, name, label=f"request.{name}") for name in REQUEST_FIELDS}
    everyone = [group.value for group in AudienceGroup]
    request = complete_request(
        author=author,
        administrators=administrators,
        moderators=moderators,
        platform=Platform.objects.get(needs_name=True),
        audience=everyone,
        contributors=everyone,
        audience_age_from=14,
        audience_age_to=17,
        contributors_age_from=14,
        contributors_age_to=17,
        contributors_include_vulnerable_adults=True,
        host=Host.THIRD_PARTY,
        declaration=True,
        **answers,
    )
    SitePerson.objects.create(
        request=request,
        role=SiteRole.MODERATOR,
        name=payloads.of(SitePerson, "name", label="site_person.name"),
        description=payloads.of(SitePerson, "description", label="site_person.description"),
        sort_order=10,
    )
    return request


ANSWER_LABELS = [f"request.{name}" for name in REQUEST_FIELDS if name != "policy_version"]
PEOPLE_LABELS = ["site_person.name", "site_person.description", *names("colleague")]


def test_request_decisions_and_register_never_show_a_payload_unescaped(
    client, school, django_capture_on_commit_callbacks
):
    payloads = Payloads()
    author = payload_user(payloads, "author", school=school)
    colleague = payload_user(payloads, "colleague", school=school)
    others = UserFactory.create_batch(2, school=school)
    ict = payload_user(payloads, "ict_manager", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    head = payload_user(payloads, "headteacher", school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    superuser = UserFactory(school=school, is_superuser=True, is_staff=True, roles=[])
    request = payload_request(payloads, author=author, administrators=[colleague, others[0]], moderators=others)
    pages_checked = 0

    # The author's draft: each step, "Check your answers", the request page, My requests.
    client.force_login(author)
    detail_url = reverse("forms_app:detail", kwargs={"public_id": request.public_id})
    for step in STEPS:
        step_labels = [f"request.{name}" for name in step.fields if name in REQUEST_FIELDS]
        if "administrators" in step.fields:
            step_labels += [*names("colleague"), "colleague.job_title"]
        html = fetch(client, reverse("forms_app:step", kwargs={"public_id": request.public_id, "slug": step.slug}))
        payloads.check(html, where=f"step {step.slug}", shows=step_labels)
        pages_checked += 1
    check = fetch(client, reverse("forms_app:check", kwargs={"public_id": request.public_id}))
    payloads.check(check, where="check your answers", shows=[*ANSWER_LABELS, *PEOPLE_LABELS, "colleague.job_title"])
    # A step sent back with an error shows what was typed, still escaped (the valid answers are kept).
    purpose = STEPS[1]
    typed = {name: getattr(request, name) for name in purpose.fields if name in REQUEST_FIELDS}
    response = client.post(
        reverse("forms_app:step", kwargs={"public_id": request.public_id, "slug": purpose.slug}),
        {**typed, "platform": request.platform_id, "visibility": "", "action": "continue"},
    )
    assert response.status_code == 200 and b"data-error-summary" in response.content
    payloads.check(
        response.content.decode(), where="purpose step with errors", shows=[f"request.{name}" for name in typed]
    )
    SocialMediaSiteRequest.objects.filter(pk=request.pk).update(visibility=request.visibility)
    payloads.check(fetch(client, detail_url), where="draft request page", shows=["request.account_name"])
    payloads.check(fetch(client, reverse("forms_app:my_requests")), where="My requests (draft)")
    pages_checked += 4

    version = request.policy_version
    with django_capture_on_commit_callbacks(execute=True):
        submit_request(site_request=request, user=author)
    # Submission sets it from the policy; shown on the record, so it keeps its payload.
    SocialMediaSiteRequest.objects.filter(pk=request.pk).update(policy_version=version)
    emails = check_emails(payloads, shows=names("author"))

    # The ICT Manager: dashboard panel and review page; approves with a comment.
    review_url = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[request.pk])
    client.force_login(ict)
    payloads.check(fetch(client, reverse("wagtailadmin_home")), where="ICT dashboard", shows=names("author"))
    review = fetch(client, review_url)
    payloads.check(review, where="admin review page", shows=ANSWER_LABELS + PEOPLE_LABELS + names("author"))
    pages_checked += 2
    with django_capture_on_commit_callbacks(execute=True):
        approve_task(site_request=request, user=ict, attested=True, comment=payloads("decision.ict_comment"))

    # The Headteacher asks for changes with a reason; the author resubmits.
    client.force_login(head)
    payloads.check(fetch(client, reverse("wagtailadmin_home")), where="Headteacher dashboard", shows=names("author"))
    payloads.check(fetch(client, review_url), where="review page at step 2", shows=["decision.ict_comment"])
    pages_checked += 2
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(site_request=request, user=head, reason=payloads("decision.head_reason"))
    emails += check_emails(payloads, shows=["decision.ict_comment", "decision.head_reason"])
    client.force_login(author)
    payloads.check(
        fetch(client, detail_url),
        where="request page, changes requested",
        shows=["decision.ict_comment", "decision.head_reason", *names("ict_manager"), *names("headteacher")],
    )
    payloads.check(fetch(client, reverse("forms_app:my_requests")), where="My requests (changes requested)")
    pages_checked += 2

    request.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit_request(site_request=request, user=author)
        approve_task(site_request=request, user=ict, attested=True, comment=payloads("decision.ict_comment_2"))
        approve_task(site_request=request, user=head, attested=True, comment=payloads("decision.head_comment"))
    emails += check_emails(payloads, shows=["decision.ict_comment_2", "decision.head_comment"])

    # Approved: the approval record and the request page.
    record = fetch(client, reverse("approval_record", kwargs={"public_id": request.public_id}))
    payloads.check(
        record,
        where="approval record",
        shows=[*ANSWER_LABELS, "request.policy_version", *PEOPLE_LABELS, *names("author"), "decision.head_comment"],
    )
    payloads.check(fetch(client, detail_url), where="approved request page", shows=["decision.head_comment"])
    payloads.check(fetch(client, reverse("forms_app:my_requests")), where="My requests", shows=["request.account_name"])
    pages_checked += 3

    # The register: live with a handle and address, notes and where the credentials are kept.
    entry = RegisterEntry.objects.get(request=request)
    entry = mark_entry_live(
        entry=entry,
        user=ict,
        url="https://example.org/" + payloads("register.url", spaces=False),
        handle=payloads.of(RegisterEntry, "handle", label="register.handle"),
    )
    RegisterEntry.objects.filter(pk=entry.pk).update(
        notes=payloads.of(RegisterEntry, "notes", label="register.notes"),
        credentials_location=payloads.of(RegisterEntry, "credentials_location", label="register.credentials_location"),
        closure_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    send_closure_reminders(today=timezone.localdate())
    emails += check_emails(payloads, shows=["request.account_name"])
    client.force_login(ict)
    payloads.check(fetch(client, reverse("wagtailadmin_home")), where="register panel", shows=["request.account_name"])
    pages_checked += 1

    entry = close_entry(
        entry=entry, user=ict, closed_on=timezone.localdate(), reason=payloads("register.closure_reason")
    )
    register_labels = [
        "request.account_name",
        "request.platform_other_name",
        "register.url",
        "register.handle",
        "register.notes",
        "register.credentials_location",
        "register.closure_reason",
        "site_person.name",
        "site_person.description",
    ]
    admin_pages = {
        "register listing": (reverse("forms_app_registerentry_modeladmin_index"), ["request.account_name"]),
        "register search": (reverse("forms_app_registerentry_modeladmin_index"), ["register.search_query"]),
        "register inspect": (reverse("forms_app_registerentry_modeladmin_inspect", args=[entry.pk]), register_labels),
        "register history": (reverse("forms_app_registerentry_modeladmin_history", args=[entry.pk]), []),
        "approved review page": (review_url, ANSWER_LABELS),
    }
    search = {"q": payloads("register.search_query")}
    for where, (url, shows) in admin_pages.items():
        params = search if where == "register search" else {}
        payloads.check(fetch(client, url, **params), where=where, shows=shows)
    pages_checked += len(admin_pages)

    # A superuser's views of the request as a snippet, and Wagtail's own reports.
    client.force_login(superuser)
    viewset = SocialMediaSiteRequest.snippet_viewset
    for where, url in {
        "request listing": reverse(viewset.get_url_name("list")),
        "request edit view": reverse(viewset.get_url_name("edit"), args=[request.pk]),
        "request history": reverse(viewset.get_url_name("history"), args=[request.pk]),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "site history report": reverse("wagtailadmin_reports:site_history"),
        "users listing": reverse("wagtailusers_users:index"),
        "user edit view": reverse("wagtailusers_users:edit", args=[author.pk]),
    }.items():
        payloads.check(fetch(client, url), where=where)
        pages_checked += 1

    assert emails >= 8
    print(f"request sweep: {len(payloads.labels)} fields, {pages_checked} pages, {emails} emails")  # noqa: T201


# --------------------------------------------------------------------------------------
# Page types: their own fields and every text block of their StreamFields
# --------------------------------------------------------------------------------------

PAGE_FIELDS = ("title", "seo_title", "search_description")


def rich_text(payloads: Payloads, label: str, features=None) -> str:
    """Rich text as Wagtail stores it from the editor: the payload typed as text, plus markup trying the same.

    Editors' HTML goes through Wagtail's whitelist on save (it drops the ``<script>``,
    the ``<img>`` without a known image and the ``onmouseover`` attribute); the typed
    payload stays as escaped text and must stay escaped when the page is rendered.
    """
    marker = payloads.marker(label)
    typed = escape(Payloads.text(marker))
    html = f'<p onmouseover="{marker}">{typed}<script>{marker}</script><img src=x onerror="{marker}"></p>'
    return EditorHTMLConverter(features=features).to_database_format(html)


def raw_block_value(payloads: Payloads, block, label: str, document: Document):
    """Raw (JSON) data for ``block`` with a payload in every text child; None to leave an optional child out."""
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": name, "value": raw_block_value(payloads, child, f"{label}.{name}", document)}
            for name, child in block.child_blocks.items()
        ]
    if isinstance(block, blocks.StructBlock):
        values = {
            name: raw_block_value(payloads, child, f"{label}.{name}", document)
            for name, child in block.child_blocks.items()
        }
        return {name: value for name, value in values.items() if value is not None}
    if isinstance(block, blocks.ListBlock):
        return [
            {
                "type": "item",
                "id": str(uuid.uuid4()),
                "value": raw_block_value(payloads, block.child_block, label, document),
            }
        ]
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(payloads, label, block.features)
    if isinstance(block, TableBlock):
        cells = [[payloads(f"{label}.header")], [payloads(f"{label}.cell")]]
        return {"data": cells, "first_row_is_table_header": True, "first_col_is_header": False}
    if isinstance(block, blocks.URLBlock):
        return "https://example.org/" + payloads(label, spaces=False)
    if isinstance(block, blocks.EmailBlock):
        return "parents@example.org"
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return payloads(label, block.field.max_length)
    if isinstance(block, blocks.ChoiceBlock):
        return block.field.choices[-1][0]
    if isinstance(block, blocks.IntegerBlock):
        return block.field.min_value or 1
    if isinstance(block, DocumentChooserBlock):
        return document.pk
    raise AssertionError(f"{label}: no payload for {type(block).__name__}")


def fill_page(payloads: Payloads, page: Page, document: Document) -> Page:
    """Put a payload in every text field, rich-text field and StreamField block of ``page``; return it."""
    name = type(page).__name__
    own = [f for f in type(page)._meta.local_concrete_fields if f.editable]
    for field_name in PAGE_FIELDS:
        setattr(page, field_name, payloads.of(Page, field_name, label=f"{name}.{field_name}"))
    for model_field in own:
        label = f"{name}.{model_field.name}"
        if isinstance(model_field, RichTextField):
            setattr(page, model_field.name, rich_text(payloads, label, model_field.features))
        elif isinstance(model_field, StreamField):
            setattr(page, model_field.name, raw_block_value(payloads, model_field.stream_block, label, document))
        elif isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
            setattr(page, model_field.name, payloads(label, model_field.max_length))
    return page


def add_page(payloads, parent: Page, page: Page, document: Document) -> Page:
    """Fill ``page``, add it under ``parent`` and publish it; return it as saved."""
    fill_page(payloads, page, document)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def labels_of(payloads: Payloads, page: Page) -> list[str]:
    prefix = f"{type(page).__name__}."
    return [label for label in payloads.markers if label.startswith(prefix)]


# Shown only in the browser tab's title, which the page's SEO title replaces.
NOT_ON_PAGE = {"HomePage.title"}


def test_every_page_type_shows_its_text_escaped_on_the_site_in_search_and_in_the_admin(
    client, home_page, staff_home, school
):
    payloads = Payloads()
    document = Document.objects.create(
        title=payloads.of(Document, "title", label="Document.title"), file=ContentFile(b"%PDF-1.4", name="guide.pdf")
    )
    image = get_image_model().objects.create(
        title=payloads.of(get_image_model(), "title", label="Image.title"), file=get_test_image_file()
    )
    for page in (home_page, staff_home):
        fill_page(payloads, page, document)
        page.save_revision().publish()
    policies = add_page(payloads, home_page, PolicyIndexPage(slug="policies"), document)
    guidance = add_page(payloads, home_page, ParentGuidanceIndexPage(slug="parent-guidance"), document)
    guide = ParentGuidancePage(
        slug="staying-safe", topic=GuidanceTopic.STAYING_SAFE, last_checked=datetime.date(2026, 1, 15), image=image
    )
    pages = [
        Page.objects.get(pk=home_page.pk).specific,
        Page.objects.get(pk=staff_home.pk).specific,
        add_page(payloads, home_page, StandardPage(slug="about"), document),
        policies,
        add_page(
            payloads, policies, PolicyPage(slug="social-media", last_reviewed=datetime.date(2026, 1, 1)), document
        ),
        guidance,
        add_page(payloads, guidance, guide, document),
        add_page(payloads, staff_home, SocialMediaRequestFormPage(slug="request-a-site"), document),
    ]
    assert len(payloads.labels) > 100, "every text block of every StreamField has a payload"
    pages_checked = 0

    # A member of staff reads each page and finds it in search (title and matching section).
    client.force_login(UserFactory(school=school))
    for page in pages:
        name, labels = type(page).__name__, labels_of(payloads, page)
        shows = [label for label in labels if label not in NOT_ON_PAGE]
        payloads.check(fetch(client, page.url), where=f"{name} {page.url}", shows=shows)
        results = fetch(client, reverse("search"), q=payloads.markers[f"{name}.title"])
        payloads.check(results, where=f"search for {name}", shows=[f"{name}.title"])
        pages_checked += 2
    query = payloads("search.query", 200)
    payloads.check(fetch(client, reverse("search"), q=query), where="search with a payload", shows=["search.query"])
    pages_checked += 1

    # Editors see every field again in the page editor and the page explorer.
    client.force_login(UserFactory(school=school, is_superuser=True, is_staff=True, roles=[]))
    for page in pages:
        name, labels = type(page).__name__, labels_of(payloads, page)
        edit = fetch(client, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        payloads.check(edit, where=f"{name} edit view", shows=labels)
        explorer = fetch(client, reverse("wagtailadmin_explore", args=[page.pk]))
        payloads.check(explorer, where=f"{name} explorer", shows=[f"{name}.title"])
        pages_checked += 2
    for where, (url, shows) in {
        "admin page search": (
            reverse("wagtailadmin_pages:search") + f"?q={payloads.markers['PolicyPage.title']}",
            ["PolicyPage.title"],
        ),
        "documents listing": (reverse("wagtaildocs:index"), ["Document.title"]),
        "images listing": (reverse("wagtailimages:index"), ["Image.title"]),
    }.items():
        payloads.check(fetch(client, url), where=where, shows=shows)
        pages_checked += 1
    print(f"page sweep: {len(payloads.labels)} fields, {pages_checked} pages")  # noqa: T201
