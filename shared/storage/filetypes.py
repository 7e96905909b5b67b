"""Which uploaded files the service accepts, decided by their content, and safe download names.

A file's name and the browser's Content-Type are chosen by whoever uploads it, so neither is
evidence of what the file is. `check` reads the bytes against an allowlist (PDF, Word, common
images, plain text) and refuses a file whose content is not the type its name claims: an
executable renamed `.pdf` is "spoofed". Word documents are containers, so for them (and for
text, which has no magic number) the whole object is read; see `needs_full_object`. A zip
(every .docx is one) is also refused when its own directory says it would expand to far more
than its size when opened: `_containers.zip_expansion_problem` (a "zip bomb").

Downloads go back out under a name made safe for a Content-Disposition header: `content_disposition`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

import filetype
from filetype.types.image import Heic

from shared.storage._containers import (
    OLE2_MAGIC,
    ZIP_MAGIC,
    ContainerError,
    ole2_names,
    zip_expansion_problem,
    zip_names,
)

#: Bytes to read for a type that is known from its first bytes (PDF and the images).
PREFIX_BYTES = 8192


@dataclass(frozen=True)
class AllowedType:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]
    family: str

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = AllowedType("pdf", "PDF", "application/pdf", ("pdf",), "pdf")
DOCX = AllowedType(
    "docx",
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
    "word",
)
DOC = AllowedType("doc", "Word document", "application/msword", ("doc",), "word")
PNG = AllowedType("png", "PNG image", "image/png", ("png",), "image")
JPEG = AllowedType("jpeg", "JPG image", "image/jpeg", ("jpg", "jpeg"), "image")
GIF = AllowedType("gif", "GIF image", "image/gif", ("gif",), "image")
HEIC = AllowedType("heic", "HEIC image", "image/heic", ("heic", "heif"), "image")
TEXT = AllowedType("txt", "text file", "text/plain", ("txt",), "text")

ALLOWED_TYPES = (PDF, DOCX, DOC, PNG, JPEG, GIF, HEIC, TEXT)
_BY_EXTENSION = {ext: t for t in ALLOWED_TYPES for ext in t.extensions}
ALLOWED_EXTENSIONS = frozenset(_BY_EXTENSION)
_FULL_OBJECT_EXTENSIONS = frozenset({"docx", "doc", "txt"})

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_HEIC = Heic()


@dataclass(frozen=True)
class DetectedType:
    """An allowed type found in a file's content, with what its name claimed."""

    type: AllowedType
    claimed_extension: str

    @property
    def key(self) -> str:
        return self.type.key

    @property
    def mime(self) -> str:
        return self.type.mime

    @property
    def extension(self) -> str:
        return self.type.extension

    @property
    def mismatch(self) -> bool:
        """True when the name's extension is not one of the detected type's extensions."""
        return self.claimed_extension not in self.type.extensions


@dataclass(frozen=True)
class Verdict:
    """The answer to "may we keep this file?": `reason` is a stable code, `message` user-facing."""

    accepted: bool
    reason: str
    message: str
    detected: DetectedType | None = None
    actual: str | None = None


OK = "ok"
EMPTY = "empty"
EXTENSION_NOT_ALLOWED = "extension_not_allowed"
SPOOFED = "spoofed"
EXPANDS_TOO_MUCH = "expands_too_much"

#: What the uploader reads when a file would expand too far to be checked (`EXPANDS_TOO_MUCH`).
EXPANDS_MESSAGE = ("This file could not be checked because it expands to much more than its size "
                   "when it is opened, so we have not kept it. Save it as a PDF and upload that instead.")

_ALLOWED_LIST = "a PDF, Word document (DOC or DOCX), JPG, PNG, GIF, HEIC or TXT file"


def extension_of(filename: str) -> str:
    """The lower-case extension of the last path component, without the dot ('' if none)."""
    base = re.split(r"[\\/]", filename or "")[-1].strip().rstrip(".")
    stem, dot, ext = base.rpartition(".")
    return ext.lower() if dot and stem.strip(".") else ""


def needs_full_object(name_or_extension: str) -> bool:
    """True when checking a file with this name (or extension) needs its whole content.

    A .docx's directory is at the end of the zip; a .doc's directory may be anywhere in the
    file; a text file can only be shown to hold no binary by reading all of it.
    """
    value = name_or_extension or ""
    ext = extension_of(value) if "." in value else value.lower()
    return ext in _FULL_OBJECT_EXTENSIONS


