"""Open one policy file, check it is something we can read, and parse it with the right reader."""

import zipfile
from pathlib import Path

from .document import ParsedDocument
from .docx import read_docx
from .lines import parse_lines
from .metadata import find_details, find_title

MAX_FILE_BYTES = 50 * 1024 * 1024
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


def read_text_file(path: Path, warnings: list[str]) -> str:
    """Return the text of ``path``: UTF-8, or Windows-1252 (with a warning) for older exports."""
    data = path.read_bytes()
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
    Word document, or a file with no text in it.
    """
    path = Path(path)
    check_file(path)
    document = ParsedDocument(source_name=path.name)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            if not zipfile.is_zipfile(path):
                raise PolicyImportError("this .docx file is not a Word document (it is not a zip package).")
            with zipfile.ZipFile(path) as package:
                if "word/document.xml" not in package.namelist():
                    raise PolicyImportError("this .docx file is a zip package but has no Word document inside.")
            with path.open("rb") as file:
                document.elements, document.warnings = read_docx(file)
        else:
            text = read_text_file(path, document.warnings)
            document.elements = parse_lines(text, markdown=suffix in (".md", ".markdown"))
    except PolicyImportError:
        raise
    except OSError as exc:
        raise PolicyImportError(f"the file could not be read ({exc.strerror or exc}).") from exc
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise PolicyImportError(f"the Word document could not be read ({exc}).") from exc
    if not document.elements:
        raise PolicyImportError("the file has no text in it.")
    find_title(document, path)
    find_details(document)
    return document
