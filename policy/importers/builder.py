"""Turn a parsed document into ``PolicyPage.body`` StreamField data (the raw JSON form).

Headings start sections, appendix labels start appendices (headings inside an appendix
start its own sections), and everything else goes into the section or appendix it
follows, or before the first section at the top of the body.
"""

import uuid

from .document import Appendix, BulletList, Clause, Element, Heading, Paragraph, ParsedDocument, Table
from .text import plain

HEADING_MAX_LENGTH = 250


def block(block_type: str, value) -> dict:
    """Return one StreamField child in raw form, with a fresh id."""
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def rich_text(inline: str) -> str:
    return f"<p>{inline}</p>"


def list_value(element: BulletList) -> dict:
    items = [
        block(
            "item",
            {
                "text": rich_text(item.html),
                "sub_items": [block("item", rich_text(child)) for child in item.children],
            },
        )
        for item in element.items
    ]
    return {"style": "numbered" if element.ordered else "bulleted", "items": items}


def table_value(element: Table) -> dict:
    width = max((len(row) for row in element.rows), default=1)
    data = [list(row) + [""] * (width - len(row)) for row in element.rows] or [[""]]
    return {
        "caption": "",
        "table": {
            "data": data,
            "first_row_is_table_header": element.header,
            "first_col_is_header": False,
            "table_caption": "",
            "cell": [],
            "mergeCells": [],
        },
    }


def content_block(element: Element) -> dict:
    """Return the block for a clause, paragraph, list or table."""
    if isinstance(element, Clause):
        return block("clause", {"number": element.number, "text": rich_text(element.html)})
    if isinstance(element, BulletList):
        return block("list", list_value(element))
    if isinstance(element, Table):
        return block("table", table_value(element))
    return block("paragraph", rich_text(element.html))


def section_block(heading: Heading) -> dict:
    return block("section", {"number": heading.number, "heading": heading.text, "content": []})


def build_body(document: ParsedDocument) -> list[dict]:
    """Return the StreamField data for ``document``'s elements, every element placed once, in order.

    A sub-heading, or an unnumbered heading straight after another heading, becomes a
    sub-heading inside the current section rather than an empty section of its own.
    """
    body: list[dict] = []
    appendix: dict | None = None
    section: dict | None = None
    section_is_empty = False

    for element in document.elements:
        if isinstance(element, Heading) and len(element.text) > HEADING_MAX_LENGTH:
            element = Paragraph(html=" ".join(filter(None, [element.number, element.text])))
        if isinstance(element, Appendix):
            appendix = block("appendix", {"number": element.label, "heading": element.title, "content": []})
            body.append(appendix)
            section, section_is_empty = None, False
        elif isinstance(element, Heading):
            is_sub = element.level == 2 or (section_is_empty and not element.number)
            if section is not None and is_sub:
                section["value"]["content"].append(block("subheading", {"text": element.text}))
                section_is_empty = False
                continue
            section = section_block(element)
            (appendix["value"]["content"] if appendix else body).append(section)
            section_is_empty = True
        else:
            if isinstance(element, Paragraph) and appendix and not appendix["value"]["heading"] and section is None:
                # The line after a bare "Appendix A" label is usually its title, unless it introduces a list.
                text = plain(element.html)
                if len(text.split()) <= 15 and not text.endswith(":") and not appendix["value"]["content"]:
                    appendix["value"]["heading"] = text
                    continue
            container = section["value"]["content"] if section else appendix["value"]["content"] if appendix else body
            container.append(content_block(element))
            section_is_empty = False
    return body