def _word_type(data: bytes) -> AllowedType | None:
    try:
        if data.startswith(ZIP_MAGIC):
            names = zip_names(data)
            # A macro project makes it a .docm in disguise, which the service does not take.
            is_docx = {"[Content_Types].xml", "word/document.xml"} <= names
            return DOCX if is_docx and "word/vbaProject.bin" not in names else None
        if data.startswith(OLE2_MAGIC):
            return DOC if "WordDocument" in ole2_names(data) else None
    except ContainerError:
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect(first_bytes: bytes, filename: str) -> DetectedType | None:
    """Identify an allowed type from content; None when the content is of no allowed type.

    Text counts only for a name ending .txt: every byte string free of NULs that decodes as
    UTF-8 is "text", so without that restriction any script or HTML page would qualify.
    """
    data = bytes(first_bytes)
    claimed = extension_of(filename)
    found: AllowedType | None = None
    if data.startswith(b"%PDF-"):
        found = PDF
    elif data.startswith(_PNG_MAGIC):
        found = PNG
    elif data.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        found = GIF
    elif _HEIC.match(data):
        found = HEIC
    elif data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        found = _word_type(data)
    elif claimed == "txt" and data and _is_plain_text(data):
        found = TEXT
    return DetectedType(found, claimed) if found else None


def describe_content(data: bytes) -> str:
    """A short name for what the content looks like, for logs and audit ("exe", "zip")."""
    if data.startswith(ZIP_MAGIC):
        return "zip"  # filetype guesses Office types from the first member's name alone.
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    kind = filetype.guess(bytes(data[:PREFIX_BYTES])) if data else None
    return kind.extension if kind else "unknown"


def check(data: bytes, filename: str, *, object_size: int | None = None) -> Verdict:
    """Decide whether to keep an upload, by its content, against the allowlist.

    Accepted: content of an allowed type whose name claims that type, or another type of the
    same family (a PNG saved as .jpg, a .doc saved as .docx); `detected.mismatch` says so and
    `detected.mime` is the one to store. Refused: an extension outside the allowlist, an empty
    file, a zip that would expand past `_containers.ZipLimits` ("expands_too_much"), and content
    that is not what its name claims ("spoofed").
    """
    claimed = extension_of(filename)
    if claimed not in ALLOWED_EXTENSIONS:
        return Verdict(False, EXTENSION_NOT_ALLOWED, f"The selected file must be {_ALLOWED_LIST}")
    if object_size is not None and len(data) < object_size and needs_full_object(claimed):
        raise ValueError(f"checking a .{claimed} file needs the whole object, not a prefix")
    if not data or object_size == 0:
        return Verdict(False, EMPTY, "The selected file is empty")
    if data.startswith(ZIP_MAGIC) and _expands_too_much(data):
        return Verdict(False, EXPANDS_TOO_MUCH, EXPANDS_MESSAGE, actual="zip")
    detected = detect(data, filename)
    if detected is None or detected.type.family != _BY_EXTENSION[claimed].family:
        return Verdict(
            False,
            SPOOFED,
            f"The selected file is not a real {_BY_EXTENSION[claimed].label}",
            detected,
            actual=detected.key if detected else describe_content(data),
        )
    return Verdict(True, OK, "", detected, actual=detected.key)


def _expands_too_much(data: bytes) -> bool:
    try:
        return zip_expansion_problem(data) is not None
    except ContainerError:
        return False  # unreadable: `detect` finds no Word document in it, so it is refused anyway


# --- Download names -------------------------------------------------------------------------

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\'`]')
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()+,&=-]")
_MAX_NAME = 150


def _split(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, "." + ext


def _finish(stem: str, ext: str) -> str:
    stem = re.sub(r"\s+", " ", stem).strip(" ._")
    ext = re.sub(r"\s+", "", ext)
    if ext == ".":
        ext = ""
    if not stem or stem.upper() in _WINDOWS_RESERVED:
        stem = f"download-{stem}" if stem else "download"
    return stem[: max(1, _MAX_NAME - len(ext))] + ext[:20]


def clean_filename(name: str) -> str:
    """A display-safe Unicode file name: no path, control or bidi-override characters, no quotes.

    Format characters are removed as well as controls, because U+202E (right-to-left override)
    can make "invoice_fdp.exe" display as "invoice_exe.pdf".
    """
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(
        " " if ch in "\t\r\n" else ch for ch in text if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C"
    )
    text = _UNSAFE_CHARS.sub("_", text)
    return _finish(*_split(text.strip()))


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"_{2,}", "_", _ASCII_UNSAFE.sub("_", text))


def safe_download_name(name: str) -> str:
    """An ASCII-only file name for the `filename=` parameter, keeping the extension."""
    stem, ext = _split(clean_filename(name))
    return _finish(_ascii(stem), _ascii(ext))


def content_disposition(name: str, *, inline: bool = False) -> str:
    """A Content-Disposition value with an ASCII fallback and the RFC 5987 UTF-8 `filename*`."""
    disposition = "inline" if inline else "attachment"
    ascii_name = safe_download_name(name)
    utf8_name = quote(clean_filename(name), safe="")
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"
