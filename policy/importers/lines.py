"""Read plain-text and Markdown policy exports line by line into document elements.

Each non-blank line is one unit: a heading, an appendix label, a numbered clause, a list
item, a table row or a paragraph, except that a sentence an export broke across two
lines is joined again (``continues_sentence``): the next line follows with no blank line
between, the first stops without closing punctuation, and the next starts in lower case
(after an opening quote or bracket, if any). Nothing is dropped.
"""

import re
from dataclasses import dataclass

from .document import Appendix, BulletList, Clause, Element, Heading, ListItem, Paragraph, Table
from .text import (
    classify_numbered_or_appendix,
    clean,
    inline_html,
    is_all_caps,
    looks_like_heading,
    plain,
    word_count,
)

BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*•·–▪●◦]|\u00b7)\s+(?P<text>\S.*)$")
ORDERED = re.compile(r"^(?P<indent>\s*)\d{1,2}[.)]\s+(?P<text>\S.*)$")
MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass
class Line:
    """One line of the source: its raw form, cleaned text, and whether blank lines surround it."""

    raw: str
    text: str
    blank_before: bool
    blank_after: bool


def split_lines(source: str) -> list[Line]:
    """Return the non-blank lines of ``source`` with their surroundings noted."""
    raw_lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned = [clean(raw) for raw in raw_lines]
    lines = []
    for index, (raw, text) in enumerate(zip(raw_lines, cleaned, strict=True)):
        if not text:
            continue
        before = index == 0 or not cleaned[index - 1]
        after = index == len(cleaned) - 1 or not cleaned[index + 1]
        lines.append(Line(raw=raw, text=text, blank_before=before, blank_after=after))
    return lines


def table_cells(row: str) -> list[str]:
    return [inline_html(cell) for cell in row.strip().strip("|").split("|")]


def parse_lines(source: str, *, markdown: bool) -> list[Element]:
    """Return the elements of a plain-text or Markdown ``source`` in reading order.

    Markdown ``#`` headings are used when present; otherwise a short capitalised line
    standing alone between blank lines, or a line in capitals, is a heading. Lines
    starting ``-``, ``*``, ``•`` or ``·`` are bullet points (indented ones belong to the
    point above); ``| a | b |`` rows are tables.
    """
    lines = split_lines(source)
    has_markdown_headings = markdown and any(MARKDOWN_HEADING.match(line.text) for line in lines)
    elements: list[Element] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if TABLE_ROW.match(line.raw):
            rows, header = [], False
            while index < len(lines) and TABLE_ROW.match(lines[index].raw):
                if TABLE_SEPARATOR.match(lines[index].raw):
                    header = header or len(rows) == 1
                else:
                    rows.append(table_cells(lines[index].raw))
                index += 1
            elements.append(Table(rows=rows, header=header))
            continue
        bullet = BULLET.match(line.raw) or ORDERED.match(line.raw)
        if bullet:
            add_list_item(elements, bullet, ordered=BULLET.match(line.raw) is None)
            index += 1
            continue
        element = classify_line(line, markdown_headings=has_markdown_headings)
        previous = elements[-1] if elements else None
        if isinstance(element, Paragraph) and continues_sentence(previous, line):
            previous.html = f"{previous.html.rstrip()} {element.html.lstrip()}"
        else:
            elements.append(element)
        index += 1
    return elements


SENTENCE_END = ".!?:;"
CONTINUATION_START = re.compile(r"^[\s'\"‘“(\[]*[a-z]")


def continues_sentence(previous: Element | None, line: Line) -> bool:
    """Whether ``line`` carries on the sentence of the paragraph or clause ``previous`` (see the module's rule)."""
    if line.blank_before or not isinstance(previous, (Paragraph, Clause)):
        return False
    before = plain(previous.html).rstrip()
    return bool(before) and before[-1] not in SENTENCE_END and bool(CONTINUATION_START.match(line.text))


def add_list_item(elements: list[Element], match: re.Match, *, ordered: bool) -> None:
    """Append a list item to the list just before it, or start a list; indented items nest."""
    text = inline_html(match["text"])
    previous = elements[-1] if elements else None
    if isinstance(previous, BulletList) and previous.ordered == ordered:
        if match["indent"] and previous.items:
            previous.items[-1].children.append(text)
        else:
            previous.items.append(ListItem(html=text))
        return
    elements.append(BulletList(items=[ListItem(html=text)], ordered=ordered))


def classify_line(line: Line, *, markdown_headings: bool) -> Element:
    """Return the element one non-list line stands for (see ``parse_lines`` for the rules)."""
    heading = MARKDOWN_HEADING.match(line.text)
    if heading:
        # "#" may be the title (level 0), "##" a section, "###" and below a sub-heading.
        level = min(len(heading["hashes"]) - 1, 2)
        text = clean(heading["text"])
        found = classify_numbered_or_appendix(inline_html(text))
        if isinstance(found, Appendix):
            return found
        if isinstance(found, Heading):
            found.level = level
            return found
        return Heading(text=text, level=level)
    html = inline_html(line.text)
    found = classify_numbered_or_appendix(html)
    if found is not None:
        return found
    text = clean(line.text.replace("**", ""))
    if not markdown_headings:
        if is_all_caps(text) and word_count(text) <= 12 and looks_like_heading(text.title()):
            return Heading(text=text)
        if line.blank_before and line.blank_after and looks_like_heading(text):
            return Heading(text=text)
    return Paragraph(html=html)
