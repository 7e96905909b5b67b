"""Decision letters render as tagged PDF/UA-1 documents whose text carries every element.

poppler-utils (pdftotext) is not installed on these machines, and no PDF library is a project
dependency, so this file reads the PDF itself: WeasyPrint writes Flate-compressed object streams
and Type0 fonts with a ToUnicode CMap, which is all a small reader needs.
"""

from __future__ import annotations

import re
import zlib
from datetime import date

import pytest

from shared.notices.appeal_rights import TRIBUNAL_NAME
from shared.notices.content import build_notice_content
from shared.notices.decision_types import appealable_types, get_decision_type
from shared.notices.render import render_notice_pdf
from tests.unit.notice_contacts import CONTACTS

# --- a minimal PDF reader --------------------------------------------------------------------


def _stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
    assert match, "object has no stream"
    raw = match.group(1)
    if b"/FlateDecode" in body[: match.start()]:
        return zlib.decompressobj().decompress(raw)
    return raw


def pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Every indirect object's body, including those packed in object streams."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}
    for body in list(objects.values()):
        if re.search(rb"/Type\s*/ObjStm", body):
            data = _stream(body)
            first = int(re.search(rb"/First (\d+)", body).group(1))
            numbers = [int(n) for n in data[:first].split()]
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
            for i, (number, offset) in enumerate(pairs):
                end = pairs[i + 1][1] if i + 1 < len(pairs) else len(data) - first
                objects[number] = data[first + offset : first + end].strip()
    return objects


