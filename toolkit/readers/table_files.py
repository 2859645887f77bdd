"""Reading a data file's cells as text: CSV with the ``csv`` module, XLSX with openpyxl.

The files come from statisticians' exports, Excel, WPS and other people's
programs, so what arrives is not always what the name says: a CSV in
GB18030, Latin-1, UTF-16, Korean EUC-KR or Japanese EUC-JP, semicolons for
commas, a comma inside an unquoted value, a title or comment line above the
header, a web page saved as ``.csv``; an XLSX that is really an old ``.xls``, a
password-protected workbook, a Strict OOXML file (read, its namespaces mapped
to the usual ones as the parts stream), a workbook at another path or with its
part names in another case (read, as Excel reads them), styles openpyxl does
not know (the values are read all the same), a DTD or an entity bomb, a
damaged member or one that inflates beyond its header (refused, the member
named). Each becomes a located diagnostic that says what the file is and what
to do; the text of a library's exception is never shown. Rows keep the number
a spreadsheet shows (header = 1). A table past :data:`MAX_ROWS` rows or
:data:`MAX_CELLS` cells is refused as it is read, so that memory stays bounded.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.ooxml.archive import ArchiveProblem, SafeZip, StreamReplace
from toolkit.ooxml.package import PackageProblem, office_document

MAX_ENTRIES = 5000
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_PART = 128 * 1024 * 1024
"""Largest member as it inflates (a sheet is streamed; the table's row limit stops it first)."""
MAX_STRINGS_PART = 64 * 1024 * 1024
"""Largest shared-strings part: its texts are all kept in memory while the sheet is read."""
MAX_XML_PART = 32 * 1024 * 1024
"""Largest member read whole into memory (the workbook, its styles, relationships, properties)."""
MAX_RATIO = 500
"""Largest compression ratio of a part over 16 MB: sheets compress tens of times, zip bombs thousands."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Grid:
    """The raw cells of a data file: the header, and each row with its spreadsheet number."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


class Unreadable(Exception):
    """The file cannot be read as a table: ``code`` and ``args`` say why, for people."""

    def __init__(self, code: str, location: Location, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.location = location
        self.args_ = args


def read_grid(path: Path, diagnostics: Diagnostics) -> Grid | None:
    """The data file's cells as text, blank rows dropped (and reported); ``None`` if unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            raise Unreadable(
                "TB049",
                Location(path),
                reason=Text(f"文件有 {size / 2**20:.0f} MB", f"the file is {size / 2**20:.0f} MB"),
                **LIMITS,
            )
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.add("TB004", Location(path), reason=_os_reason(exc))
        return None
    except Unreadable as problem:
        diagnostics.add(problem.code, problem.location, **problem.args_)
        return None
    try:
        if not data:
            raise Unreadable("TB030", Location(path))
        records = (
            _xlsx_records(path, data, diagnostics)
            if path.suffix.lower() == ".xlsx"
            else _csv_records(path, data, diagnostics)
        )
    except Unreadable as problem:
        diagnostics.add(problem.code, problem.location, **problem.args_)
        return None
    if records is None:
        return None
    return _grid(path, records, diagnostics)


def _os_reason(exc: OSError) -> Text:
    if isinstance(exc, PermissionError):
        return Text("没有读取这个文件的权限", "no permission to read the file")
    if isinstance(exc, IsADirectoryError):
        return Text("这是一个文件夹，不是文件", "it is a folder, not a file")
    return Text(
        "系统无法读取这个文件（可能已被移走或正被其他程序占用）",
        "the system cannot read the file (moved, or locked by another program)",
    )


def _grid(path: Path, records: list[tuple[int, list[str]]], diagnostics: Diagnostics) -> Grid | None:
    """Header and rows from numbered records; blank rows inside the table are reported and skipped."""
    if not records or not any(any(cells) for _, cells in records):
        diagnostics.add("TB030", Location(path))
        return None
    header = records[0][1][: _width(records[0][1])]
    if not header:
        diagnostics.add("TB048", Location(path, row=records[0][0]))
        return None
    width = len(header)
    body = [(number, record[:width] + [""] * (width - len(record))) for number, record in records[1:]]
    last_filled = max((i for i, (_, cells) in enumerate(body) if any(cells)), default=-1)
    rows: list[tuple[int, list[str]]] = []
    for index, (number, cells) in enumerate(body):
        if not any(cells):
            if index < last_filled:  # trailing blank rows are harmless
                diagnostics.add("TB020", Location(path, row=number))
            continue
        rows.append((number, cells))
    return Grid(header=header, rows=rows)


# CSV ------------------------------------------------------------------------------------------


def _csv_records(path: Path, data: bytes, diagnostics: Diagnostics) -> list[tuple[int, list[str]]] | None:
    _refuse_binary(path, data)
    text = _decode(path, data, diagnostics)
    _refuse_markup(path, text)
    _refuse_comment_lines(path, text)
    _refuse_other_separators(path, text)
    if len(text) >= csv.field_size_limit():
        csv.field_size_limit(len(text) + 1)  # a cell may be long; the file's size bounds it
    reader = csv.reader(_lines(text), skipinitialspace=True, strict=True)
    records: list[tuple[int, list[str]]] = []
    cells = 0
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise Unreadable("TB035", Location(path, line=start)) from None
        cells += len(record) if records else 0  # the header's names are no cells of data
        _within_limits(path, len(records) + 1, cells, Location(path, line=start))
        records.append((len(records) + 1, [value.strip() for value in record]))
    return _fitting_header(path, records, diagnostics)


MAX_ROWS = 100_000
"""Data rows a table may have (the header not counted): a report prints summaries, not registers."""
MAX_CELLS = 500_000
"""Cells of data a table may have, empty ones inside its rows included (each costs about 0.8 KB once typed)."""
MAX_TABLE_BYTES = 64 * 1024 * 1024
"""Size of a data file (CSV or XLSX) on disk."""
LIMITS = {"rows": f"{MAX_ROWS:,}", "cells": f"{MAX_CELLS:,}", "megabytes": MAX_TABLE_BYTES // 2**20}


def _within_limits(path: Path, row: int, cells: int, location: Location) -> None:
    """Stop reading a table past :data:`MAX_ROWS` rows or :data:`MAX_CELLS` cells (TB049), before it fills memory."""
    if row > MAX_ROWS + 1:
        raise Unreadable(
            "TB049", location, reason=Text(f"超过 {MAX_ROWS:,} 行数据", f"over {MAX_ROWS:,} rows of data"), **LIMITS
        )
    if cells > MAX_CELLS:
        raise Unreadable(
            "TB049", location, reason=Text(f"超过 {MAX_CELLS:,} 个单元格", f"over {MAX_CELLS:,} cells"), **LIMITS
        )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings (\\n, \\r\\n or a lone \\r), one at a time, as a file opened with
    ``newline=""`` gives them to the ``csv`` module (without a second copy of the text in memory)."""
    for match in _LINE.finditer(text):
        yield match.group(0)


def _fitting_header(
    path: Path, records: list[tuple[int, list[str]]], diagnostics: Diagnostics
) -> list[tuple[int, list[str]]]:
    """Records with more values than the header has columns are reported and left out.

    When every row is wider than the header, the header is what is wrong (a title or a note
    above it, or a missing name): that is said once, not once per row.
    """
    if not records:
        return records
    width = _width(records[0][1])
    wider = [(number, _width(cells)) for number, cells in records[1:] if _width(cells) > width]
    if not wider or width == 0:
        return records
    filled = sum(1 for _, cells in records[1:] if any(cells))
    if len(wider) == filled and filled > 1:
        raise Unreadable("TB047", Location(path, row=1), width=width, row=wider[0][0], count=wider[0][1])
    for number, count in wider:
        diagnostics.add("TB033", Location(path, row=number), count=count, width=width)
    skipped = {number for number, _ in wider}
    return [(number, cells) for number, cells in records if number not in skipped]


def _width(cells: list[str]) -> int:
    """How many columns a record fills (trailing empty fields do not count)."""
    width = len(cells)
    while width and not cells[width - 1]:
        width -= 1
    return width


_NOT_TEXT = {
    ZIP_MAGIC: Text("Excel 工作簿（.xlsx）或其他压缩包", "an Excel workbook (.xlsx) or another archive"),
    OLE_MAGIC: Text(
        "旧版 Office 文件（如 Excel 97-2003 的 .xls）", "an old Office file (such as an Excel 97-2003 .xls)"
    ),
    b"%PDF": Text("PDF 文件", "a PDF"),
}


def _refuse_binary(path: Path, data: bytes) -> None:
    """A CSV that is not text at all: a renamed workbook, a PDF, UTF-16 “Unicode text”, NUL bytes."""
    for magic, what in _NOT_TEXT.items():
        if data.startswith(magic):
            raise Unreadable("TB040", Location(path), what=what, fix=_FIX_RENAMED)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Unreadable(
            "TB032",
            Location(path, line=1),
            what=Text(
                "文件是 UTF-16 编码（Excel“Unicode 文本”格式）", "the file is UTF-16 encoded (Excel's “Unicode text”)"
            ),
        )
    at = data.find(b"\x00")
    if at >= 0:
        raise Unreadable(
            "TB032",
            Location(path, line=data.count(b"\n", 0, at) + 1),
            what=Text(
                f"第 {at + 1} 字节是空字节（NUL），文件不是纯文本",
                f"byte {at + 1} is a NUL byte: this is not plain text",
            ),
        )


_FIX_RENAMED = Text(
    "把数据另存为 CSV UTF-8 或 .xlsx 工作簿，文件扩展名要与实际格式一致。",
    "Save the data as CSV UTF-8 or as an .xlsx workbook, with the extension matching the format.",
)


def _decode(path: Path, data: bytes, diagnostics: Diagnostics) -> str:
    """UTF-8 (a BOM is dropped), else GB18030/GBK when it reads as Chinese (reported), else an error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is None or not plausible_chinese(text):
            raise Unreadable("TB031", Location(path, line=line), byte=exc.start + 1) from None
        other = _other_encoding(data)
        if other is not None:
            raise Unreadable("TB050", Location(path, line=line), encoding=other) from None
        diagnostics.add("TB010", Location(path))
        return text


_ENCODINGS = {  # charset-normalizer's names → what people call them
    "cp949": Text("韩文（EUC-KR / CP949）", "Korean (EUC-KR / CP949)"),
    "euc_kr": Text("韩文（EUC-KR）", "Korean (EUC-KR)"),
    "johab": Text("韩文（Johab）", "Korean (Johab)"),
    "euc_jp": Text("日文（EUC-JP）", "Japanese (EUC-JP)"),
    "euc_jis_2004": Text("日文（EUC-JP）", "Japanese (EUC-JP)"),
    "shift_jis": Text("日文（Shift_JIS）", "Japanese (Shift_JIS)"),
    "shift_jis_2004": Text("日文（Shift_JIS）", "Japanese (Shift_JIS)"),
    "cp932": Text("日文（Shift_JIS / CP932）", "Japanese (Shift_JIS / CP932)"),
    "big5": Text("繁体中文（Big5，台湾、香港常用）", "Traditional Chinese (Big5)"),
    "big5hkscs": Text("繁体中文（Big5-HKSCS）", "Traditional Chinese (Big5-HKSCS)"),
}
_GB = {"gb18030", "gbk", "gb2312", "hz"}


def _other_encoding(data: bytes) -> Text | None:
    """The encoding a non-UTF-8 text that decodes as GB18030 more likely has, or ``None`` if Chinese fits.

    Korean EUC-KR and Japanese EUC-JP bytes fall in the same ranges as GB2312's common
    characters, so they decode as GB18030 into Chinese characters that read as nonsense.
    charset-normalizer measures how messy each decoding is: Chinese keeps the benefit of the
    doubt (a few column names in GBK decode cleanly as Korean too), and loses it only when
    another encoding reads clean and GB18030 reads as a mess.
    """
    from charset_normalizer import from_bytes

    sample = data[:65536]
    if len(data) > len(sample):
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    matches = list(from_bytes(sample))
    gb = min((m.chaos for m in matches if m.encoding in _GB), default=None)
    # the other East Asian encodings only (a few bytes also "decode" as UTF-16 without any mess)
    best = min((m for m in matches if m.encoding in _ENCODINGS), key=lambda m: m.chaos, default=None)
    if best is None or (gb is not None and gb <= best.chaos + 0.01):
        return None
    return _ENCODINGS[best.encoding]


def plausible_chinese(text: str, sample: int = 4000) -> bool:
    """Whether text decoded as GB18030 reads as Chinese rather than as another encoding's bytes.

    Latin-1, Windows-1252 or Greek bytes often decode as GB18030 too, into rare characters:
    an accented letter before an ASCII one gives a GBK-extension character, runs of accented
    or Greek letters give GB2312's second-level characters (rare, sorted by radical). Chinese
    text is nearly all common characters (GB2312 level 1, A1–A9 symbols, full-width forms).
    The first ``sample`` non-ASCII characters are enough to tell.
    """
    wide: list[str] = []
    for char in text:
        if ord(char) > 0x7F:
            wide.append(char)
            if len(wide) >= sample:
                break
    if not wide:
        return True
    common = sum(1 for c in wide if _common_gb(c))
    return common >= 0.8 * len(wide)


def _common_gb(char: str) -> bool:
    try:
        code = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and (code[0] <= 0xA9 or 0xB0 <= code[0] <= 0xD7)


_SEPARATORS = {
    ";": Text("分号（;）", "semicolons (;)"),
    "\t": Text("制表符（Tab）", "tabs"),
    "，": Text("全角逗号（，）", "full-width commas (，)"),
}


def _sample_lines(text: str, count: int = 20) -> list[tuple[int, str]]:
    """The first ``count`` non-blank records with the line each starts on, their quoted text left out.

    A separator inside quotes separates nothing, and a quoted value may run over several lines
    (csvkit's header cell holds a tab and line breaks), so records are split outside quotes only.
    """
    out: list[tuple[int, str]] = []
    kept: list[str] = []
    line = start = 1
    quoted = False
    previous = ""
    for char in text[:65536]:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n":
            if not (char == "\n" and previous == "\r"):
                line += 1
            if not quoted:
                if "".join(kept).strip():
                    out.append((start, "".join(kept)))
                    if len(out) >= count:
                        return out
                kept, start = [], line
        elif not quoted:
            kept.append(char)
        previous = char
    if "".join(kept).strip():
        out.append((start, "".join(kept)))
    return out


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#") and "," not in line


def _refuse_comment_lines(path: Path, text: str) -> None:
    """Comment lines (``# …``, as some programs write above or between the rows) are told as such.

    A line that starts with ``#`` and holds no comma is a comment in a file whose header has
    commas, and above the header in any file; CSV has no comments, so the reader would take it
    for a header or a row.
    """
    lines = _sample_lines(text, count=200)
    header = next((line for _, line in lines if not _is_comment(line)), "")
    comments = [
        number
        for index, (number, line) in enumerate(lines)
        if _is_comment(line) and ("," in header or all(_is_comment(earlier) for _, earlier in lines[:index]))
    ]
    if comments:
        raise Unreadable("TB051", Location(path, line=comments[0]), count=len(comments))


def _refuse_other_separators(path: Path, text: str) -> None:
    """A header without commas but with semicolons, tabs or full-width commas, as most rows have them.

    It is not guessed at: such exports also write decimal commas (0,61), which would be read
    as thousands separators. Quoted text is left out (a tab inside a quoted name separates
    nothing), and the rows must agree with the header, so a one-column file whose header
    happens to hold a semicolon is not taken for a semicolon-separated one.
    """
    lines = [line for _, line in _sample_lines(text)]
    if not lines or "," in lines[0]:
        return
    for separator, name in _SEPARATORS.items():
        if separator in lines[0] and sum(separator in line for line in lines) * 2 > len(lines):
            raise Unreadable("TB034", Location(path, line=1), separator=name)


def _text_kind(data: bytes | str) -> Text | None:
    """What a text file that is not a table is, from its first characters: a web page, XML, JSON, RTF."""
    head = data[:4096].decode("utf-8", "ignore") if isinstance(data, bytes) else data[:4096]
    head = head.lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html")) or re.match(r"<(head|body|meta|table|div)\b", head):
        return Text(
            "网页（HTML）文件，例如从网站“另存为”的页面", "a web page (HTML), such as a page saved from a website"
        )
    if head.startswith("<?xml") or re.match(r"<[a-z_!]", head):
        return Text("XML 文件", "an XML file")
    if head.startswith("{\\rtf"):
        return Text("RTF 文档", "an RTF document")
    if head.startswith(("{", "[")) and isinstance(data, str):
        try:
            json.loads(data)
        except ValueError:
            return None
        return Text("JSON 数据文件", "a JSON data file")
    return None


def _refuse_markup(path: Path, text: str) -> None:
    """A web page, XML, JSON or RTF file saved with a ``.csv`` name is said to be what it is."""
    what = _text_kind(text)
    if what is not None:
        raise Unreadable("TB040", Location(path), what=what, fix=_FIX_RENAMED)


# XLSX -----------------------------------------------------------------------------------------


def _xlsx_records(path: Path, data: bytes, diagnostics: Diagnostics) -> list[tuple[int, list[str]]] | None:
    archive = _open_archive(path, data)
    try:
        archive.transform = _strict_transform(archive)
        _refuse_doctypes(path, archive)
        _workbook_part(path, archive)
        workbook, styles_ignored = _load(path, archive, data)
        if styles_ignored:
            diagnostics.add("TB044", Location(path))
        sheets = workbook.worksheets
        if not sheets:
            raise Unreadable(
                "TB043", Location(path), reason=Text("工作簿中没有工作表", "the workbook has no worksheet")
            )
        return _sheet_records(path, workbook, sheets[0], diagnostics)
    except ArchiveProblem as problem:
        raise _archive_problem(path, problem) from None


def _archive_problem(path: Path, problem: ArchiveProblem) -> Unreadable:
    """A damaged member (TB043) or one beyond the limits (TB042), named, whatever read it."""
    if problem.kind == "damaged":
        return Unreadable("TB043", Location(path), reason=problem.reason)
    return Unreadable("TB042", Location(path), reason=problem.reason)


def _open_archive(path: Path, data: bytes) -> SafeZip:
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise Unreadable("TB039", Location(path))
        raise Unreadable(
            "TB040",
            Location(path),
            what=_NOT_TEXT[OLE_MAGIC],
            fix=Text(
                "在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8”。",
                "Open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as CSV UTF-8.",
            ),
        )
    if not data.startswith(ZIP_MAGIC):
        what = (
            _NOT_TEXT.get(data[:4], None)
            or _text_kind(data)
            or (
                Text("文本文件（可能是改了扩展名的 CSV）", "a text file (perhaps a CSV renamed)")
                if _looks_like_text(data)
                else Text("无法识别的文件", "a file of unknown kind")
            )
        )
        raise Unreadable("TB040", Location(path), what=what, fix=_FIX_RENAMED)
    try:
        archive = SafeZip(
            data,
            max_entries=MAX_ENTRIES,
            part_limit=MAX_PART,
            total_limit=MAX_UNCOMPRESSED,
            limits={"sharedstrings.xml": MAX_STRINGS_PART},
            whole_limit=MAX_XML_PART,
        )
    except ArchiveProblem as problem:
        raise _archive_problem(path, problem) from None
    _check_sizes(path, archive.infolist())
    return archive


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return False
    return b"\x00" not in head


def _workbook_part(path: Path, archive: SafeZip) -> None:
    """Refuse a package that holds no workbook: a Word document, an OpenDocument file, a plain zip.

    The workbook is the part ``_rels/.rels`` names as the office document, wherever it is
    (``workbook.xml`` at the root is valid OPC), or the part ``[Content_Types].xml`` declares as one.
    """
    try:
        main = office_document(archive)
        types = archive.read("[Content_Types].xml").lower() if archive.has("[Content_Types].xml") else b""
    except PackageProblem:
        raise Unreadable(
            "TB043", Location(path), reason=Text("部件清单已损坏", "the package's part list is damaged")
        ) from None
    if main is not None and (b"spreadsheetml" in types or b"ms-excel" in types or not types):
        return
    if b"spreadsheetml.sheet.main" in types or b"ms-excel.sheet" in types or archive.has("xl/workbook.xml"):
        return
    if any(name.lower().startswith("xl/") for name in archive.namelist()):  # a workbook's parts without it
        raise Unreadable(
            "TB043",
            Location(path),
            reason=Text("缺少工作簿部件（xl/workbook.xml）", "the workbook part (xl/workbook.xml) is missing"),
        )
    raise Unreadable("TB040", Location(path), what=_package_kind(archive), fix=_FIX_RENAMED)


def _package_kind(archive: SafeZip) -> Text:
    if archive.has("word/document.xml"):
        return Text("Word 文档（.docx）", "a Word document (.docx)")
    if archive.has("ppt/presentation.xml"):
        return Text("PowerPoint 演示文稿", "a PowerPoint presentation")
    if archive.has("content.xml"):
        return Text("OpenDocument 文件（如 WPS/LibreOffice 的 .ods）", "an OpenDocument file (such as .ods)")
    return Text("不含 Excel 工作簿的压缩包", "an archive without an Excel workbook")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """What the headers declare, refused before anything is inflated (what they hide is caught as it inflates)."""
    total = sum(info.file_size for info in infos)
    swollen = [
        info.filename
        for info in infos
        if info.file_size > 16 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
    ]
    if total > MAX_UNCOMPRESSED or swollen:
        reason = (
            Text(f"{swollen[0]} 解压后异常庞大", f"{swollen[0]} expands abnormally")
            if swollen
            else Text(
                f"解压后共 {total // 2**20} MB、{len(infos)} 个部件", f"{total // 2**20} MB in {len(infos)} parts"
            )
        )
        raise Unreadable("TB042", Location(path), reason=reason)


_DOCTYPE = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E|\x00<\x00!\x00D\x00O\x00C\x00T", re.IGNORECASE
)


def _refuse_doctypes(path: Path, archive: SafeZip) -> None:
    """XML parts declaring a DTD: never needed in OOXML, the way in for entity bombs and XXE."""
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = part.read(65536)
        if _DOCTYPE.search(head):
            raise Unreadable("TB041", Location(path), part=info.filename)


_STRICT = [  # ISO/IEC 29500 Strict namespaces and their Transitional twins (longest first)
    (
        "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
    ),
    (
        "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
    ),
    (
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
        "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    ),
    (
        "http://purl.oclc.org/ooxml/officeDocument/customProperties",
        "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    ),
    ("http://purl.oclc.org/ooxml/officeDocument/", "http://schemas.openxmlformats.org/officeDocument/2006/"),
    ("http://purl.oclc.org/ooxml/spreadsheetml/main", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
    ("http://purl.oclc.org/ooxml/drawingml/", "http://schemas.openxmlformats.org/drawingml/2006/"),
    ("http://purl.oclc.org/ooxml/schemaLibrary/main", "http://schemas.openxmlformats.org/schemaLibrary/2006/main"),
]
_STRICT_BYTES = [(strict.encode(), transitional.encode()) for strict, transitional in _STRICT] + [
    (b' conformance="strict"', b"")
]


def _strict_transform(archive: SafeZip) -> Callable[[], StreamReplace] | None:
    """For a Strict OOXML workbook, the rewriting of its XML parts into the Transitional names openpyxl knows.

    The parts are rewritten as they stream out of the archive (nothing is copied); a package is
    Strict when its main relationship names a purl.oclc.org type.
    """
    if not archive.has("_rels/.rels") or b"purl.oclc.org/ooxml/" not in archive.read("_rels/.rels"):
        return None
    return lambda: StreamReplace(_STRICT_BYTES)


def _load(path: Path, archive: SafeZip, data: bytes) -> tuple[Any, bool]:
    """The workbook, read once by openpyxl (read-only, values), and whether its styles were dropped."""
    try:
        return _openpyxl(archive, data), False
    except ArchiveProblem:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises anything on odd input; it is told below, not shown
        _raise_remembered(archive)
    try:
        without = SafeZip(
            data,
            max_entries=MAX_ENTRIES,
            part_limit=MAX_PART,
            total_limit=MAX_UNCOMPRESSED,
            limits=archive.limits,
            whole_limit=MAX_XML_PART,
            transform=archive.transform,
            hidden=_styles_part(archive),
        )
        workbook = _openpyxl(without, data)
    except ArchiveProblem:
        raise
    except Exception:  # noqa: BLE001
        _raise_remembered(archive)
        raise Unreadable(
            "TB043",
            Location(path),
            reason=Text("内容不符合 Excel 工作簿的格式", "its content is not that of an Excel workbook"),
        ) from None
    return workbook, True


def _styles_part(archive: SafeZip) -> frozenset[str]:
    return frozenset(name for name in archive.namelist() if name.lower() == "xl/styles.xml")


def _raise_remembered(archive: SafeZip) -> None:
    """A member problem met while openpyxl read (it may have wrapped the exception): raised as itself."""
    if archive.problem is not None:
        raise archive.problem


def _openpyxl(archive: SafeZip, data: bytes) -> Any:
    """openpyxl's read-only workbook over the bounded archive: every member it reads goes through it."""
    from openpyxl.packaging.manifest import Override
    from openpyxl.reader.excel import ExcelReader, _find_workbook_part
    from openpyxl.xml.constants import XLSX

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_manifest(self) -> None:
            super().read_manifest()
            try:
                _find_workbook_part(self.package)
            except OSError:  # the workbook is only named by _rels/.rels: declare it as Excel finds it
                main = office_document(archive)
                if main is not None:
                    self.package.append(Override("/" + main, XLSX))

        def read_strings(self) -> None:
            self.shared_strings = _shared_strings(self.archive, self.package)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Unknown extension ...": about features a data table does not use
        reader = Reader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.archive = archive
        reader.valid_files = archive.names()  # openpyxl tests membership: as OPC does, whatever the case
        reader.read()
        return reader.wb


MAX_SHARED_STRINGS = 2_000_000
"""Distinct texts a workbook may hold (each kept in memory while its sheet is read)."""


def _shared_strings(archive: SafeZip, package: Any) -> list[str]:
    """The shared strings as written (``_xHHHH_`` escapes kept: :func:`unescape` reads them with the inline ones)."""
    from openpyxl.cell.text import Text as CellText
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    part = package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings: list[str] = []
    tag = f"{{{SHEET_MAIN_NS}}}si"
    with archive.open(part.PartName[1:]) as source:
        for _, node in iterparse(source):
            if node.tag == tag:
                strings.append(CellText.from_tree(node).content)
                node.clear()
                if len(strings) > MAX_SHARED_STRINGS:
                    raise ArchiveProblem(
                        "too-big",
                        part.PartName[1:],
                        Text(f"共享文字超过 {MAX_SHARED_STRINGS:,} 条", f"over {MAX_SHARED_STRINGS:,} shared strings"),
                    )
    return strings


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes decoded (``ABC_x000D_`` → ``ABC`` and a carriage return; ``_x005F_`` is ``_``).

    Excel writes characters XML cannot carry this way in shared and inline strings; a line
    ending written as ``_x000D_`` and a line feed is one line break.
    """
    if "_x" not in text:
        return text
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def _sheet_records(
    path: Path, workbook: Any, sheet: Any, diagnostics: Diagnostics
) -> list[tuple[int, list[str]]] | None:
    """The first sheet's rows as text, in one pass that also finds its merged cells."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser of openpyxl's read-only sheets

    text = _CellText(sheet)
    rows: dict[int, list[str]] = {}
    with sheet._get_source() as source, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        count = 0
        for number, cells in _parsed(parser, path, sheet.title):
            if cells:
                row = rows.setdefault(number, [])
                before = len(row)
                for cell in cells:
                    row.extend([""] * (cell["column"] - len(row)))
                    row[cell["column"] - 1] = text(cell)
                count += len(row) - before if number > 1 else 0
                _within_limits(path, number, count, Location(path, row=number))
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    if not any(any(row) for row in rows.values()):
        raise Unreadable("TB045", Location(path), sheet=sheet.title)
    header = rows.get(1, [])
    if _merged(path, merged, header, diagnostics, get_column_letter):
        return None
    _outside_header(path, rows, _width(header), diagnostics, get_column_letter)
    return [(number, rows.get(number, [])) for number in range(1, max(rows) + 1)]


def _parsed(parser: Any, path: Path, title: str) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The parser's rows; a sheet it cannot parse is damaged (its exception is for programmers)."""
    rows = parser.parse()
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except ArchiveProblem:
            raise
        except Exception:  # noqa: BLE001 - openpyxl and the XML parser raise anything on broken input
            raise Unreadable(
                "TB043", Location(path), reason=Text(f"工作表“{title}”的内容已损坏", f"the sheet “{title}” is damaged")
            ) from None


def _outside_header(path: Path, rows: dict[int, list[str]], width: int, diagnostics: Diagnostics, letter: Any) -> None:
    """Values right of the header's last column (notes, remarks) are not read: one warning per column."""
    if width == 0:
        return  # no header at all: the missing columns are reported instead
    found: dict[int, tuple[int, str, int]] = {}
    for number, row in rows.items():
        for index in range(width, len(row)):
            if row[index] and number > 1:
                first_row, value, count = found.get(index, (number, row[index], 0))
                found[index] = (first_row, value, count + 1)
    for index, (number, value, count) in sorted(found.items()):
        diagnostics.add("TB046", Location(path, row=number, column_name=letter(index + 1)), value=value, count=count)


def _merged(path: Path, refs: list[str], header: list[str], diagnostics: Diagnostics, letter: Any) -> bool:
    """One TB019 per merged range, at its first cell; whether there were any."""
    from openpyxl.utils.cell import range_boundaries

    found = False
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if (min_col, min_row) == (max_col, max_row):
            continue  # a “range” of one cell merges nothing
        name = header[min_col - 1] if min_col - 1 < len(header) and header[min_col - 1] else letter(min_col)
        diagnostics.add("TB019", Location(path, row=min_row, column_name=name), cells=ref)
        found = True
    return found


class _CellText:
    """A cell's value as the text the table reader types: what Excel shows, without its formatting."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.percent: dict[int, bool] = {}

    def __call__(self, cell: dict[str, Any]) -> str:
        value = cell["value"]
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float):
            if self._percent(cell.get("style_id") or 0):
                return _number(value * 100) + "%"
            return _number(value)
        if isinstance(value, int):
            return f"{value * 100}%" if self._percent(cell.get("style_id") or 0) else str(value)
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        return unescape(str(value)).strip()

    def _percent(self, style_id: int) -> bool:
        """Whether the cell's number format shows it as a percentage (0.125 → 12.5%)."""
        if style_id not in self.percent:
            from openpyxl.cell.read_only import ReadOnlyCell

            try:
                fmt = ReadOnlyCell(self.sheet, 1, 1, None, "n", style_id).number_format or ""
            except (IndexError, KeyError, AttributeError):
                fmt = ""
            self.percent[style_id] = "%" in re.sub(r'"[^"]*"|\\.', "", fmt)
        return self.percent[style_id]


def _number(value: float) -> str:
    """A float as Excel shows it in a General cell: 15 significant digits, integers without “.0”."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"
