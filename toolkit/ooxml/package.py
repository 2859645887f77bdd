"""Opening a submitted file without trusting it.

What people send: the DOCX we asked for, but also a ``.doc`` or ``.wps`` saved by
habit, a password-protected copy, a PDF, a renamed file, an empty attachment, a
document saved as "Strict Open XML", a macro-enabled document renamed ``.docx``
(refused: a ``vbaProject.bin`` has no place in a case). A hostile or broken file must
not exhaust memory either: archives are measured before anything is decompressed
(entries, declared sizes, compression ratio), every part is then inflated in bounded
chunks whatever its header declares (:mod:`toolkit.ooxml.archive`), XML is parsed without
DTDs, entities or network access, images are opened under a pixel limit.

A file is recognised by its bytes, never by its name: an OLE compound file is
looked into (an encrypted DOCX is one, holding ``EncryptionInfo`` and
``EncryptedPackage``), and an Office package's main part is the one that
``_rels/.rels`` names as the office document, with its content type from
``[Content_Types].xml`` (usually ``word/document.xml``, not always).

Strict OOXML (ISO/IEC 29500 Strict) uses other namespace names for the same
vocabulary; they are mapped to the transitional ones as each part is parsed, so
nothing that reads the XML needs to know.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import olefile
from lxml import etree

from toolkit.messages import Text
from toolkit.ooxml.archive import ArchiveProblem, SafeZip

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_XML_PART = 30 * 1024 * 1024
MAX_PART = 64 * 1024 * 1024
"""Largest part of any other kind (a photo), as it inflates, whatever its header declares."""
MAX_RATIO = 200
"""Largest compression ratio of one entry: zip bombs compress thousands of times."""

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
)

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
_TRANSITIONAL_PREFIX = "http://schemas.openxmlformats.org/"


def transitional(name: str) -> str:
    """A Strict OOXML namespace or relationship type, as the transitional one; others unchanged.

    ``http://purl.oclc.org/ooxml/<area>/<name>`` is
    ``http://schemas.openxmlformats.org/<area>/2006/<name>`` for the parts read
    here (wordprocessingml, drawingml, officeDocument relationships and math).
    """
    if not name.startswith(_STRICT_PREFIX):
        return name
    area, _, rest = name[len(_STRICT_PREFIX) :].partition("/")
    return f"{_TRANSITIONAL_PREFIX}{area}/2006/{rest}"


def _clark(name: str) -> str:
    """``{strict namespace}local`` → ``{transitional namespace}local``."""
    if name.startswith("{" + _STRICT_PREFIX):
        namespace, _, local = name[1:].partition("}")
        return f"{{{transitional(namespace)}}}{local}"
    return name


def _to_transitional(root: etree._Element) -> None:
    """Rename the elements and attributes of a Strict part to the transitional vocabulary, in place."""
    for element in root.iter(tag=etree.Element):
        element.tag = _clark(element.tag)
        strict = [name for name in element.attrib if name.startswith("{" + _STRICT_PREFIX)]
        for name in strict:
            element.attrib[_clark(name)] = element.attrib.pop(name)


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
    archive: SafeZip
    """Its parts, found case-insensitively (OPC part names are) and inflated in bounded chunks."""
    main: str = "word/document.xml"
    """The main document part (``_rels/.rels`` names it)."""
    strict: bool = False
    """The document was saved as Strict Open XML."""

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name``."""
        return self.archive.has(name)

    def xml(self, name: str) -> etree._Element:
        """A part parsed safely (no DTD, no entities), in the transitional vocabulary."""
        return parse_part(self.read(name), name)

    def read(self, name: str) -> bytes:
        """A part's bytes (an image, an XML part before parsing)."""
        if not self.has(name):
            raise PackageProblem("SB004", reason=Text(f"文件中缺少 {name}", f"{name} is missing"))
        try:
            return self.archive.read(name)
        except ArchiveProblem as problem:
            # a damaged entry (bad CRC, broken stream, unsupported or encrypted compression), or one
            # that inflates beyond its limit whatever its header declared
            raise package_problem(problem) from None

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """``(id, type, target part)`` of the internal relationships of ``part`` (types transitional)."""
        rels = self._rels(part)
        return internal_relationships(rels, posixpath.dirname(part)) if rels is not None else []

    def external_targets(self, part: str) -> dict[str, str]:
        """Relationship id → outside address, for the relationships of ``part`` that point outside the file."""
        rels = self._rels(part)
        found = rels.iter(f"{{{RELS}}}Relationship") if rels is not None else iter(())
        return {rel.get("Id", ""): rel.get("Target", "") for rel in found if rel.get("TargetMode") == "External"}

    def outside_links(self) -> list[tuple[str, str]]:
        """``(relationship type, address)`` of every relationship in the package whose content is fetched from
        outside it when the document opens (a template, an object, a subdocument, a frame, a linked picture);
        hyperlinks are only followed when clicked."""
        found: list[tuple[str, str]] = []
        for name in self.archive.names():
            if not name.lower().endswith(".rels"):
                continue
            for rel in self.xml(name).iter(f"{{{RELS}}}Relationship"):
                kind = transitional(rel.get("Type", "")).rsplit("/", 1)[-1]
                if rel.get("TargetMode") == "External" and kind != "hyperlink":
                    found.append((kind, rel.get("Target", "")))
        return found

    def _rels(self, part: str) -> etree._Element | None:
        """The parsed relationships part of ``part`` (``word/_rels/document.xml.rels``), if there is one."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        return self.xml(rels) if self.has(rels) else None


def parse_part(raw: bytes, name: str) -> etree._Element:
    """An XML part parsed safely (no DTD, no entities, no network), in the transitional vocabulary."""
    if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw:
        raise PackageProblem("SB006", part=name)
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageProblem(
            "SB004", reason=Text(f"{name} 已损坏（{exc.msg}）", f"{name} is damaged ({exc.msg})")
        ) from exc
    if _STRICT_PREFIX.encode() in raw:
        _to_transitional(root)
    return root


def internal_relationships(rels: etree._Element, folder: str) -> list[tuple[str, str, str]]:
    """``(id, type, target part)`` of a parsed ``.rels`` part's relationships inside the package."""
    out: list[tuple[str, str, str]] = []
    for rel in rels.iter(f"{{{RELS}}}Relationship"):
        target = rel.get("Target", "").replace("\\", "/")
        if rel.get("TargetMode") == "External" or not target:
            continue
        target = unquote(target.split("#", 1)[0])  # part names are URIs: “image%201.png” is “image 1.png”
        resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        out.append((rel.get("Id", ""), transitional(rel.get("Type", "")), resolved))
    return out