def _ref(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(match.group(1)) if match else None


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _fonts(objects: dict[int, bytes]) -> dict[bytes, dict[int, str]]:
    """Font resource name -> glyph code -> text, from every /Font resource dictionary."""
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        match = re.search(rb"/Font\s*(?:(\d+) 0 R|<<(.*?)>>)", body, re.S)
        if not match or b"/Type /Font" in body:
            continue
        entries = objects[int(match.group(1))] if match.group(1) else match.group(2)
        for name, number in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", entries):
            to_unicode = _ref(objects.get(int(number), b""), b"ToUnicode")
            if to_unicode:
                fonts[name] = _cmap(_stream(objects[to_unicode]))
    return fonts


_OPS = re.compile(
    rb"/([^\s/]+)\s+[-\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\b(ET|T\*|Td|TD|Tm)\b", re.S
)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in page order, one line per text object."""
    objects = pdf_objects(pdf)
    fonts = _fonts(objects)
    catalog = next(b for b in objects.values() if re.search(rb"/Type\s*/Catalog", b))
    kids = re.search(rb"/Kids\s*\[(.*?)\]", objects[_ref(catalog, b"Pages")], re.S).group(1)
    out: list[str] = []
    for page in (int(n) for n in re.findall(rb"(\d+) 0 R", kids)):
        contents = re.search(rb"/Contents\s*(?:\[(.*?)\]|(\d+) 0 R)", objects[page], re.S)
        numbers = re.findall(rb"(\d+) 0 R", contents.group(1)) if contents.group(1) else [contents.group(2)]
        for number in numbers:
            font: dict[int, str] = {}
            for match in _OPS.finditer(_stream(objects[int(number)])):
                name, array, single, positioning = match.groups()
                if name is not None:
                    font = fonts.get(name, {})
                elif positioning is not None:
                    out.append("\n")
                else:
                    for piece in re.findall(rb"<([0-9a-fA-F]*)>|(-?[\d.]+)", array or b"<" + single + b">"):
                        hexcodes, number_ = piece
                        if number_ and float(number_) < -250:
                            out.append(" ")  # a wide negative kern is a word gap
                        for i in range(0, len(hexcodes), 4):
                            out.append(font.get(int(hexcodes[i : i + 4], 16), ""))
    return "".join(out)


def unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def all_streams(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed and appended (for dictionary checks)."""
    chunks = [pdf]
    for body in pdf_objects(pdf).values():
        if b"stream" in body:
            try:
                chunks.append(_stream(body))
            except zlib.error:
                pass
    return b"\n".join(chunks + list(pdf_objects(pdf).values()))


# --- fixtures --------------------------------------------------------------------------------


def build(key: str, **overrides) -> dict:
    kwargs = {
        "contacts": CONTACTS,
        "issued_on": date(2026, 11, 23),
        "child_name": "Sam Taylor",
        "recipient_name": "Alex Taylor",
        "decision": f"Decision sentence for {key}.",
        "reasons": [f"First reason for {key}.", "Second reason, about the evidence."],
        "case_reference": "SEND-2026-00042",
        "extra": {"recipient_address": ["12 Mill Lane", "Northbridge NB2 3CD"]},
    }
    kwargs.update(overrides)
    return build_notice_content(key, **kwargs)


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    keys = [t.key for t in appealable_types()] + ["agree_to_assess", "ehe_decision", "section_19_decision"]
    return {key: render_notice_pdf(build(key)) for key in keys}


# --- tests -----------------------------------------------------------------------------------


def test_the_reader_works_on_a_known_letter(pdfs):
    text = pdf_text(pdfs["refuse_to_assess"])
    assert "Northbridge Council" in text
    assert "Dear Alex Taylor," in text


@pytest.mark.parametrize("key", [t.key for t in appealable_types()])
def test_pdf_is_tagged_pdf_ua(pdfs, key):
    pdf = pdfs[key]
    assert pdf.startswith(b"%PDF-1.7")
    everything = all_streams(pdf)
    catalog = next(b for b in pdf_objects(pdf).values() if re.search(rb"/Type\s*/Catalog", b))
    assert b"/StructTreeRoot" in catalog
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked true", catalog)
    assert b"/Lang (en-GB)" in catalog
    assert re.search(rb"/DisplayDocTitle true", catalog)
    title = get_decision_type(key).title.replace("(", r"\(").replace(")", r"\)").encode()
    assert re.search(rb"/Title \(" + re.escape(title), everything), "document title from <title>"
    assert b"pdfuaid" in everything, "XMP metadata declares PDF/UA"
    for tag in (b"/S /H1", b"/S /H2", b"/S /P", b"/S /Table", b"/S /TH", b"/S /L"):
        assert tag in everything, tag


@pytest.mark.parametrize("key", [t.key for t in appealable_types()])
def test_pdf_text_carries_every_element(pdfs, key):
    text = unspaced(pdf_text(pdfs[key]))
    dt = get_decision_type(key)
    fragments = [
        f"Decision sentence for {key}.",
        f"First reason for {key}.",
        "Second reason, about the evidence.",
        TRIBUNAL_NAME,
        "SEND35",
        CONTACTS["tribunal_guidance_url"],
        "Monday 25 January 2027",
        "mediation certificate",
        "you must also tell us",
        *(CONTACTS[f] for f in CONTACTS if f.startswith(("mediation_", "disagreement_", "sendiass_"))),
        "SEND-2026-00042",
        "23 November 2026",
    ]
    if dt.section_i_exception:
        fragments.append("only about the school or other institution named in section I")
    if dt.is_cease:
        fragments.append("while your appeal is pending")
    for fragment in fragments:
        assert unspaced(fragment) in text, fragment
    if not dt.is_cease:
        assert unspaced("while your appeal is pending") not in text


@pytest.mark.parametrize("key", ["ehe_decision", "section_19_decision"])
def test_complaints_route_pdf_has_no_tribunal_text(pdfs, key):
    text = pdf_text(pdfs[key])
    assert unspaced(CONTACTS["complaints_url"]) in unspaced(text)
    assert "Ombudsman" in text
    assert "tribunal" not in text.lower() and "SEND35" not in text


def test_fonts_are_arial_or_liberation_sans_only(pdfs):
    for key, pdf in pdfs.items():
        names = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/]+)", all_streams(pdf)))
        assert names, key
        assert all(n.startswith((b"Liberation-Sans", b"LiberationSans", b"Arial")) for n in names), names


def test_pdf_has_the_letter_furniture(pdfs):
    text = pdf_text(pdfs["cease_plan"])
    flat = " ".join(text.split())
    assert "Yours sincerely," in flat
    assert "12 Mill Lane" in flat
    assert "Page 1 of" in flat
    assert "About: Sam Taylor" in flat
