"""Every guidance block renders what parents need, with accessible markup."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from home.blocks import CalloutBlock, HeadingBlock
from policy.guidance.blocks import (
    AgeLimitsTableBlock,
    FaqBlock,
    GuidanceResourceBlock,
    GuidanceStreamBlock,
    ReportConcernBlock,
    SmartOnlineBlock,
)


def render(block, raw: dict) -> str:
    return block.render(block.to_python(raw))


def test_smart_block_shows_the_five_letters_in_order_with_the_editors_words():
    html = render(
        SmartOnlineBlock(),
        {
            "heading": "Be SMART online",
            "intro": "One letter a week.",
            "s": {"word": "Safe", "text": "Keep your address private."},
            "m": {"word": "Meet", "text": "Only with a grown-up."},
            "a": {"word": "Accepting", "text": "Think before opening links."},
            "r": {"word": "Reliable", "text": "Check what you read."},
            "t": {"word": "Tell", "text": "Tell an adult you trust."},
        },
    )
    assert "<h2>Be SMART online</h2>" in html
    assert re.findall(r'guidance-smart__letter" aria-hidden="true">(\w)<', html) == ["S", "M", "A", "R", "T"]
    assert "Keep your address private." in html
    assert html.index("Only with a grown-up.") < html.index("Tell an adult you trust.")
    assert "<dl" in html and "<dt>" in html and "<dd>" in html


def test_smart_block_offers_sensible_words_by_default():
    block = SmartOnlineBlock()
    html = block.render(block.get_default())
    for word in ("Safe", "Meet", "Accepting", "Reliable", "Tell"):
        assert word in html


def test_age_limits_block_is_a_captioned_table_with_row_headers():
    html = render(
        AgeLimitsTableBlock(),
        {
            "caption": "Minimum ages",
            "rows": [
                {"platform": "TikTok", "minimum_age": 13, "notes": "Private by default for under-16s."},
                {"platform": "YouTube Kids", "minimum_age": 0, "notes": ""},
            ],
            "source_note": "From each platform's terms.",
        },
    )
    assert "<caption" in html and "Minimum ages</caption>" in html
    assert '<th scope="col">Minimum age</th>' in html
    assert '<th scope="row">TikTok</th>' in html
    assert "<td>13</td>" in html
    assert "Private by default for under-16s." in html
    assert "<td>0</td>" in html
    assert "From each platform&#x27;s terms." in html
    # A wide table scrolls inside a focusable, labelled region on a narrow phone.
    assert 'role="region" aria-label="Minimum ages" tabindex="0"' in html


def test_age_limits_block_refuses_an_impossible_age():
    from wagtail.blocks import StructBlockValidationError

    block = AgeLimitsTableBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"caption": "Ages", "rows": [{"platform": "X", "minimum_age": -1, "notes": ""}]}))


def test_report_concern_block_names_the_school_contact_and_links_national_services():
    html = render(
        ReportConcernBlock(),
        {
            "heading": "How to report a concern",
            "emergency_text": "If a child is in immediate danger, call 999.",
            "school_contact": {
                "role": "Designated Safeguarding Lead",
                "how_to_contact": "Ask at the school office.",
                "email": "dsl@example.org",
                "phone": "01234 567890",
            },
            "services": [
                {"name": "CEOP Safety Centre", "url": "https://www.ceop.police.uk/Safety-Centre/", "description": ""},
                {"name": "Report Harmful Content", "url": "https://reportharmfulcontent.com/", "description": "Help."},
            ],
        },
    )
    assert "<h2>How to report a concern</h2>" in html
    assert "call 999" in html
    assert "<strong>Designated Safeguarding Lead</strong>" in html
    assert 'href="mailto:dsl@example.org"' in html
    assert 'href="tel:01234567890"' in html
    assert '<a href="https://www.ceop.police.uk/Safety-Centre/">CEOP Safety Centre</a>' in html
    assert '<a href="https://reportharmfulcontent.com/">Report Harmful Content</a>' in html


def test_faq_block_uses_native_details_and_summary():
    html = render(
        FaqBlock(),
        {
            "heading": "Questions parents often ask",
            "items": [
                {"question": "Should I read my child's messages?", "answer": "<p>Agree the rules first.</p>"},
                {"question": "How do I block someone?", "answer": "<p>Use the <b>block</b> button.</p>"},
            ],
        },
    )
    assert html.count("<details") == 2
    assert "<summary>Should I read my child&#x27;s messages?</summary>" in html
    assert "<p>Agree the rules first.</p>" in html
    assert "<b>block</b>" in html


@pytest.mark.django_db
def test_resource_block_links_to_the_document_and_names_its_type():
    document = get_document_model()(title="SMART poster")
    document.file.save("smart.txt", ContentFile(b"SMART"), save=False)
    document.save()
    block = GuidanceResourceBlock()

    html = block.render(block.to_python({"document": document.pk, "title": "", "description": "Print me."}))
    assert f'href="{document.url}"' in html
    assert ">SMART poster</a>" in html
    assert "(TXT file)" in html
    assert "Print me." in html

    html = block.render(block.to_python({"document": document.pk, "title": "Poster to print", "description": ""}))
    assert ">Poster to print</a>" in html


def test_body_offers_rich_text_headings_callouts_and_every_guidance_block():
    assert set(GuidanceStreamBlock.base_blocks) >= {
        "heading",
        "paragraph",
        "callout",
        "smart",
        "age_limits",
        "report_concern",
        "faq",
    }
    html = GuidanceStreamBlock().render(
        GuidanceStreamBlock().to_python(
            [
                {"type": "heading", "value": {"text": "Start with curiosity", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Ask what they play.</p>"},
                {"type": "callout", "value": {"style": "warning", "title": "No secrets", "text": "<p>Ever.</p>"}},
            ]
        )
    )
    assert '<h2 id="start-with-curiosity">Start with curiosity</h2>' in html
    assert "<p>Ask what they play.</p>" in html
    assert 'class="callout alert alert-warning" aria-label="No secrets"' in html
    assert isinstance(GuidanceStreamBlock.base_blocks["heading"], HeadingBlock)
    assert isinstance(GuidanceStreamBlock.base_blocks["callout"], CalloutBlock)