def office_document(archive: SafeZip) -> str | None:
    """The part that ``_rels/.rels`` names as the office document (a workbook, a Word document), if present."""
    if not archive.has("_rels/.rels"):
        return None
    for _, kind, target in internal_relationships(parse_part(archive.read("_rels/.rels"), "_rels/.rels"), ""):
        if kind == OFFICE_DOCUMENT and archive.has(target):
            return archive.getinfo(target).filename
    return None


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind_of(data: bytes, path: Path) -> str:
    """What the file really is, whatever its name says: zip, doc, wps, encrypted, pdf, rtf, ... or unknown."""
    if not data:
        return "empty"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data, path)
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html")):
        return "html"
    if head.startswith(b"<?xml") and b"<w:worddocument" in data[:65536].lower():
        return "word-xml"
    if head.startswith(b"<?xml") and b"<pkg:package" in data[:65536].lower():
        return "word-flat"
    return "unknown"


def _ole_kind(data: bytes, path: Path) -> str:
    """What an OLE compound file holds: an encrypted OOXML package, a Word 97 document, a workbook ..."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            if {"EncryptionInfo", "EncryptedPackage"} <= streams:
                return "encrypted"
            if "WordDocument" in streams:
                if path.suffix.lower() in (".wps", ".et") or b"W\x00P\x00S" in data[:65536]:
                    return "wps"
                return "doc-encrypted" if _word97_encrypted(ole.openstream("WordDocument").read(12)) else "doc"
            if streams & {"Workbook", "Book"}:
                return "xls"
            if "PowerPoint Document" in streams:
                return "ppt"
    except Exception:  # noqa: BLE001 - olefile raises many kinds on a damaged file; it is then just damaged
        return "ole-damaged"
    return "wps" if path.suffix.lower() in (".wps", ".et") else "ole"


def _word97_encrypted(fib: bytes) -> bool:
    """The fEncrypted flag of a Word 97-2003 file's FIB (bit 8 of the flags at offset 10)."""
    if len(fib) < 12:
        return False
    (flags,) = struct.unpack_from("<H", fib, 10)
    return bool(flags & 0x0100)


