"""Cleaning and recognising lines of policy text, shared by every reader.

Real exports carry artefacts: ``[bookmark: _Toc…]`` markers, stray ``<p>``/``<ul>``
markup inside text, tabs left by line wrapping. They are removed; the words around them
never are.
"""

import datetime
import html
import re

from .document import Appendix, Clause, Heading

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
STRAY_MARKUP = re.compile(r"</?(?:p|ul|ol|li|div|span|br|font|strong|em|b|i|u)(?:\s[^<>]*)?/?>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")

# "5.1", "10.0", "A.1", "A.3.6": a clause or section number (at least one dot).
NUMBER = re.compile(r"^(?P<number>(?:[A-Z]\.)?\d{1,3}(?:\.\d{1,3})+|[A-Z]\.\d{1,3})\.?(?=\s|$)\s*(?P<text>.*)$")
APPENDIX = re.compile(r"^(?P<label>(?:appendix|annex)(?:\s+[A-Z0-9]{1,3})?)\b[\s:.\-–—]*(?P<title>.*)$", re.IGNORECASE)
TERMINAL_PUNCTUATION = ".,;:!?"
ORGANISATION_WORDS = ("school", "academy", "trust", "college", "federation")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_YEAR = re.compile(r"^(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})$")
NUMERIC_DATE = re.compile(r"^(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4})$")
ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")

REVIEWED = re.compile(r"^(?:date\s+)?(?:last\s+)?reviewed(?:\s+(?:on|in))?\s*[:\-–]?\s*(?P<value>.+)$", re.IGNORECASE)
NEXT_REVIEW = re.compile(
    r"^(?:date\s+of\s+)?next\s+review(?:\s+(?:date|due))?(?:\s+(?:on|by|in))?\s*[:\-–]?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
APPROVED_ON = re.compile(r"^(?:date\s+)?approved(?:\s+(?:on|in))?\s*[:\-–]?\s*(?P<value>.+)$", re.IGNORECASE)
APPROVED_BY = re.compile(r"^approved\s+by\s*[:\-–]?\s*(?P<value>.+)$", re.IGNORECASE)
LEAD = re.compile(
    r"^(?:lead\s+member\s+of\s+staff|policy\s+lead|lead\s+person|responsible\s+(?:person|officer)|policy\s+owner)"
    r"\s*[:\-–]\s*(?P<value>.+)$",
    re.IGNORECASE,
)
# "Version 2.1", "Policy version: 3", "Version no. 4 – September 2018", "V2.1": the number as written.
VERSION = re.compile(
    r"^(?:(?:policy|document)\s+)?(?:version|ver\.|v(?=\d))\s*(?:number|no\.?)?\s*[:\-–]?\s*"
    r"(?P<value>v?\d[\w.]*)(?:\s*[,\-–—(|]\s*.*)?$",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Return ``text`` without extraction artefacts, with runs of spaces and tabs made single spaces."""
    text = BOOKMARK.sub(" ", text)
    text = STRAY_MARKUP.sub(" ", text)
    return SPACES.sub(" ", text).strip()


def inline_html(text: str) -> str:
    """Return cleaned plain ``text`` as inline HTML, with Markdown ``**bold**`` and ``*italic*`` kept."""
    escaped = html.escape(clean(text), quote=False)
    escaped = BOLD.sub(r"<b>\1</b>", escaped)
    return ITALIC.sub(r"<i>\1</i>", escaped)


def plain(inline: str) -> str:
    """Return the text of inline HTML, for recognising patterns in it."""
    return html.unescape(re.sub(r"<[^>]+>", "", inline)).strip()


def parse_date(text: str) -> datetime.date | None:
    """Return the date in ``text`` ("January 2025", "12th Jan 2025", "12/01/2025", "2025-01-12"), or None.

    A month-only date is the first of the month; numeric dates are read day first (UK).
    """
    value = text.strip().strip(".").lower()
    value = re.sub(r"^(?:on|in|by|due)\s+", "", value)
    for pattern in (MONTH_YEAR, NUMERIC_DATE, ISO_DATE):
        match = pattern.match(value)
        if not match:
            continue
        parts = match.groupdict()
        month = parts["month"]
        month_number = int(month) if month.isdigit() else MONTHS.get(month)
        if month_number is None:
            return None
        try:
            return datetime.date(int(parts["year"]), month_number, int(parts.get("day") or 1))
        except ValueError:
            return None
    return None


def word_count(text: str) -> int:
    return len(text.split())


def is_all_caps(text: str) -> bool:
    """Return whether ``text`` has at least two letters and none of them lower case."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def looks_like_heading(text: str) -> bool:
    """Return whether a line on its own could be a heading: short, capitalised, no closing punctuation.

    Lines naming a school or trust, and bare dates, are front matter, not headings.
    """
    if not text or word_count(text) > 9 or len(text) > 90 or text[-1] in TERMINAL_PUNCTUATION:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if parse_date(text) or names_organisation(text):
        return False
    return not (REVIEWED.match(text) or NEXT_REVIEW.match(text))


def names_organisation(text: str) -> bool:
    """Return whether ``text`` is a name such as "Preston Primary Academy Trust" (capitalised, ends School/Trust…)."""
    words = text.split()
    return text.lower().endswith(ORGANISATION_WORDS) and all(word[0].isupper() for word in words if len(word) > 3)


def classify_numbered_or_appendix(text: str) -> Heading | Clause | Appendix | None:
    """Recognise a numbered heading ("5.0 PRINCIPLES"), a clause ("5.1 You must…") or an appendix label.

    ``text`` is inline HTML. A numbered line is a heading when its words are in capitals,
    or its number ends in ".0" and it is short with no closing full stop; otherwise a
    clause. Returns None for any other line.
    """
    bare = plain(text)
    match = NUMBER.match(bare)
    if match:
        number, rest = match["number"], match["text"].strip()
        short = word_count(rest) <= 12 and rest[-1:] not in TERMINAL_PUNCTUATION
        if rest and ((is_all_caps(rest) and word_count(rest) <= 12) or (number.endswith(".0") and short)):
            return Heading(text=rest, number=number)
        return Clause(number=number, html=without_number(text, number))
    match = APPENDIX.match(bare)
    if match and word_count(bare) <= 12 and (not match["title"] or bare[-1] not in ".,;:"):
        return Appendix(label=match["label"], title=match["title"].strip())
    return None


def without_number(inline: str, number: str) -> str:
    """Return inline HTML ``inline`` with its leading clause ``number`` (and any empty tags left) removed."""
    rest = inline.replace(number, "", 1)
    rest = re.sub(r"<(b|i|strong|em)>\s*</\1>", "", rest)
    return re.sub(r"^\s*\.?\s*", "", rest)
