"""Pick up a policy's title, review dates, approval details, lead and organisation from its text.

The title line becomes the page title. Front matter at the top of the document (before
the first numbered section, clause, list or table) that states a date, the approving
body, the lead, the version or the school's or trust's name, or repeats the title, is
taken out of the body: those are the page's own fields, shown by the page template, and
a policy page that repeats "Reviewed January 2025" above its first section goes stale
the day the policy is reviewed again. What was taken out is listed in
``ParsedDocument.front_matter`` and reported to the person importing. The same lines
further down (inside a section) stay where they are.
"""

import html
import re
from pathlib import Path

from .document import Appendix, BulletList, Clause, Heading, Paragraph, ParsedDocument, Table
from .text import (
    APPROVED_BY,
    APPROVED_ON,
    LEAD,
    NEXT_REVIEW,
    REVIEWED,
    VERSION,
    is_all_caps,
    names_organisation,
    parse_date,
    plain,
)

TITLE_SEARCH_DEPTH = 12


def element_text(element) -> str:
    """Return the plain text of a paragraph or heading element ("" for anything else)."""
    if isinstance(element, Paragraph):
        return plain(element.html)
    if isinstance(element, Heading) and not element.number:
        return element.text
    return ""


def title_from_file_name(path: Path) -> str:
    """Return a readable title made from a file name: ``social-media_policy.docx`` → "Social media policy"."""
    words = re.sub(r"[-_\s]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else "Imported policy"


def find_title(document: ParsedDocument, path: Path) -> None:
    """Set ``document.title`` and remove its line from the elements.

    The title is a top-level Markdown or Word heading at the start, or else the first
    short line near the top that names a policy ("Social Media Policy"); failing both,
    the file name, with a warning.
    """
    for index, element in enumerate(document.elements[:TITLE_SEARCH_DEPTH]):
        text = element_text(element)
        is_top_heading = isinstance(element, Heading) and element.level == 0
        names_policy = "policy" in text.lower() and len(text.split()) <= 10 and not text.endswith(".")
        if text and (is_top_heading or names_policy):
            document.title = text.title() if is_all_caps(text) else text
            document.title_found = True
            del document.elements[index]
            # Later lines repeating the title are running headers, not sections.
            for position, other in enumerate(document.elements):
                if isinstance(other, Heading) and not other.number and other.text.lower() == text.lower():
                    document.elements[position] = Paragraph(html=html.escape(other.text, quote=False))
            return
    document.title = title_from_file_name(path)
    document.warnings.append(
        f"No title found near the top of the document; used “{document.title}” from the file name. "
        "Change it in the page editor."
    )


def front_matter_end(document: ParsedDocument) -> int:
    """Return the index of the first element after the front matter.

    The front matter ends at the first numbered section heading, clause, list, table or
    appendix, and never reaches past the first ``TITLE_SEARCH_DEPTH`` elements.
    """
    for index, element in enumerate(document.elements[:TITLE_SEARCH_DEPTH]):
        if isinstance(element, (Clause, BulletList, Table, Appendix)) or (
            isinstance(element, Heading) and element.number
        ):
            return index
    return min(len(document.elements), TITLE_SEARCH_DEPTH)


def is_title_repeat(text: str, title: str) -> bool:
    """Return whether ``text`` repeats the title, alone or as "… Template" (a running header, not content)."""
    text, title = text.strip().lower(), title.strip().lower()
    return bool(title) and text in (title, f"{title} template")


def find_details(document: ParsedDocument) -> None:
    """Fill in dates, approver, lead, version and organisation from short lines; take front matter out of the body.

    Any short line in the document can give a detail the document has not given yet. Of
    those, the ones in the front matter (``front_matter_end``), with the lines naming the
    school or trust and lines repeating the title, are removed from ``elements`` and their
    text kept in ``front_matter``.
    """
    first_bare_date = None
    end = front_matter_end(document)
    taken: list[int] = []
    for position, element in enumerate(document.elements):
        text = element_text(element)
        if not text or len(text.split()) > 14:
            continue
        in_front = position < end
        if (match := NEXT_REVIEW.match(text)) and document.next_review_due is None:
            document.next_review_due = parse_date(match["value"])
        elif (match := REVIEWED.match(text)) and document.last_reviewed is None:
            document.last_reviewed = parse_date(match["value"])
        elif (match := APPROVED_BY.match(text)) and not document.approved_by:
            document.approved_by = match["value"].strip()[:150]
        elif (match := APPROVED_ON.match(text)) and document.date_approved is None:
            document.date_approved = parse_date(match["value"])
        elif (match := LEAD.match(text)) and not document.lead_member_of_staff:
            document.lead_member_of_staff = match["value"].strip()[:150]
        elif (match := VERSION.match(text)) and not document.version:
            document.version = match["value"][:20]
        elif first_bare_date is None and position < TITLE_SEARCH_DEPTH and parse_date(text):
            first_bare_date = (text, parse_date(text), position)
            continue
        elif in_front and names_organisation(text):
            document.organisation = document.organisation or text
        elif not (in_front and is_title_repeat(text, document.title)):
            continue
        if in_front:
            taken.append(position)
    if document.last_reviewed is None and document.date_approved is None and first_bare_date:
        document.last_reviewed = first_bare_date[1]
        if first_bare_date[2] < end:
            taken.append(first_bare_date[2])
        document.warnings.append(
            f"Took the date “{first_bare_date[0]}” near the top as the date the policy was last reviewed; check it."
        )
    if document.last_reviewed is None and document.next_review_due is None:
        document.warnings.append("No review dates found; add “Last reviewed” and “Next review due” in the page editor.")
    take_out(document, sorted(set(taken)))


def take_out(document: ParsedDocument, positions: list[int]) -> None:
    """Remove the elements at ``positions`` from the body, keeping their text in ``front_matter``."""
    if not positions:
        return
    document.front_matter = [element_text(document.elements[position]) for position in positions]
    wanted = set(positions)
    document.elements = [element for index, element in enumerate(document.elements) if index not in wanted]
    shown = "; ".join(f"“{text}”" for text in document.front_matter)
    document.warnings.append(f"Moved the front matter into the page's details, out of the body: {shown}.")


def count(document: ParsedDocument) -> dict[str, int]:
    """Return how many headings, clauses, lists, tables, appendices and paragraphs were found."""
    kinds = {"sections": Heading, "clauses": Clause, "lists": BulletList, "tables": Table, "appendices": Appendix}
    totals = {name: sum(isinstance(e, kind) for e in document.elements) for name, kind in kinds.items()}
    totals["paragraphs"] = sum(isinstance(e, Paragraph) for e in document.elements)
    return totals
