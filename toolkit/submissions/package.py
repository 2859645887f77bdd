"""Opening a submitted file without trusting it.

What people send: the DOCX we asked for, but also a ``.doc`` or ``.wps`` saved by
habit, a PDF, a renamed file, an empty attachment. A hostile or broken file
must not exhaust memory either: archives are measured before anything is
decompressed (entries, total size, compression ratio), XML is parsed without
DTDs, entities or network access, images are opened under a pixel limit.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from toolkit.messages import Text

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_XML_PART = 30 * 1024 * 1024
MAX_RATIO = 200
"""Largest compression ratio of one entry: zip bombs compress thousands of times."""

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_blank_text=False)


class PackageProblem(Exception):
    """The file cannot be read as a DOCX; ``code`` and ``args`` say why, for people."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass
class Package:
    """A DOCX whose parts may be read safely."""

    path: Path
    data: bytes
    archive: zipfile.ZipFile

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name``."""
        try:
            self.archive.getinfo(name)
            return True
        except KeyError:
            return False

    def xml(self, name: str) -> etree._Element:
        """A part parsed safely (no DTD, no entities)."""
        raw = self.archive.read(name)
        if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw:
            raise PackageProblem("SB006", part=name)
        try:
            return etree.fromstring(raw, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise PackageProblem("SB004", reason=Text(f"{name} 已损坏（{exc.msg}）", f"{name} is damaged ({exc.msg})")) \
                from exc

    def read(self, name: str) -> bytes:
        """A binary part (an image)."""
        return self.archive.read(name)


def kind_of(data: bytes, path: Path) -> str:
    """What the file really is, whatever its name says: docx, doc, wps, pdf, rtf, ... or unknown."""
    if not data:
        return "empty"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "wps" if path.suffix.lower() in (".wps", ".et") or b"W\x00P\x00S" in data[:65536] else "doc"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data[:512].lstrip().lower().startswith((b"<html", b"<!doctype html")):
        return "html"
    return "unknown"


_NAMES = {
    "doc": Text("旧版 Word 97-2003 文档（.doc）", "an old Word 97-2003 document (.doc)"),
    "wps": Text("WPS 文字格式（.wps）", "a WPS Writer document (.wps)"),
    "pdf": Text("PDF 文件", "a PDF"),
    "rtf": Text("RTF 文件", "an RTF file"),
    "html": Text("网页文件", "a web page"),
    "unknown": Text("无法识别的文件", "a file of unknown kind"),
}


def open_package(path: Path) -> Package:
    """The DOCX at ``path``, or :class:`PackageProblem` saying what it is instead."""
    if not path.is_file():
        raise PackageProblem("SB001", file=path.name)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PackageProblem("SB005", reason=Text(f"文件超过 {MAX_FILE_BYTES // 2**20} MB",
                                                  f"the file is over {MAX_FILE_BYTES // 2**20} MB"))
    data = path.read_bytes()
    kind = kind_of(data, path)
    if kind == "empty":
        raise PackageProblem("SB002", file=path.name)
    if kind != "zip":
        raise PackageProblem("SB003", file=path.name, what=_NAMES[kind])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise PackageProblem("SB004", reason=Text(f"压缩包已损坏（{exc}）", f"the archive is damaged ({exc})")) from exc
    _check_sizes(infos)
    package = Package(path, data, archive)
    if not package.has("word/document.xml"):
        what = Text("Excel 表格（.xlsx）", "an Excel workbook") if package.has("xl/workbook.xml") else \
            Text("PowerPoint 演示文稿", "a PowerPoint deck") if package.has("ppt/presentation.xml") else \
            _NAMES["unknown"]
        raise PackageProblem("SB003", file=path.name, what=what)
    return package


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise PackageProblem("SB005", reason=Text(f"压缩包内有 {len(infos)} 个文件", f"{len(infos)} entries"))
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise PackageProblem("SB005", reason=Text(f"解压后超过 {MAX_UNCOMPRESSED // 2**20} MB",
                                                  f"over {MAX_UNCOMPRESSED // 2**20} MB uncompressed"))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.filename.endswith((".xml", ".rels")) and (info.file_size > MAX_XML_PART or
                                                          (ratio > MAX_RATIO and info.file_size > 1024 * 1024)):
            raise PackageProblem("SB005", reason=Text(f"{info.filename} 解压后异常庞大",
                                                      f"{info.filename} expands abnormally"))
