"""Read the table of contents of the two container formats Word uses, from bytes in memory.

Word documents are containers: a .docx is a zip archive and a legacy .doc is an OLE2 "compound
file". A container's magic number says only "zip" or "OLE2" (an .xlsx, a .jar or an .msi has the
same one), so deciding that a file really is a Word document means reading the container's own
directory. Neither reader decompresses or extracts anything: they only list names, so a hostile
archive costs no more than its size.

`zip_expansion_problem` decides, from the zip's central directory, whether an archive would
expand to far more than its size when opened (a "zip bomb"): it reads the declared sizes, and at
most the first bytes of each member to recognise an archive inside the archive.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_ENDOFCHAIN = 0xFFFFFFFE
_MAX_SECTOR_ID = 0xFFFFFFFA
_DIR_ENTRY_SIZE = 128
_MAX_DIRECTORY_SECTORS = 4096


class ContainerError(ValueError):
    """The bytes are not a readable container of the expected kind."""


def zip_names(data: bytes) -> set[str]:
    """Return the member names in a zip archive's central directory.

    The archive must start with a local file header: zipfile alone also accepts an archive with
    other bytes in front of it (a self-extracting .exe, for one), which is exactly the polyglot a
    content check has to refuse.
    """
    if not data.startswith(ZIP_MAGIC):
        raise ContainerError("not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise ContainerError(f"unreadable zip archive: {exc}") from exc


@dataclass(frozen=True)
class ZipLimits:
    """How far a zip-based upload may expand. A real Word document is a few dozen to a few
    hundred members of XML and images: its XML compresses about 5 to 20 times, its images
    hardly at all. The total is kept below clamd's MaxScanSize (400 MB, see devstack/clamav.py
    and the README) so that whatever this check lets through, clamd scans in full."""

    max_total_bytes: int = 200 * 1024 * 1024
    max_members: int = 1000
    max_ratio: int = 100
    #: Small members may compress better than max_ratio without costing anything to open.
    ratio_applies_above: int = 1024 * 1024
    #: A Word document may embed one Office document (a chart's spreadsheet is an .xlsx inside
    #: the .docx); it is read into memory to be checked with the same limits, so it is capped.
    max_nested_bytes: int = 20 * 1024 * 1024


DEFAULT_ZIP_LIMITS = ZipLimits()

# The first bytes of archive and compressed formats: zip, gzip, bzip2, xz, 7-Zip, RAR, CAB, zstd.
_ARCHIVE_MAGICS = (ZIP_MAGIC, b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
                   b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"MSCF", b"\x28\xb5\x2f\xfd")


def _opened(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """At most `size` bytes of one member, decompressed. zipfile stops at the member's declared
    size, so a member that lies about its size cannot make this read more."""
    with archive.open(info) as member:
        return member.read(size)


def _problem(data: bytes, limits: ZipLimits, depth: int) -> tuple[str | None, int]:
    """(what is wrong or None, the declared uncompressed total including one nested level)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_members:
            return "too_many_members", 0
        total = sum(info.file_size for info in members)
        if total > limits.max_total_bytes:
            return "too_large_when_opened", total
        for info in members:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.ratio_applies_above and ratio > limits.max_ratio:
                return "compression_ratio", total
            head = _opened(archive, info, 8)
            if not head.startswith(_ARCHIVE_MAGICS):
                continue
            if depth > 0 or not head.startswith(ZIP_MAGIC) or info.file_size > limits.max_nested_bytes:
                return "nested_archive", total
            inner_problem, inner_total = _problem(_opened(archive, info, info.file_size), limits, depth + 1)
            if inner_problem:
                return inner_problem, total
            total += inner_total
            if total > limits.max_total_bytes:
                return "too_large_when_opened", total
        return None, total


def zip_expansion_problem(data: bytes, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> str | None:
    """Why this zip must not be opened, or None when it is within `limits`.

    Reads the central directory's declared sizes, never extracting the members: more members
    than `max_members`, a declared total past `max_total_bytes`, or a member compressed more
    than `max_ratio` times. An archive inside the archive is refused, except one zip (an
    embedded Office document) no larger than `max_nested_bytes`, which is itself checked with
    the same limits and may hold no archive; its expansion counts towards the total.
    Returns a stable code: too_many_members, too_large_when_opened, compression_ratio,
    nested_archive. Raises ContainerError for an unreadable archive.
    """
    if not data.startswith(ZIP_MAGIC):
        raise ContainerError("not a zip archive")
    try:
        return _problem(data, limits, 0)[0]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, RuntimeError,
            NotImplementedError, OSError) as exc:
        raise ContainerError(f"unreadable zip archive: {exc}") from exc


class _CompoundFile:
    """Just enough of [MS-CFB] to walk the FAT and read the directory stream."""

    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(OLE2_MAGIC):
            raise ContainerError("not an OLE2 compound file")
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):
            raise ContainerError("unsupported OLE2 sector size")
        self.data = data
        self.sector_size = 1 << shift
        self.first_directory_sector = struct.unpack_from("<I", data, 48)[0]
        self.fat_sectors = self._fat_sector_ids()

    def _sector(self, sector_id: int) -> bytes:
        if sector_id > _MAX_SECTOR_ID:
            raise ContainerError("bad sector id")
        start = (sector_id + 1) * self.sector_size
        if start + self.sector_size > len(self.data):
            raise ContainerError("sector beyond the end of the data")
        return self.data[start : start + self.sector_size]

    def _fat_sector_ids(self) -> list[int]:
        """The FAT's own sectors: 109 listed in the header, the rest in a DIFAT sector chain."""
        ids = list(struct.unpack_from("<109I", self.data, 76))
        next_difat = struct.unpack_from("<I", self.data, 68)[0]
        per_sector = self.sector_size // 4 - 1
        for _ in range(_MAX_DIRECTORY_SECTORS):
            if next_difat > _MAX_SECTOR_ID:
                break
            entries = struct.unpack(f"<{per_sector + 1}I", self._sector(next_difat))
            ids.extend(entries[:per_sector])
            next_difat = entries[per_sector]
        return [i for i in ids if i <= _MAX_SECTOR_ID]

    def _next(self, sector_id: int) -> int:
        per_sector = self.sector_size // 4
        index, offset = divmod(sector_id, per_sector)
        if index >= len(self.fat_sectors):
            raise ContainerError("sector outside the FAT")
        return struct.unpack_from("<I", self._sector(self.fat_sectors[index]), offset * 4)[0]

    def directory_names(self) -> set[str]:
        names: set[str] = set()
        sector_id = self.first_directory_sector
        for _ in range(_MAX_DIRECTORY_SECTORS):
            if sector_id == _ENDOFCHAIN:
                return names
            sector = self._sector(sector_id)
            for offset in range(0, self.sector_size, _DIR_ENTRY_SIZE):
                name_len, object_type = struct.unpack_from("<HB", sector, offset + 64)
                if object_type in (1, 2, 5) and 2 <= name_len <= 64:
                    raw = sector[offset : offset + name_len - 2]
                    names.add(raw.decode("utf-16-le", errors="replace"))
            sector_id = self._next(sector_id)
        raise ContainerError("OLE2 directory chain does not end")


def ole2_names(data: bytes) -> set[str]:
    """Return the storage and stream names in an OLE2 compound file's directory."""
    try:
        return _CompoundFile(data).directory_names()
    except struct.error as exc:
        raise ContainerError(f"unreadable OLE2 file: {exc}") from exc
