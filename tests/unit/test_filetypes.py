"""File types are decided by content against an allowlist; download names are made safe."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest

from shared.storage.filetypes import (
    PREFIX_BYTES,
    check,
    clean_filename,
    content_disposition,
    detect,
    extension_of,
    needs_full_object,
    safe_download_name,
)

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
HEIC = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00" * 32
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 50
    + b"This program cannot be run in DOS mode"
)


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def make_docx(extra: dict[str, bytes] | None = None) -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>',
            **(extra or {}),
        }
    )


def make_ole2(stream_names: list[str]) -> bytes:
    """A minimal compound file: header, one FAT sector (0), then the directory's sectors (1..n),
    chained through the FAT; each 512-byte sector holds four 128-byte directory entries."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    entries = [("Root Entry", 5)] + [(name, 2) for name in stream_names]
    sectors = -(-len(entries) // 4)
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    chain = [fat_sector] + [n + 1 for n in range(1, sectors)] + [end]
    fat = struct.pack("<128I", *chain, *([free] * (128 - len(chain))))
    directory = bytearray(512 * sectors)
    for index, (name, kind) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        offset = index * 128
        directory[offset : offset + len(encoded)] = encoded
        struct.pack_into("<HB", directory, offset + 64, len(encoded), kind)
    return bytes(header) + fat + bytes(directory)


DOCX = make_docx()
DOC = make_ole2(["WordDocument", "1Table"])


@pytest.mark.parametrize(
    ("data", "filename", "key", "mime"),
    [
        (PDF, "letter.pdf", "pdf", "application/pdf"),
        (
            DOCX,
            "report.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (DOC, "old report.DOC", "doc", "application/msword"),
        (
            make_ole2(["\x05SummaryInformation", "CompObj", "Data", "1Table", "ObjectPool", "WordDocument"]),
            "x.doc",
            "doc",
            "application/msword",
        ),
        (PNG, "photo.png", "png", "image/png"),
        (JPEG, "photo.jpg", "jpeg", "image/jpeg"),
        (JPEG, "photo.jpeg", "jpeg", "image/jpeg"),
        (GIF, "diagram.gif", "gif", "image/gif"),
        (HEIC, "IMG_0001.HEIC", "heic", "image/heic"),
        ("Notes: café, naïve – fine\n".encode(), "notes.txt", "txt", "text/plain"),
        (b"plain ascii\r\n", "notes.txt", "txt", "text/plain"),
    ],
)
def test_allowed_types_are_accepted_by_content(data, filename, key, mime):
    verdict = check(data, filename, object_size=len(data))
    assert verdict.accepted, verdict
    assert verdict.reason == "ok"
    assert verdict.detected.key == key
    assert verdict.detected.mime == mime
    assert not verdict.detected.mismatch


@pytest.mark.parametrize(
    ("data", "filename", "actual"),
    [
        (EXE, "invoice.pdf", "exe"),
        (EXE + DOCX, "setup.docx", "exe"),  # a self-extracting archive is still an executable
        (make_zip({"readme.txt": b"hello"}), "report.docx", "zip"),
        (
            make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            "report.docx",
            "zip",
        ),
        (make_docx({"word/vbaProject.bin": b"\x00" * 16}), "report.docx", "zip"),  # a .docm renamed
        (make_ole2(["Workbook"]), "budget.doc", "ole2"),  # an Excel 97 file is OLE2 too
        (b"notes\x00with a NUL", "notes.txt", "unknown"),
        (b"caf\xe9 in Latin-1", "notes.txt", "unknown"),
        (b"just some text", "letter.pdf", "unknown"),
        (PNG, "letter.pdf", "png"),
        (PDF, "notes.txt", "pdf"),
        (JPEG, "report.docx", "jpeg"),
    ],
)
def test_content_that_is_not_what_the_name_claims_is_spoofed(data, filename, actual):
    verdict = check(data, filename, object_size=len(data))
    assert not verdict.accepted
    assert verdict.reason == "spoofed"
    assert verdict.actual == actual
    assert verdict.message.startswith("The selected file is not a real ")


def test_a_mislabelled_file_of_the_same_family_is_accepted_and_flagged():
    verdict = check(PNG, "photo.jpg")
    assert verdict.accepted
    assert verdict.detected.mime == "image/png"
    assert verdict.detected.extension == "png"
    assert verdict.detected.mismatch

    assert check(DOC, "report.docx", object_size=len(DOC)).detected.key == "doc"


@pytest.mark.parametrize(
    "filename", ["setup.exe", "archive.zip", "page.html", "script.js", "noextension", ".pdf"]
)
def test_extensions_outside_the_allowlist_are_refused(filename):
    verdict = check(PDF, filename)
    assert not verdict.accepted
    assert verdict.reason == "extension_not_allowed"
    assert verdict.message.startswith("The selected file must be a PDF")


def test_an_empty_file_is_refused():
    assert check(b"", "letter.pdf", object_size=0).reason == "empty"


def test_text_is_only_recognised_for_txt_names():
    assert detect(b"hello", "notes.txt").key == "txt"
    assert detect(b"<html><script>alert(1)</script>", "page.pdf") is None


def test_word_and_text_need_the_whole_object():
    assert needs_full_object("report.docx")
    assert needs_full_object("OLD.DOC")
    assert needs_full_object("txt")
    assert not needs_full_object("letter.pdf")
    assert not needs_full_object("photo.jpg")
    big = make_docx({"word/media/image1.png": os.urandom(4 * PREFIX_BYTES)})
    with pytest.raises(ValueError, match="whole object"):
        check(big[:PREFIX_BYTES], "report.docx", object_size=len(big))
    # A prefix is enough for the types known from their first bytes.
    assert check(PDF[:10], "letter.pdf", object_size=10_000).accepted


def test_extension_of():
    assert extension_of("Letter.PDF") == "pdf"
    assert extension_of("a/b\\c.tar.gz") == "gz"
    assert extension_of(".bashrc") == ""
    assert extension_of("trailing.pdf. ") == "pdf"
    assert extension_of("") == ""


# --- Download names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("C:\\Users\\Parent\\My Report.PDF", "My Report.PDF"),
        ("quote\"d 'name'.pdf", "quote_d _name.pdf"),
        ("line\r\nX-Injected: 1.pdf", "line X-Injected_ 1.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # the right-to-left override is removed
        ("résumé – final.docx", "resume final.docx"),
        ("报告.pdf", "download.pdf"),
        ("..", "download"),
        ("   ", "download"),
        ("CON.txt", "download-CON.txt"),
    ],
)
def test_safe_download_name(name, expected):
    safe = safe_download_name(name)
    assert safe == expected
    assert safe.isascii()
    assert not any(ch in safe for ch in '"\\/\r\n;')


def test_long_names_keep_their_extension():
    safe = safe_download_name("a" * 400 + ".pdf")
    assert len(safe) <= 150
    assert safe.endswith(".pdf")


def test_clean_filename_keeps_unicode_but_drops_paths_controls_and_quotes():
    assert clean_filename('../docs/报告\t"final".pdf') == "报告 _final.pdf"


def test_content_disposition_has_an_ascii_fallback_and_rfc5987_utf8_name():
    value = content_disposition('../Résumé "2024" v2.pdf')
    assert (
        value
        == "attachment; filename=\"Resume _2024_ v2.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_2024_%20v2.pdf"
    )
    assert value.isascii()
    assert content_disposition("plan.pdf", inline=True).startswith("inline; ")
    assert "\n" not in content_disposition("a\nb.pdf")