_NAMES = {
    "doc": Text("旧版 Word 97-2003 文档（.doc）", "an old Word 97-2003 document (.doc)"),
    "wps": Text("WPS 文字格式（.wps）", "a WPS Writer document (.wps)"),
    "xls": Text("旧版 Excel 表格（.xls）", "an old Excel workbook (.xls)"),
    "ppt": Text("旧版 PowerPoint 演示文稿（.ppt）", "an old PowerPoint deck (.ppt)"),
    "ole": Text(
        "旧版 Office 复合文档（既不是 Word 文档，也不是加密的 Word 文档）",
        "an old-style Office compound file (neither a Word document nor an encrypted one)",
    ),
    "pdf": Text("PDF 文件", "a PDF"),
    "rtf": Text("RTF 文件", "an RTF file"),
    "html": Text("网页文件", "a web page"),
    "word-xml": Text("Word 2003 XML 文档（.xml）", "a Word 2003 XML document (.xml)"),
    "word-flat": Text("Word XML 单文件文档（.xml）", "a flat Word XML document (.xml)"),
    "unknown": Text(
        "无法识别的文件（既不是 Word、WPS 文档，也不是 PDF 或图片）",
        "a file of unknown kind (not Word, WPS, PDF or a picture)",
    ),
    "odt": Text("OpenDocument 文本（.odt）", "an OpenDocument text (.odt)"),
    "ods": Text("OpenDocument 表格（.ods）", "an OpenDocument spreadsheet (.ods)"),
    "epub": Text("电子书（EPUB）", "an e-book (EPUB)"),
    "xlsx": Text("Excel 表格（.xlsx）", "an Excel workbook"),
    "pptx": Text("PowerPoint 演示文稿（.pptx）", "a PowerPoint deck"),
    "thmx": Text("Office 主题文件（.thmx）", "an Office theme (.thmx)"),
    "vsdx": Text("Visio 绘图（.vsdx）", "a Visio drawing (.vsdx)"),
    "package": Text("Office 格式的压缩包，但其中没有 Word 文档正文", "an Office package without a Word document in it"),
    "zip": Text("压缩包（.zip），不是 Word 文档", "a zip archive, not a Word document"),
}

_MAIN_TYPES = (  # content type of the main part → what the package is
    ("wordprocessingml", "docx"),
    ("ms-word.", "docx"),
    ("spreadsheetml", "xlsx"),
    ("ms-excel", "xlsx"),
    ("presentationml", "pptx"),
    ("ms-powerpoint", "pptx"),
    ("thememanager", "thmx"),
    ("ms-visio", "vsdx"),
)


def open_package(path: Path) -> Package:
    """The DOCX at ``path``, or :class:`PackageProblem` saying what it is instead."""
    if not path.is_file():
        raise PackageProblem("SB001", file=path.name)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PackageProblem(
            "SB005",
            reason=Text(f"文件超过 {MAX_FILE_BYTES // 2**20} MB", f"the file is over {MAX_FILE_BYTES // 2**20} MB"),
        )
    data = path.read_bytes()
    kind = kind_of(data, path)
    if kind == "empty":
        raise PackageProblem("SB002", file=path.name)
    if kind == "encrypted" or kind == "doc-encrypted":
        raise PackageProblem("SB019", file=path.name)
    if kind == "ole-damaged":
        raise PackageProblem(
            "SB004", reason=Text("旧版 Office 文件的内部结构已损坏", "the old-style Office file's structure is damaged")
        )
    if kind != "zip":
        raise PackageProblem("SB003", file=path.name, what=_NAMES[kind])
    try:
        archive = SafeZip(
            data,
            max_entries=MAX_ENTRIES,
            part_limit=MAX_PART,
            total_limit=MAX_UNCOMPRESSED,
            limits={".xml": MAX_XML_PART, ".rels": MAX_XML_PART},
        )
    except ArchiveProblem as problem:
        raise package_problem(problem) from None
    _check_sizes(archive.infolist())
    _refuse_macros(archive)
    package = Package(path, data, archive)
    package.main = _main_part(package)
    package.strict = _STRICT_PREFIX.encode() in package.read("_rels/.rels") if package.has("_rels/.rels") else False
    return package


def package_problem(problem: ArchiveProblem) -> PackageProblem:
    """A problem of the archive as the submitter hears it: damaged (SB004) or beyond the limits (SB005)."""
    return PackageProblem("SB004" if problem.kind == "damaged" else "SB005", reason=problem.reason)


MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MACRO_TYPES = ("macroenabled", "vbaproject")


def macro_parts(archive: SafeZip) -> list[str]:
    """The parts that make a package macro-enabled: VBA projects, whatever the file is called."""
    found = [name for name in archive.namelist() if name.lower().rsplit("/", 1)[-1] in MACRO_PARTS]
    if archive.has("[Content_Types].xml") and not found:
        types = archive.read("[Content_Types].xml").lower()
        found = ["[Content_Types].xml"] if any(marker.encode() in types for marker in MACRO_TYPES) else []
    return found


def _refuse_macros(archive: SafeZip) -> None:
    """A macro-enabled document (``.docm``, or one renamed ``.docx``) is refused: a case has no code in it."""
    found = macro_parts(archive)
    if found:
        raise PackageProblem("SB030", part=found[0])


