"""Data files too big, too odd or too hostile to keep in the repository: written at test time.

Each builder returns the file's bytes, and what it holds is readable here: a workbook is
written part by part (the few parts Excel needs), so a test can give it 50,000 merged ranges,
a DTD, Strict OOXML namespaces or a part that expands a thousandfold, exactly as described.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from toolkit.readers.tables import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""

# The Strict (ISO/IEC 29500) names of what a workbook uses, written out here independently of
# the reader's own table, so that a mistake there is not repeated here.
TO_STRICT = [
    (f"{RELS}/officeDocument", "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"),
    (f"{RELS}/worksheet", "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet"),
    (f"{RELS}/sharedStrings", "http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings"),
    (f"{RELS}/styles", "http://purl.oclc.org/ooxml/officeDocument/relationships/styles"),
    (f"{RELS}/theme", "http://purl.oclc.org/ooxml/officeDocument/relationships/theme"),
    (f"{RELS}/extended-properties", "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    (f'"{RELS}"', '"http://purl.oclc.org/ooxml/officeDocument/relationships"'),
    (MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"),
    (
        "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    ),
    (
        "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
    ),
]


def cell_xml(reference: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], merges: list[str] = (), prolog: str = "") -> str:  # type: ignore[assignment]
    body = "".join(
        f'<row r="{r}">' + "".join(cell_xml(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    merged = (
        (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
        if merges
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData>{merged}</worksheet>'
    )


def workbook(
    rows: list[list[object]],
    merges: list[str] = (),
    prolog: str = "",  # type: ignore[assignment]
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An XLSX of one sheet holding ``rows``, as Excel lays out its parts."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet_xml(rows, merges, prolog),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text.encode("utf-8"))
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def merged_cells_workbook(count: int) -> bytes:
    """A table of ``count`` + 1 rows whose every data row merges its columns B and C (a layout habit)."""
    rows: list[list[object]] = [["地区", "产量", "备注"]] + [[f"地区{i}", i, None] for i in range(count)]
    return workbook(rows, [f"B{r}:C{r}" for r in range(2, count + 2)])


def to_strict(xlsx: bytes) -> bytes:
    """A Transitional workbook with its namespaces and relationship types rewritten to Strict ones."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for transitional, strict in TO_STRICT:
                    text = text.replace(transitional, strict)
                text = text.replace(
                    '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"',
                    '<workbook conformance="strict" xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"',
                )
                data = text.encode("utf-8")
            package.writestr(info, data)
    return buffer.getvalue()


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(*streams: str) -> bytes:
    """The start of an OLE compound file whose directory names ``streams`` (UTF-16, as OLE stores them)."""
    header = OLE_MAGIC + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * (512 - 32)
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in ("Root Entry", *streams)
    )
    return header + directory.ljust(4096, b"\x00")


