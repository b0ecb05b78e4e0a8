"""``import_policy`` against hostile and unusual files: each ends in one clear sentence, fast.

Every refusal is one line naming the file and the reason, and the command exits non-zero;
nothing is created. The time and memory figures are generous guards against the
minutes-long, out-of-memory runs these files used to cause (10 s, 512 MB), not targets.
"""

import time
import tracemalloc
import zipfile

import pytest
from django.db import connection

from policy.importers.readers import MAX_DOCX_ENTRIES, MAX_DOCX_UNPACKED_BYTES
from policy.models import SEARCH_INDEX_MAX_CHARACTERS, PolicyPage

from .test_import_command import DOCUMENT_XML, make_docx, run

pytestmark = pytest.mark.django_db

GUARD_SECONDS = 10
GUARD_BYTES = 512 * 1024 * 1024

BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>
</w:body></w:document>"""


def run_guarded(*args):
    """Run the command as ``run`` does; also return its elapsed seconds and peak traced memory in bytes."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        out, err, status = run(*args)
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return out, err, status, elapsed, peak


def assert_refused_in_one_sentence(err: str, status: int, path, reason: str) -> None:
    assert status != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    refusal = [line for line in lines if str(path) in line]
    assert len(refusal) == 1, lines
    assert reason in refusal[0]
    assert PolicyPage.objects.count() == 0


def assert_refused_within_the_guard(path, reason: str) -> None:
    """Import ``path``: refused in one sentence naming ``reason``, in under ``GUARD_SECONDS`` and ``GUARD_BYTES``."""
    _out, err, status, elapsed, peak = run_guarded(path)
    assert_refused_in_one_sentence(err, status, path, reason)
    assert elapsed < GUARD_SECONDS and peak < GUARD_BYTES


def zip_bomb(path):
    """A Word package whose document part unpacks to more than the limit (it compresses to a few hundred KB)."""
    make_docx(path)
    chunk = b"<w:t>" + b" " * (1024 * 1024 - 11) + b"</w:t>"
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/padding.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(MAX_DOCX_UNPACKED_BYTES // len(chunk) + 2):
            part.write(chunk)
    return path


def test_import_zip_bomb_docx_is_refused_before_unpacking(tmp_path, policy_index):
    """Previously a 2.4 MB .docx zip bomb ran for 86 s and died with MemoryError."""
    path = zip_bomb(tmp_path / "bomb.docx")
    assert path.stat().st_size < 2 * 1024 * 1024

    assert_refused_within_the_guard(path, "would unpack to")


def test_import_docx_with_too_many_parts_is_refused(tmp_path, policy_index):
    path = make_docx(tmp_path / "parts.docx")
    with zipfile.ZipFile(path, "a") as package:
        for number in range(MAX_DOCX_ENTRIES):
            package.writestr(f"word/media/{number}.bin", b"")

    out, err, status, elapsed, peak = run_guarded(path)

    assert_refused_in_one_sentence(err, status, path, f"{MAX_DOCX_ENTRIES + 3} parts inside")


def test_import_billion_laughs_docx_is_refused(tmp_path, policy_index):
    """Previously a "billion laughs" .docx (nested XML entities) died with a traceback."""
    path = make_docx(tmp_path / "laughs.docx", document_xml=BILLION_LAUGHS)

    assert_refused_within_the_guard(path, "document type or entity declarations (word/document.xml)")


def test_import_docx_with_an_entity_in_another_part_is_refused(tmp_path, policy_index):
    path = make_docx(tmp_path / "styles.docx")
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/styles.xml", '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x "y">]><s>&x;</s>')

    out, err, status = run(path)

    assert_refused_in_one_sentence(err, status, path, "(word/styles.xml)")


def test_import_docx_with_damaged_xml_is_refused_in_one_sentence(tmp_path, policy_index):
    damaged = DOCUMENT_XML.replace("</w:body></w:document>", "<w:p><w:r>")
    path = make_docx(tmp_path / "damaged.docx", document_xml=damaged)

    out, err, status = run(path)

    assert_refused_in_one_sentence(err, status, path, "the Word document could not be read")


def test_import_ordinary_docx_still_imports(tmp_path, policy_index):
    out, err, status = run(make_docx(tmp_path / "visitors.docx", document_xml=DOCUMENT_XML))
    assert status == 0, err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_import_utf16_text_with_byte_order_mark_is_read(tmp_path, policy_index, encoding):
    """Previously text saved as "Unicode" (UTF-16) by Notepad or Word was refused as binary."""
    path = tmp_path / "e-safety.txt"
    text = "Online Safety Policy\n\nReviewed: March 2025\n\n1.0 PURPOSE\n\n1.1 Pupils’ safety comes first — always.\n"
    if encoding == "utf-16-be":
        path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        path.write_bytes(text.encode(encoding))

    out, err, status = run(path)

    assert status == 0, err
    page = PolicyPage.objects.get(import_source="e-safety.txt").get_latest_revision_as_object()
    assert page.title == "Online Safety Policy"
    assert "Pupils’ safety comes first — always." in page.body_text_for_search_index()


def test_import_damaged_utf16_text_is_refused_in_one_sentence(tmp_path, policy_index):
    path = tmp_path / "damaged.txt"
    path.write_bytes(b"\xff\xfe" + "Policy".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate

    out, err, status = run(path)

    assert_refused_in_one_sentence(err, status, path, "says it is UTF-16 text but is damaged")


def long_policy_text(megabytes: int) -> str:
    """About ``megabytes`` MB of numbered clauses in which nearly every word is different."""
    lines = ["Very Long Retention Schedule", "", "1.0 RECORDS", ""]
    size, number = 0, 0
    while size < megabytes * 1024 * 1024:
        number += 1
        line = f"1.{number} " + " ".join(f"record{number}x{word}" for word in range(12)) + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def import_long_text(tmp_path, megabytes: int):
    path = tmp_path / "retention.txt"
    path.write_text(long_policy_text(megabytes))
    out, err, status = run(path)
    assert status == 0, err
    return PolicyPage.objects.get(import_source="retention.txt")


def test_import_long_text_keeps_the_full_text_and_indexes_the_first_part(tmp_path, policy_index):
    """The page keeps all its text; the search index receives at most SEARCH_INDEX_MAX_CHARACTERS."""
    page = import_long_text(tmp_path, 2).get_latest_revision_as_object()
    last_word = long_policy_text(2).rsplit(" ", 1)[-1].rstrip(".")
    assert last_word in str(page.body.raw_data)
    indexed = page.body_text_for_search_index()
    assert SEARCH_INDEX_MAX_CHARACTERS - 100 < len(indexed) <= SEARCH_INDEX_MAX_CHARACTERS
    assert "1.1 record1x0 record1x1" in indexed[:200]


@pytest.mark.postgres(reason="Needs PostgreSQL's tsvector limit (CI runs the suite on PostgreSQL)")
def test_import_20_mb_text_on_postgresql_is_indexed_and_searchable(tmp_path, policy_index):
    """Previously a 20 MB .txt (under the 50 MB limit) crashed with "string is too long for tsvector"."""
    assert connection.vendor == "postgresql"
    page = import_long_text(tmp_path, 20)
    page.get_latest_revision().publish()

    found = PolicyPage.objects.live().search("record1x5")
    assert [result.pk for result in found] == [page.pk]
