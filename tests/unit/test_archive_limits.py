"""A zip that would unpack to far more than its size is refused from its directory alone."""

from __future__ import annotations

import gzip
import io
import os
import time
import zipfile

import pytest

from shared.storage._containers import ZipLimits, zip_expansion_problem
from shared.storage.filetypes import EXPANDS_MESSAGE, EXPANDS_TOO_MUCH, check
from tests.zip_bombs import docx_bomb, docx_with, nested_docx_bomb


def test_a_bomb_named_docx_is_refused_with_a_plain_message():
    bomb = docx_bomb(300)  # about 300 KB that unpacks to 300 MiB
    assert len(bomb) < 400_000

    verdict = check(bomb, "Speech therapy report.docx")

    assert not verdict.accepted
    assert verdict.reason == EXPANDS_TOO_MUCH
    assert verdict.message == EXPANDS_MESSAGE
    assert "expands to much more than its size" in verdict.message


def test_a_bomb_nested_in_an_embedded_document_is_refused_quickly():
    bomb = nested_docx_bomb(2048)  # a few KB that unpack to 2 GiB
    assert len(bomb) < 20_000

    started = time.monotonic()
    verdict = check(bomb, "report.docx")

    assert verdict.reason == EXPANDS_TOO_MUCH
    assert time.monotonic() - started < 1  # the 2 GiB were never unpacked


def test_an_ordinary_word_document_with_an_embedded_spreadsheet_is_accepted():
    spreadsheet = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>" * 50})
    document = docx_with({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": spreadsheet,
                          "word/media/image1.png": bytes(range(256)) * 4000})

    verdict = check(document, "report.docx")

    assert verdict.accepted, verdict


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


LIMITS = ZipLimits(max_total_bytes=10_000_000, max_members=20, max_ratio=50, ratio_applies_above=100_000,
                   max_nested_bytes=50_000)


@pytest.mark.parametrize(
    ("members", "problem"),
    [
        ({f"word/part{i}.xml": b"<p/>" for i in range(21)}, "too_many_members"),
        ({"word/a.xml": bytes(range(256)) * 24_000, "word/b.xml": bytes(range(256)) * 24_000},
         "too_large_when_opened"),
        ({"word/document.xml": b"<w:p/>" * 40_000}, "compression_ratio"),  # 240 KB of repeats
        ({"word/media/photo.gz": gzip.compress(b"<p/>")}, "nested_archive"),
        ({"word/embeddings/a.xlsx": _zip({"inner.zip": _zip({"x": b"x"})})}, "nested_archive"),
        ({"word/embeddings/a.xlsx": _zip({"x": os.urandom(60_000)})}, "nested_archive"),  # over 50 KB
        ({"word/document.xml": b"<w:p/>" * 100, "word/media/a.png": bytes(range(256)) * 100}, None),
    ],
)
def test_each_limit(members, problem):
    assert zip_expansion_problem(_zip(members), LIMITS) == problem


def test_a_member_that_is_itself_a_zip_is_found_by_content_not_name():
    hidden = _zip({"word/media/image1.png": _zip({"x": b"x"}), "word/media/image2.png": _zip({"y": b"y"})})
    assert zip_expansion_problem(hidden, LIMITS) is None  # one level, small: an embedded document
    assert zip_expansion_problem(_zip({"word/media/image1.png": hidden}), LIMITS) == "nested_archive"


def test_an_ordinary_docx_is_not_refused():
    assert check(docx_with({"word/styles.xml": b"<w:styles/>"}), "letter.docx").accepted
