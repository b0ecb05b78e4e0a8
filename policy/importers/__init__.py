"""Turn policy documents exported from Word, Markdown or plain text into PolicyPage content.

``read_document(path)`` picks the reader for the file's format and returns a
``ParsedDocument`` (title, review dates, lead, and the text as headings, clauses,
paragraphs, lists and tables, in the source's order); ``build_body(document)`` turns that
into StreamField data for ``PolicyPage.body``. Nothing is dropped: text that fits no
structure becomes a paragraph where it stood.
"""

from .builder import build_body
from .document import ParsedDocument
from .readers import MAX_FILE_BYTES, SUPPORTED_EXTENSIONS, PolicyImportError, read_document

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_EXTENSIONS",
    "ParsedDocument",
    "PolicyImportError",
    "build_body",
    "read_document",
]
