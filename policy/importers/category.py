"""Recognise what a policy is about (its category) from what the document says.

A "Category: Safeguarding" line anywhere near the top is taken as written. Otherwise the
title decides when it names a subject ("Social Media Policy" is about online safety);
failing that, the subject the text mentions most, if it mentions it at least
``MIN_MENTIONS`` times. The values are ``policy.models.PolicyCategory``'s; nothing found
leaves the category to the editor ("Other").
"""

import re

from .document import ParsedDocument
from .metadata import element_text

__all__ = ["CATEGORY_LINE", "KEYWORDS", "find_category"]

MIN_MENTIONS = 3

# Phrases that say what a policy is about, per category value, most telling first.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "online-safety": ("social media", "online safety", "e-safety", "esafety", "acceptable use", "internet", "ict"),
    "safeguarding": ("safeguarding", "child protection", "prevent duty"),
    "data-protection": ("data protection", "gdpr", "freedom of information", "privacy notice"),
    "staff": ("code of conduct", "disciplinary", "grievance", "capability", "whistleblowing", "recruitment"),
    "behaviour": ("behaviour", "attendance", "anti-bullying", "exclusion"),
    "curriculum": ("curriculum", "teaching and learning", "assessment", "homework", "sex education", "rse"),
    "health-and-safety": ("health and safety", "first aid", "fire safety", "medical needs", "lettings"),
    "governance": ("governance", "governors", "finance", "charging", "complaints", "trustees"),
}
CATEGORY_LINE = re.compile(r"^(?:policy\s+)?(?:category|type|area)\s*[:\-–]\s*(?P<value>.+)$", re.IGNORECASE)


def _mentions(text: str, phrase: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text))


def _best(text: str, *, minimum: int) -> str:
    text = text.lower()
    scores = {category: sum(_mentions(text, phrase) for phrase in phrases) for category, phrases in KEYWORDS.items()}
    category, score = max(scores.items(), key=lambda item: item[1])
    return category if score >= minimum else ""


def find_category(document: ParsedDocument) -> None:
    """Set ``document.category`` (a category value, or "" when the document does not say) as described above."""
    for element in document.elements[:20]:
        text = element_text(element)
        if match := CATEGORY_LINE.match(text):
            document.category = _best(match["value"], minimum=1)
            if document.category:
                return
    if document.title_found:
        document.category = _best(document.title, minimum=1)
        if document.category:
            return
    whole = " ".join(element_text(element) for element in document.elements)
    document.category = _best(whole, minimum=MIN_MENTIONS)
