"""The admin's shared listing table: headings with scope, caption, one row template per item."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context) -> str:
    return Template("{% load i18n listing_tables %}" + source).render(Context(context))


def test_a_listing_table_has_scoped_headings_a_caption_and_one_row_per_item():
    html = render(
        '{% listing_table changes "forms_app/includes/amendment_change_row.html" "Question" "Was" "Now" '
        'caption="Changes" caption_id="changes-caption" dashboard=True %}',
        changes=[{"label": "Name", "old": "A", "new": "B"}, {"label": "Age", "old": "", "new": "13"}],
    )
    assert '<table class="listing listing--dashboard" aria-describedby="changes-caption">' in html
    assert '<caption id="changes-caption" class="w-sr-only">Changes</caption>' in html
    assert '<th scope="col">Question</th><th scope="col">Was</th><th scope="col">Now</th>' in html
    assert html.count('<th scope="row">') == 2 and "<ins>13</ins>" in html


def test_options_left_out_are_blank_whatever_the_callers_context_holds():
    html = render(
        '{% listing_table rows "forms_app/includes/amendment_change_row.html" "Question" %}', rows=[], caption="Page"
    )
    assert '<table class="listing">' in html and "<caption" not in html


def test_an_unknown_option_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render(
            '{% listing_table rows "forms_app/includes/amendment_change_row.html" "Question" captoin="x" %}', rows=[]
        )
