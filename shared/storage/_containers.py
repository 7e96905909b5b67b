"""Read the table of contents of the two container formats Word uses, from bytes in memory.

Word documents are containers: a .docx is a zip archive and a legacy .doc is an OLE2 "compound
file". A container's magic number says only "zip" or "OLE2" (an .xlsx, a .jar or an .msi has the
same one), so deciding that a file really is a Word document means reading the container's own
directory. Neither reader decompresses or extracts anything: they only list names, so a hostile
archive costs no more than its size.
"""

from __future__ import annotations

import io
import struct
import zipfile

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
