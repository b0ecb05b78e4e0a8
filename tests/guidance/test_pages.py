"""What parents see: the guidance index by topic, a full guidance page, and guidance in site search."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from home.models import StandardPage
from policy.models import GuidanceTopic, ParentGuidancePage, ParentGuidanceRelatedPage

from .factories import make_guidance

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return get_image_model().objects.create(title="Family at a laptop", file=get_test_image_file())


def test_index_lists_live_guidance_under_topic_headings_with_summaries(client, guidance_index):
    make_guidance(guidance_index, title="Age limits", topic=GuidanceTopic.AGE_LIMITS, summary="Apps set ages.")
    make_guidance(guidance_index, title="Be SMART online", topic=GuidanceTopic.STAYING_SAFE, summary="Five rules.")
    make_guidance(guidance_index, title="Who they talk to", topic=GuidanceTopic.CONTACT, summary="Group chats.")
    draft = make_guidance(guidance_index, title="Unfinished draft", live=False)

    html = client.get(guidance_index.url).content.decode()

    assert html.count("<h1") == 1
    assert html.index("Apps, games and age limits") < html.index("Age limits")
    assert html.index("Staying safe online") < html.index("Be SMART online") < html.index("Who your child talks to")
    assert "Five rules." in html and "Group chats." in html
    assert draft.title not in html
    assert "Screen time and wellbeing" not in html  # a topic with no pages gets no heading
    assert "css/guidance.css" in html


def test_index_says_so_when_there_is_no_guidance_yet(client, guidance_index):
    assert "There is no guidance here yet" in client.get(guidance_index.url).content.decode()


def test_section_appears_in_the_public_menu(client, guidance_index):
    html = client.get("/").content.decode()
    assert f'href="{guidance_index.url}"' in html


def test_guidance_page_shows_every_part_to_a_reader(client, guidance_index, image):
    other = make_guidance(guidance_index, title="Reporting a concern", slug="reporting")
    page = make_guidance(
        guidance_index,
        title="Who your child talks to online",
        topic=GuidanceTopic.CONTACT,
        summary="Keep talking, calmly and often.",
        image=image,
        image_alt="A parent and child looking at a tablet together",
        last_checked=date(2026, 1, 15),
        body=[
            ("heading", {"text": "Start with curiosity", "level": "h2"}),
            ("paragraph", "<p>Ask who is in their group chats.</p>"),
            ("callout", {"style": "warning", "title": "No secrets", "text": "<p>Friends never ask for secrets.</p>"}),
            ("faq", {"heading": "Questions", "items": [{"question": "Should I check?", "answer": "<p>Agree.</p>"}]}),
        ],
    )
    ParentGuidanceRelatedPage.objects.create(page=page, related_page=other)

    html = client.get(page.url).content.decode()

    assert html.count("<h1") == 1
    assert "Keep talking, calmly and often." in html
    assert 'Last checked <time datetime="2026-01-15">15 January 2026</time>' in html
    assert 'alt="A parent and child looking at a tablet together"' in html
    assert 'srcset="' in html and 'sizes="(min-width: 48rem) 44rem, 100vw"' in html  # phones get a small file
    assert "Ask who is in their group chats." in html
    assert "<details" in html
    assert f'<a href="{guidance_index.url}">Parent e-safety guidance</a>' in html  # breadcrumb
    assert f'<li><a href="{other.url}">Reporting a concern</a></li>' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_related_pages_that_are_no_longer_live_are_not_linked(client, guidance_index):
    withdrawn = make_guidance(guidance_index, title="Withdrawn advice", live=False)
    page = make_guidance(guidance_index, title="Current advice")
    ParentGuidanceRelatedPage.objects.create(page=page, related_page=withdrawn)
    html = client.get(page.url).content.decode()
    assert "Withdrawn advice" not in html
    assert "Related pages" not in html


def test_a_chosen_image_needs_alt_text(guidance_index, image):
    page = ParentGuidancePage(title="Age limits", slug="age-limits", summary="Apps set ages.", image=image)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "image_alt" in error.value.message_dict

    page.image_alt = "   "
    with pytest.raises(ValidationError):
        page.clean()

    page.image_alt = "Screenshot of an app's age setting"
    page.clean()
    page.image = None
    page.image_alt = ""
    page.clean()  # no image, no alt text needed


def test_guidance_is_found_by_site_search(guidance_index):
    make_guidance(
        guidance_index,
        title="Talking about online friends",
        summary="How to start the conversation.",
        body=[("paragraph", "<p>Watch for signs of grooming, such as gifts of game credits.</p>")],
    )
    make_guidance(guidance_index, title="Screen time", summary="Sleep matters.", topic=GuidanceTopic.WELLBEING)
    make_guidance(guidance_index, title="Unpublished grooming advice", live=False)
    home = guidance_index.get_parent()
    home.add_child(instance=StandardPage(title="Grooming policy for staff", slug="staff-grooming"))

    by_body = [page.title for page in ParentGuidancePage.objects.live().search("grooming")]
    by_summary = [page.title for page in ParentGuidancePage.objects.live().search("conversation")]
    by_topic = [page.title for page in ParentGuidancePage.objects.live().search("wellbeing")]

    assert by_body == ["Talking about online friends"]
    # The site search looks through every live page; guidance body text is found there too.
    site_wide = [page.title for page in Page.objects.live().public().search("grooming")]
    assert "Talking about online friends" in site_wide
    assert "Unpublished grooming advice" not in site_wide
    assert by_summary == ["Talking about online friends"]
    assert by_topic == ["Screen time"]