def _main_part(package: Package) -> str:
    """The Word document part that ``_rels/.rels`` names, or :class:`PackageProblem` saying what the package is."""
    targets = [target for _, kind, target in package.relationships("") if kind == OFFICE_DOCUMENT]
    types = _content_types(package)
    for target in targets:
        if package.has(target):
            what = _package_kind(types.get(target.lower(), ""))
            if what in ("docx", ""):
                return target
            raise PackageProblem("SB003", file=package.path.name, what=_NAMES[what])
    if package.has("word/document.xml"):
        return "word/document.xml"  # no usable _rels/.rels: the usual place
    raise PackageProblem("SB003", file=package.path.name, what=_NAMES[_other_archive(package, types)])


def _content_types(package: Package) -> dict[str, str]:
    """Part name (lower case, without the leading /) → its content type, from ``[Content_Types].xml``."""
    if not package.has("[Content_Types].xml"):
        return {}
    root = package.xml("[Content_Types].xml")
    return {
        (o.get("PartName") or "").lstrip("/").lower(): (o.get("ContentType") or "").lower()
        for o in root.iter(f"{{{CONTENT_TYPES}}}Override")
    }


def _package_kind(content_type: str) -> str:
    for marker, kind in _MAIN_TYPES:
        if marker in content_type:
            return kind
    return ""


def _other_archive(package: Package, types: dict[str, str]) -> str:
    """What a zip without a Word document is: another Office format, OpenDocument, e-book, plain zip."""
    if package.has("mimetype"):
        mimetype = package.read("mimetype")[:100]
        if b"opendocument.text" in mimetype:
            return "odt"
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        if b"epub" in mimetype:
            return "epub"
    kinds = {_package_kind(t) for t in types.values()} - {""}
    for kind in ("xlsx", "pptx", "vsdx", "thmx"):
        if kind in kinds:
            return kind
    if package.has("xl/workbook.xml"):
        return "xlsx"
    if package.has("ppt/presentation.xml"):
        return "pptx"
    return "package" if package.has("[Content_Types].xml") else "zip"


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise PackageProblem("SB005", reason=Text(f"压缩包内有 {len(infos)} 个文件", f"{len(infos)} entries"))
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise PackageProblem(
            "SB005",
            reason=Text(
                f"解压后超过 {MAX_UNCOMPRESSED // 2**20} MB", f"over {MAX_UNCOMPRESSED // 2**20} MB uncompressed"
            ),
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.filename.endswith((".xml", ".rels")) and (
            info.file_size > MAX_XML_PART or (ratio > MAX_RATIO and info.file_size > 1024 * 1024)
        ):
            raise PackageProblem(
                "SB005", reason=Text(f"{info.filename} 解压后异常庞大", f"{info.filename} expands abnormally")
            )


# --- pictures ---------------------------------------------------------------------------------------

_PICTURES: list[tuple[str, Text]] = [
    ("jpeg", Text("JPG 照片", "a JPEG photo")),
    ("png", Text("PNG 图片", "a PNG image")),
    (
        "emf",
        Text(
            "EMF 矢量图（通常是从 Word、Excel 或 Visio 复制过来的图形，不是照片）",
            "an EMF vector drawing (usually a shape copied from Word, Excel or Visio, not a photo)",
        ),
    ),
    (
        "wmf",
        Text(
            "WMF 矢量图（旧版 Office 剪贴画或图形，不是照片）",
            "a WMF vector drawing (old Office clip art or a shape, not a photo)",
        ),
    ),
    ("gif", Text("GIF 动图或小图标", "a GIF (an animation or small graphic)")),
    ("bmp", Text("BMP 位图", "a BMP bitmap")),
    ("tiff", Text("TIFF 图片", "a TIFF image")),
    ("webp", Text("WebP 网页图片", "a WebP web image")),
    ("heic", Text("HEIC 照片（苹果手机的默认格式）", "a HEIC photo (the iPhone's default format)")),
    ("svg", Text("SVG 矢量图", "an SVG vector drawing")),
    ("pdf", Text("PDF 文件", "a PDF")),
    ("jxr", Text("JPEG XR（.wdp）图片", "a JPEG XR (.wdp) image")),
    ("unknown", Text("无法识别格式的文件", "a file of unknown format")),
]
PICTURE_NAMES = dict(_PICTURES)


def picture_kind(data: bytes) -> str:
    """The format of a picture, from its bytes (never from its name): jpeg, png, emf, wmf, ... or unknown."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"\x01\x00\x00\x00" and head[40:44] == b" EMF":
        return "emf"
    if head.startswith((b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")):
        return "wmf"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"II\xbc"):
        return "jxr"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"hevc"):
        return "heic"
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"<svg" in data[:2048].lower():
        return "svg"
    return "unknown"