def encrypted_workbook() -> bytes:
    """What Excel writes for a workbook with an opening password: OLE holding the encrypted package."""
    return ole_file("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def old_xls() -> bytes:
    """An Excel 97-2003 workbook's container (OLE without encryption)."""
    return ole_file("Workbook", "\x05SummaryInformation")


def swollen_workbook(megabytes: int = 20) -> bytes:
    """A workbook with a part that expands about a thousandfold (a zip bomb's shape)."""
    padding = b"<!-- " + b" " * (megabytes * 1024 * 1024) + b" -->"
    return workbook([["年份", "产量"], [2020, 1]], extra={"xl/worksheets/padding.xml": padding})


def wide_csv(columns: int, rows: int = 3) -> bytes:
    header = ["指标"] + [f"项目{i}" for i in range(columns)]
    lines = [",".join(header)] + [",".join([f"指标{r}"] + [str(r + i) for i in range(columns)]) for r in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def long_csv(rows: int) -> bytes:
    lines = ["地区,产量,产值"] + [f"地区{i},{i}.5,{i * 2}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- archives whose headers lie, or whose members are damaged ----------------------------------------


@dataclass
class Member:
    """One member of a ZIP as it is stored: its compressed bytes and what its headers declare."""

    name: str
    stored: bytes
    method: int
    crc: int
    size: int
    """The uncompressed size the headers declare (a crafted file's may be anything)."""


def members(archive: bytes) -> list[Member]:
    """The members of a ZIP as stored (compressed bytes untouched), in order."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    out: list[Member] = []
    for info in source.infolist():
        name_length, extra_length = struct.unpack_from("<HH", archive, info.header_offset + 26)
        start = info.header_offset + 30 + name_length + extra_length
        out.append(
            Member(
                info.filename, archive[start : start + info.compress_size], info.compress_type, info.CRC, info.file_size
            )
        )
    return out


def raw_zip(parts: list[Member]) -> bytes:
    """A ZIP written byte by byte from its members, headers declaring exactly what each member says."""
    body = io.BytesIO()
    directory = io.BytesIO()
    for member in parts:
        name = member.name.encode("utf-8")
        offset = body.tell()
        fields = (20, 0x800, member.method, 0, 0x21, member.crc & 0xFFFFFFFF, len(member.stored), member.size)
        body.write(struct.pack("<4sHHHHHIII", b"PK\x03\x04", *fields) + struct.pack("<HH", len(name), 0) + name)
        body.write(member.stored)
        directory.write(
            struct.pack("<4sHHHHHHIII", b"PK\x01\x02", 20, *fields)
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name
        )
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), directory.tell(), body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


def deflated(chunks: Iterator[bytes]) -> bytes:
    """Raw deflate (as ZIP stores it) of the concatenated chunks."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"".join(compressor.compress(chunk) for chunk in chunks) + compressor.flush()


def lying_bomb(archive: bytes, part: str, inflated: int = 2**30, declared: int = 4096) -> bytes:
    """``archive`` with ``part`` inflating to ``inflated`` bytes while its headers declare ``declared``.

    The declared CRC is that of the first ``declared`` bytes, so a reader that trusts the
    header and stops there sees a consistent (if truncated) member; one that inflates the
    stream whole holds a gibibyte in memory before it can tell.
    """
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="x">'
    chunk = b" " * (2**22)

    def stream() -> Iterator[bytes]:
        yield head
        for _ in range((inflated - len(head)) // len(chunk)):
            yield chunk

    prefix = (head + chunk)[:declared]
    out = [
        Member(m.name, deflated(stream()), zipfile.ZIP_DEFLATED, zlib.crc32(prefix), declared) if m.name == part else m
        for m in members(archive)
    ]
    return raw_zip(out)


def changed_crc(archive: bytes, part: str) -> bytes:
    """``archive`` with one CRC value changed: the member inflates, its check fails at the end."""
    return raw_zip(
        [Member(m.name, m.stored, m.method, m.crc ^ 0x1, m.size) if m.name == part else m for m in members(archive)]
    )


def flipped_byte(archive: bytes, part: str) -> bytes:
    """``archive`` with one byte of ``part``'s compressed stream flipped (a broken deflate stream, or a bad CRC)."""
    out = []
    for m in members(archive):
        if m.name == part:
            at = len(m.stored) // 3
            m = Member(
                m.name, m.stored[:at] + bytes([m.stored[at] ^ 0xFF]) + m.stored[at + 1 :], m.method, m.crc, m.size
            )
        out.append(m)
    return raw_zip(out)


def renamed(archive: bytes, rename: Callable[[str], str]) -> bytes:
    """``archive`` with its entries renamed (backslashes, another case), contents untouched."""
    return raw_zip([Member(rename(m.name), m.stored, m.method, m.crc, m.size) for m in members(archive)])


def with_members(archive: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    """``archive`` with members added or replaced (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def one_column_csv(rows: int) -> bytes:
    """A CSV of one column and ``rows`` data rows (a register, not a table)."""
    return b"id\n" + b"".join(b"%d\n" % i for i in range(rows))
