"""Every real policy in ../shared/seeds/ imports into a readable page that keeps all its text."""

import datetime
import html
import re
from collections import Counter

import mammoth
import pytest
from django.core.management import call_command

from home.models import School
from policy.importers import SUPPORTED_EXTENSIONS, read_document
from policy.models import PolicyPage

from .conftest import seeds_dir

# Every policy in the folder, whatever its format; README.md describes the folder and is not a policy.
SEEDS = sorted(
    path
    for path in (seeds_dir().iterdir() if seeds_dir().is_dir() else [])
    if path.suffix.lower() in SUPPORTED_EXTENSIONS and not path.name.lower().startswith("readme")
)

# What a reader must find in particular seeds; other seeds get the general checks only.
EXPECTED = {
    "policy-education-partnership-trust-with-appendix-b.txt": {
        "labels": ["1.0 INTRODUCTION", "5.0 PRINCIPLES", "A.5 CONTRIBUTORS AND MODERATION OF CONTENT"],
        "clauses": ["1.1", "6.10", "A.3.6", "A.5.4"],
        "appendices": 2,
    },
    "policy-preston-primary-trust-2025.txt": {
        "labels": ["Scope", "Roles & Responsibilities", "Safeguarding", "Appendix A"],
        "last_reviewed": datetime.date(2025, 1, 1),
        "next_review_due": datetime.date(2027, 1, 1),
        "appendices": 1,
    },
    "policy-thurcroft-infant-2018.txt": {
        "labels": ["Statement of intent", "Definitions", "Cyber bullying", "Be SMART online"],
        "last_reviewed": datetime.date(2018, 9, 1),
        "appendices": 2,
    },
}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def source_sentences(text: str):
    """Yield each sentence of the source (per line, split at full stops), extraction artefacts removed."""
    for line in text.splitlines():
        line = re.sub(r"\[bookmark:[^\]]*\]", " ", line)
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if words(sentence):
                yield sentence


def source_text(path) -> str:
    """Return the text of a seed file; Word documents through mammoth's raw-text extraction."""
    if path.suffix.lower() == ".docx":
        with path.open("rb") as file:
            return mammoth.extract_raw_text(file).value
    return path.read_text(encoding="utf-8")


def rendered_words(page: PolicyPage) -> str:
    """Return the page's body as rendered, as a string of lower-case words separated by single spaces."""
    body_html = str(page.body.render_as_block())
    text = html.unescape(re.sub(r"<[^>]+>", " ", body_html))
    return " " + " ".join(words(text)) + " "


def all_blocks(page: PolicyPage):
    """Yield every block in the page body, nested ones included, as (type, value)."""

    def walk(stream):
        for child in stream:
            yield child.block_type, child.value
            if child.block_type in ("section", "appendix"):
                yield from walk(child.value["content"])

    yield from walk(page.body)


@pytest.fixture
def imported(policy_index):
    def run(path):
        call_command("import_policy", str(path), "--parent", str(policy_index.pk), stdout=None)
        return PolicyPage.objects.get(import_source=path.name).get_latest_revision_as_object()

    return run


@pytest.mark.django_db
@pytest.mark.parametrize("path", SEEDS or [None], ids=[p.name for p in SEEDS] or ["no-seeds"])
def test_seed_policy_imports_with_sections_lists_dates_and_every_sentence(path, imported):
    if path is None:
        pytest.skip(f"No seed policies at {seeds_dir()} (set POLICY_SEEDS_DIR to run these tests).")
    page = imported(path)
    expected = EXPECTED.get(path.name, {})

    toc = page.table_of_contents()
    labels = [entry["label"] for entry in toc] + [child["label"] for entry in toc for child in entry["children"]]
    assert len(labels) >= 5, "a policy this long is split into sections"
    for label in expected.get("labels", []):
        assert any(found.startswith(label) for found in labels), f"section {label!r} missing from {labels}"
    blocks = list(all_blocks(page))
    assert any(kind == "list" for kind, _ in blocks), "bullet points become list blocks"
    clause_numbers = [value["number"] for kind, value in blocks if kind == "clause"]
    for number in expected.get("clauses", []):
        assert number in clause_numbers
    assert sum(kind == "appendix" for kind, _ in blocks) == expected.get("appendices", 0)
    for field in ("last_reviewed", "next_review_due"):
        if field in expected:
            assert getattr(page, field) == expected[field]

    page.body.stream_block.clean(page.body)  # valid for the page editor: raises ValidationError otherwise

    body = rendered_words(page)
    title = " " + " ".join(words(page.title)) + " "
    # Front matter (dates, the school's name, the title repeated) became page details, not body text.
    front_matter = Counter(" " + " ".join(words(line)) + " " for line in read_document(path).front_matter)
    position, title_seen = 0, False
    for sentence in source_sentences(source_text(path)):
        wanted = " " + " ".join(words(sentence)) + " "
        if wanted == title and not title_seen:
            title_seen = True  # the title line is the page's <h1>, above the body
            continue
        if front_matter[wanted]:
            front_matter[wanted] -= 1
            continue
        found = body.find(wanted, position)
        assert found != -1, f"sentence missing or out of order: {sentence!r}"
        position = found
    assert " bookmark " not in body and " _toc" not in body


