"""Zip bombs for tests, built in memory in well under a second.

A deflate stream of zeros is made once for 1 MiB and its bytes repeated: after a full flush a
deflate block refers to nothing before it, so n copies followed by an empty final block are a
valid stream of n MiB of zeros (about 1 KB per MiB). The archives are written by hand because
zipfile would compress every byte itself.
"""

from __future__ import annotations

import struct
import zlib

MIB = 1024 * 1024
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1 January 1980


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zeros_member(mebibytes: int) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MIB)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return block * mebibytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush(), crc, mebibytes * MIB


def build_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already-deflated members: (name, deflated bytes, crc32, uncompressed size)."""
    body, directory = bytearray(), bytearray()
    for name, deflated, crc, size in members:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, _DOS_DATE, crc, len(deflated), size,
                            len(encoded), 0) + encoded + deflated
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, _DOS_DATE, crc, len(deflated),
                                 size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return bytes(body + directory + end)


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return name, _raw_deflate(data), zlib.crc32(data), len(data)


def _docx_parts() -> list[tuple[str, bytes, int, int]]:
    return [
        _member("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                       b'package/2006/content-types"/>'),
        _member("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
        _member("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>'),
    ]


def docx_bomb(mebibytes: int = 300) -> bytes:
    """A Word-document-shaped zip with one member of `mebibytes` MiB of zeros (about 1 KB a MiB)."""
    return build_zip([*_docx_parts(), ("word/media/image1.png", *_zeros_member(mebibytes))])


def nested_docx_bomb(mebibytes: int = 2048) -> bytes:
    """A Word-document-shaped zip holding a zip of `mebibytes` MiB of zeros: a few KB on disk."""
    inner = build_zip([("zeros.bin", *_zeros_member(mebibytes))])
    return build_zip([*_docx_parts(), _member("word/embeddings/Chart.xlsx", inner)])


def docx_with(members: dict[str, bytes]) -> bytes:
    """A small, ordinary Word-document-shaped zip with extra members."""
    return build_zip([*_docx_parts(), *(_member(name, data) for name, data in members.items())])
