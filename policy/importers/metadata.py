"""Pick up a policy's title, review dates, approval details and lead from its text.

Only the title line is taken out of the text (it becomes the page title); lines that
give dates or the lead stay in the body where they were, so nothing is lost.
"""

import html
import re
from pathlib import Path

from .document import Appendix, BulletList, Clause, Heading, Paragraph, ParsedDocument, Table
from .text import APPROVED_BY, APPROVED_ON, LEAD, NEXT_REVIEW, REVIEWED, VERSION, is_all_caps, parse_date, plain

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


def find_details(document: ParsedDocument) -> None:
    """Fill in review and approval dates, approver, lead and version from short lines that state them."""
    first_bare_date = None
    for position, element in enumerate(document.elements):
        text = element_text(element)
        if not text or len(text.split()) > 14:
            continue
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
            first_bare_date = (text, parse_date(text))
    if document.last_reviewed is None and document.date_approved is None and first_bare_date:
        document.last_reviewed = first_bare_date[1]
        document.warnings.append(
            f"Took the date “{first_bare_date[0]}” near the top as the date the policy was last reviewed; check it."
        )
    if document.last_reviewed is None and document.next_review_due is None:
        document.warnings.append("No review dates found; add “Last reviewed” and “Next review due” in the page editor.")


def count(document: ParsedDocument) -> dict[str, int]:
    """Return how many headings, clauses, lists, tables, appendices and paragraphs were found."""
    kinds = {"sections": Heading, "clauses": Clause, "lists": BulletList, "tables": Table, "appendices": Appendix}
    totals = {name: sum(isinstance(e, kind) for e in document.elements) for name, kind in kinds.items()}
    totals["paragraphs"] = sum(isinstance(e, Paragraph) for e in document.elements)
    return totals