@pytest.mark.django_db
def test_appendix_a_clauses_are_kept_with_their_numbers(imported):
    path = seeds_dir() / "policy-education-partnership-trust-with-appendix-b.txt"
    if not path.exists():
        pytest.skip(f"{path} is not available (set POLICY_SEEDS_DIR).")
    page = imported(path)
    clause = next(value for kind, value in all_blocks(page) if kind == "clause" and value["number"] == "A.5.4")
    assert "at least two approved Administrators" in clause["text"].source
    assert "[bookmark" not in str(page.body.raw_data)


# What the front matter of each seed says, and where it must end up.
FRONT_MATTER = {
    "policy-preston-primary-trust-2025.txt": {
        "lines": ["Reviewed January 2025", "Next Review due January 2027", "Preston Primary Academy Trust"],
        "fields": {"last_reviewed": datetime.date(2025, 1, 1), "next_review_due": datetime.date(2027, 1, 1)},
    },
    "policy-thurcroft-infant-2018.txt": {
        "lines": ["Thurcroft Infant School", "September 2018", "Social Media Policy Template"],
        "fields": {"last_reviewed": datetime.date(2018, 9, 1), "next_review_due": datetime.date(2020, 9, 1)},
    },
}


def leading_paragraphs(page: PolicyPage) -> list[str]:
    """Return the plain text of the body's blocks before its first section: where front matter would be left."""
    texts = []
    for child in page.body:
        if child.block_type in ("section", "appendix"):
            break
        texts.append(
            html.unescape(
                re.sub(r"<[^>]+>", "", str(child.value.source if hasattr(child.value, "source") else child.value))
            ).strip()
        )
    return texts


@pytest.mark.django_db
def test_seed_front_matter_goes_into_fields_and_titles_are_distinct(policy_index):
    if not all((seeds_dir() / name).exists() for name in FRONT_MATTER):
        pytest.skip(f"The seed policies are not at {seeds_dir()} (set POLICY_SEEDS_DIR).")
    School.objects.create(name="Thurcroft Infant School", slug="thurcroft")
    call_command("import_policy", *[str(path) for path in SEEDS], "--parent", str(policy_index.pk), stdout=None)
    pages = {
        page.import_source: page.get_latest_revision_as_object() for page in PolicyPage.objects.child_of(policy_index)
    }
    assert len(pages) == len(SEEDS)
    titles = [page.title.lower() for page in pages.values()]
    assert len(set(titles)) == len(titles), f"titles clash: {titles}"
    for name, expected in FRONT_MATTER.items():
        page = pages[name]
        leading = leading_paragraphs(page)
        for line in expected["lines"]:
            assert line not in leading, f"{line!r} left at the top of the body of {name}"
        body = str(page.body.render_as_block())
        assert "Reviewed January 2025" not in body and "Next Review due" not in body
        for field, value in expected["fields"].items():
            assert getattr(page, field) == value, (name, field)
    thurcroft = pages["policy-thurcroft-infant-2018.txt"]
    assert thurcroft.school.name == "Thurcroft Infant School", "the school named in the front matter"
    preston = pages["policy-preston-primary-trust-2025.txt"]
    assert preston.school is None  # a trust: the policy applies across it
    assert sorted(titles).count("social media policy") <= 1
    assert any("preston primary academy trust" in title or "thurcroft infant school" in title for title in titles)
