"""Open one policy file, check it is something we can read, and parse it with the right reader.

Files come from outside the trust (exported from Word, emailed, downloaded), so each is
checked before it is parsed: a .docx package must not unpack to more than
``MAX_DOCX_UNPACKED_BYTES`` or hold more than ``MAX_DOCX_ENTRIES`` parts (a "zip bomb"
of a few megabytes otherwise ran for minutes and ran out of memory), and its XML parts
must not declare a DTD or entities (Word never writes them; the "billion laughs" attack
uses them to expand a few kilobytes into gigabytes).
"""

import codecs
import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .category import find_category
from .document import ParsedDocument
from .docx import read_docx
from .lines import parse_lines
from .metadata import find_details, find_title

MAX_FILE_BYTES = 50 * 1024 * 1024
# Generous for real policies (text plus a few photographs), far below what hurts the server.
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_DOCX_ENTRIES = 1000
# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
SUPPORTED_EXTENSIONS = (".docx", ".md", ".markdown", ".txt")


class PolicyImportError(Exception):
    """A file that cannot be imported; the message says why, in words for the person importing."""


def check_file(path: Path) -> None:
    """Raise ``PolicyImportError`` unless ``path`` is an existing, non-empty, supported file under 50 MB."""
    if path.suffix.lower() not in SUPPORTED_EXTENSIONS:
        raise PolicyImportError(
            f"“{path.suffix or 'no extension'}” files are not supported; "
            f"save the policy as {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    if not path.exists():
        raise PolicyImportError("the file does not exist.")
    if not path.is_file():
        raise PolicyImportError("this is not a file (is it a folder?).")
    size = path.stat().st_size
    if size == 0:
        raise PolicyImportError("the file is empty.")
    if size > MAX_FILE_BYTES:
        raise PolicyImportError(f"the file is {size / 1024 / 1024:.0f} MB; the limit is 50 MB.")


def check_docx_package(path: Path) -> None:
    """Raise ``PolicyImportError`` unless ``path`` is a Word package that is safe to unpack and parse.

    Checks, from the zip's table of contents and before anything is decompressed, that it
    has ``word/document.xml``, at most ``MAX_DOCX_ENTRIES`` parts and at most
    ``MAX_DOCX_UNPACKED_BYTES`` unpacked (Python's zipfile never unpacks more than a part
    declares). Then checks that no XML part declares a DTD or entities (defusedxml stops at
    the declaration, so a hostile part is refused in milliseconds).
    """
    if not zipfile.is_zipfile(path):
        raise PolicyImportError("this .docx file is not a Word document (it is not a zip package).")
    with zipfile.ZipFile(path) as package:
        parts = package.infolist()
        if "word/document.xml" not in {part.filename for part in parts}:
            raise PolicyImportError("this .docx file is a zip package but has no Word document inside.")
        if len(parts) > MAX_DOCX_ENTRIES:
            raise PolicyImportError(
                f"this .docx file has {len(parts)} parts inside; a Word document has far fewer than "
                f"{MAX_DOCX_ENTRIES}, so it was not opened."
            )
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise PolicyImportError(
                f"this .docx file would unpack to {unpacked / 1024 / 1024:,.0f} MB; the limit is "
                f"{MAX_DOCX_UNPACKED_BYTES // 1024 // 1024} MB, so it was not opened."
            )
        for part in parts:
            if part.filename.lower().endswith((".xml", ".rels")):
                check_xml_part(package, part)


def check_xml_part(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Raise ``PolicyImportError`` if the XML ``part`` of ``package`` declares a DTD or entities.

    Parses only up to the first element: a DTD can only come before it.
    """
    with package.open(part) as stream:
        try:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                break
        except DefusedXmlException:
            raise PolicyImportError(
                f"this .docx file contains XML with a document type or entity declarations ({part.filename}), "
                "which Word never writes; it was not opened."
            ) from None
        except SyntaxError as exc:  # xml.etree's ParseError
            raise PolicyImportError(f"this .docx file has a damaged part ({part.filename}: {exc}).") from None


def decode_with_byte_order_mark(data: bytes) -> str | None:
    """Return ``data`` decoded by the encoding its byte-order mark names, or None if it has no mark.

    Notepad and Word save "Unicode" text as UTF-16 with a mark; UTF-8 and UTF-32 marks are
    read too. Raises ``PolicyImportError`` if the bytes after the mark are not valid in it.
    """
    for mark, codec, name in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(codec)
            except UnicodeDecodeError:
                raise PolicyImportError(
                    f"the file says it is {name} text but is damaged; export the policy as text again."
                ) from None
    return None


def read_text_file(path: Path, warnings: list[str]) -> str:
    """Return the text of ``path``: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8,
    else Windows-1252 (with a warning) for older exports.

    Raises ``PolicyImportError`` for binary data (a NUL byte in the first 4 KB of a file
    without a byte-order mark).
    """
    data = path.read_bytes()
    marked = decode_with_byte_order_mark(data)
    if marked is not None:
        return marked
    if b"\x00" in data[:4096]:
        raise PolicyImportError("the file is not text (it contains binary data); export the policy as text again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append("The file is not UTF-8; it was read as Windows-1252. Check accented letters and quotes.")
        return data.decode("cp1252", errors="replace")


def read_document(path: Path) -> ParsedDocument:
    """Return the parsed content of the policy file at ``path``.

    Raises ``PolicyImportError`` for an unsupported extension, a missing, unreadable or
    empty file, a file over 50 MB (``MAX_FILE_BYTES``), a .docx that is not really a
    Word document or is unsafe to unpack (see ``check_docx_package``), or a file with no
    text in it.
    """
    path = Path(path)
    check_file(path)
    document = ParsedDocument(source_name=path.name)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            check_docx_package(path)
            with path.open("rb") as file:
                document.elements, document.warnings = read_docx(file)
        else:
            text = read_text_file(path, document.warnings)
            document.elements = parse_lines(text, markdown=suffix in (".md", ".markdown"))
    except PolicyImportError:
        raise
    except OSError as exc:
        raise PolicyImportError(f"the file could not be read ({exc.strerror or exc}).") from exc
    except (ValueError, KeyError, zipfile.BadZipFile, ExpatError, EOFError, NotImplementedError) as exc:
        # Damaged XML, a truncated or unusually compressed package.
        raise PolicyImportError(f"the Word document could not be read ({exc}).") from exc
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required for extraction"
        raise PolicyImportError(f"the Word document could not be opened ({exc}); save it without a password.") from exc
    if not document.elements:
        raise PolicyImportError("the file has no text in it.")
    find_title(document, path)
    find_details(document)
    find_category(document)
    return document
