"""Read Word (.docx) policies: mammoth turns the document into simple HTML, read here into elements.

Word heading styles become headings (Heading 1 may be the title); paragraphs are then
recognised like lines of a text export (numbered clauses, appendix labels); Word lists
and tables keep their structure. Images cannot be placed and are reported.
"""

import mammoth
from bs4 import BeautifulSoup, NavigableString, Tag

from .document import Appendix, BulletList, Element, Heading, ListItem, Paragraph, Table
from .text import classify_numbered_or_appendix, clean, inline_html, is_all_caps, plain

INLINE_TAGS = {"strong": "b", "b": "b", "em": "i", "i": "i"}


def inline_from_tag(tag: Tag) -> str:
    """Return the inline HTML of ``tag``'s content: text, bold, italic and links; other markup dropped."""
    parts = []
    for child in tag.children:
        if isinstance(child, NavigableString):
            parts.append(inline_html(str(child)) if str(child).strip() else " ")
        elif child.name in INLINE_TAGS:
            inner = inline_from_tag(child).strip()
            if inner:
                parts.append(f"<{INLINE_TAGS[child.name]}>{inner}</{INLINE_TAGS[child.name]}>")
        elif child.name == "a" and child.get("href", "").startswith(("http://", "https://", "mailto:")):
            inner = inline_from_tag(child).strip()
            parts.append(f'<a href="{child["href"]}">{inner}</a>' if inner else "")
        elif child.name in {"ul", "ol", "table"}:
            continue
        else:
            parts.append(" " + inline_from_tag(child) + " ")
    return " ".join("".join(parts).split()).replace(" </", "</")


def list_from_tag(tag: Tag) -> BulletList:
    """Return a Word list; items of a list nested one level down become sub-items (deeper levels flattened)."""
    items = []
    for item in tag.find_all("li", recursive=False):
        children = [
            inline_from_tag(sub)
            for nested in item.find_all(["ul", "ol"], recursive=False)
            for sub in nested.find_all("li")
        ]
        items.append(ListItem(html=inline_from_tag(item), children=[child for child in children if child]))
    return BulletList(items=items, ordered=tag.name == "ol")


def table_from_tag(tag: Tag) -> Table:
    rows = [[inline_from_tag(cell) for cell in row.find_all(["td", "th"])] for row in tag.find_all("tr")]
    return Table(rows=[row for row in rows if any(row)], header=tag.find("th") is not None)


def elements_from_html(html: str) -> tuple[list[Element], int]:
    """Return the elements of mammoth's HTML, and how many images were left out."""
    soup = BeautifulSoup(html, "html.parser")
    elements: list[Element] = []
    for tag in soup.children:
        if not isinstance(tag, Tag):
            if clean(str(tag)):
                elements.append(Paragraph(html=inline_html(str(tag))))
            continue
        if tag.name in {"ul", "ol"}:
            elements.append(list_from_tag(tag))
        elif tag.name == "table":
            elements.append(table_from_tag(tag))
        elif tag.name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = clean(tag.get_text(" "))
            if not text:
                continue
            found = classify_numbered_or_appendix(inline_html(text))
            level = min(int(tag.name[1]) - 1, 2)
            if isinstance(found, Heading):
                found.level = level
                elements.append(found)
            elif isinstance(found, Appendix):
                elements.append(found)
            else:
                elements.append(Heading(text=text, level=level))
        else:
            inline = inline_from_tag(tag)
            if not plain(inline):
                continue
            found = classify_numbered_or_appendix(inline)
            if found is None and is_all_caps(plain(inline)) and len(plain(inline).split()) <= 12:
                found = Heading(text=plain(inline))
            elements.append(found or Paragraph(html=inline))
    return elements, len(soup.find_all("img"))


def read_docx(file) -> tuple[list[Element], list[str]]:
    """Return the elements of an open .docx ``file`` and warnings (mammoth's messages, images left out)."""
    result = mammoth.convert_to_html(file)
    elements, images = elements_from_html(result.value)
    warnings = [f"Word conversion: {message.message}" for message in result.messages if message.type == "warning"]
    if images:
        warnings.append(f"{images} image(s) could not be imported; add them to the page by hand.")
    return elements, warnings
