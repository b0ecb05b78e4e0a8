"""Guidance pages and the index cost the same number of queries with 5 or 500 guidance pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import bulk_add_guidance, make_guidance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the site-root cache shared by every request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_guidance_page_queries_do_not_grow_with_the_section(client, guidance_index, django_assert_num_queries):
    related = make_guidance(guidance_index, title="Reporting a concern")
    page = make_guidance(
        guidance_index,
        title="Who your child talks to online",
        body=[("faq", {"heading": "Questions", "items": [{"question": "Why?", "answer": "<p>Because.</p>"}]})],
    )
    page.related_pages.create(related_page=related)
    bulk_add_guidance(guidance_index, 3)
    assert guidance_index.get_children().count() == 5
    with_five = count_queries(client, page.url)

    bulk_add_guidance(guidance_index, 495)
    assert guidance_index.get_children().count() == 500

    with django_assert_num_queries(with_five):
        assert client.get(page.url).status_code == 200


def test_index_queries_do_not_grow_with_the_section(client, guidance_index, django_assert_num_queries):
    bulk_add_guidance(guidance_index, 5)
    with_five = count_queries(client, guidance_index.url)

    bulk_add_guidance(guidance_index, 495)

    with django_assert_num_queries(with_five):
        response = client.get(guidance_index.url)
    assert response.content.decode().count('class="guidance-card"') == 500
