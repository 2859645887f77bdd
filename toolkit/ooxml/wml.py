"""Raw WordprocessingML that python-docx has no API for: fields, bookmarks, settings, shading, borders.

Shared by the report's DOCX writer and the case template (:mod:`toolkit.ooxml`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def _fld_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(char)


def _instruction(paragraph: Paragraph, instruction: str) -> None:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> Any:
    """A complex field (``PAGE``, ``SEQ 表``, ``PAGEREF ...``) whose result Word computes.

    ``placeholder`` is the result shown until the field is updated; its run is returned.
    """
    _fld_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _fld_char(paragraph, "separate")
    result = paragraph.add_run(placeholder)
    _fld_char(paragraph, "end")
    return result


def add_caption_label(paragraph: Paragraph, label: str | None) -> None:
    """``表 3`` before a caption, its number a SEQ field Word renumbers when tables move."""
    if not label:
        return
    name, _, number = label.partition(" ")
    paragraph.add_run(f"{name} ").bold = True
    add_field(paragraph, f"SEQ {name} \\* ARABIC", number).bold = True
    paragraph.add_run("\u3000")


@dataclass(frozen=True)
class TocEntry:
    """A line of the table of contents: level (1, 2), text, and the bookmark of its heading."""

    level: int
    text: str
    bookmark: str


TOC_PROMPT = "目录将在打开文档时更新（若未更新，请右键点击此处并选择“更新域”）。"


def add_toc(
    first: Paragraph,
    entries: Sequence[TocEntry],
    new_paragraph: Callable[[str], Paragraph],
    levels: str = "1-2",
    numbered: bool = True,
) -> list[tuple[Any, str, str]]:
    """A TOC field over heading levels ``levels``, its result filled with ``entries``.

    Word rebuilds the result on open (``updateFields``); programs that do not update
    fields (LibreOffice's converter, previews, WPS in some modes) show the entries
    as written: each with a dot leader and a PAGEREF field for its page, or, when not
    ``numbered``, the titles alone. ``first`` carries the first entry (styled ``TOC 1``);
    ``new_paragraph(style)`` adds each following one. Returns each PAGEREF's result run
    with its bookmark and the entry's text, for the page numbers to be written in.
    """
    _fld_char(first, "begin")
    _instruction(first, f'TOC \\o "{levels}" \\h \\z \\u')
    _fld_char(first, "separate")
    if not entries:
        first.add_run(TOC_PROMPT)
        _fld_char(first, "end")
        return []
    references = []
    paragraph = first
    for index, entry in enumerate(entries):
        if index:
            paragraph = new_paragraph(f"TOC {entry.level}")
        paragraph.add_run(entry.text)
        if numbered:
            paragraph.add_run("\t")
            references.append((add_field(paragraph, f"PAGEREF {entry.bookmark} \\h", ""), entry.bookmark, entry.text))
    _fld_char(paragraph, "end")
    return references


def update_fields_on_open(document: Any) -> None:
    """Ask Word to refresh every field (TOC, page numbers, captions) when the file is opened."""
    put(document.settings.element, "updateFields").set(qn("w:val"), "true")


def set_document_variable(document: Any, name: str, value: str) -> None:
    """A document variable (``w:docVar``): data that travels with the file, never printed."""
    variables = put(document.settings.element, "docVars")
    for variable in variables.findall(qn("w:docVar")):
        if variable.get(qn("w:name")) == name:
            variables.remove(variable)
    variable = OxmlElement("w:docVar")
    variable.set(qn("w:name"), name)
    variable.set(qn("w:val"), value)
    variables.append(variable)


_BOOKMARK_OK = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(identifier: str) -> str:
    """A Word-legal bookmark name for a model id: a letter first, ``[A-Za-z0-9_]``, at most 40 chars."""
    name = "_" + _BOOKMARK_OK.sub("_", identifier)
    name = "b" + name if not name[1:2].isalpha() else name[1:]
    if len(name) > 40:
        name = name[:31] + "_" + hashlib.sha1(identifier.encode()).hexdigest()[:8]
    return name


class BookmarkIds:
    """Numbers bookmarks across one document (``w:id`` must be unique)."""

    def __init__(self) -> None:
        self.next = 0

    def _pair(self, name: str) -> tuple[Any, Any]:
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next))
        self.next += 1
        return start, end

    def add(self, paragraph: Paragraph, identifier: str) -> str:
        """Wrap the paragraph's content in a bookmark named after ``identifier``."""
        name = bookmark_name(identifier)
        start, end = self._pair(name)
        p = paragraph._p
        p.insert(_content_start(p), start)
        p.append(end)
        return name

    def point(self, paragraph: Paragraph, name: str) -> None:
        """An empty bookmark ``name`` at the very start of the paragraph's content (a source marker)."""
        start, end = self._pair(name)
        p = paragraph._p
        index = _content_start(p)
        p.insert(index, end)
        p.insert(index, start)


def _content_start(p: Any) -> int:
    """Index of a paragraph's first content child (after its properties)."""
    return 1 if len(p) and p[0].tag == qn("w:pPr") else 0


# Children of Word's property elements and settings must come in the schema's order (Word
# reports a file as damaged otherwise), so raw elements are put in place, never appended.
_ORDER = {
    "w:tcPr": (
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    ),
    "w:trPr": (
        "cnfStyle",
        "divId",
        "gridBefore",
        "gridAfter",
        "wBefore",
        "wAfter",
        "cantSplit",
        "trHeight",
        "tblHeader",
        "tblCellSpacing",
        "jc",
        "hidden",
        "ins",
        "del",
        "trPrChange",
    ),
    "w:pPr": (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ),
    "w:tblPr": (
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
        "tblPrChange",
    ),
    "w:tcBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl"),
    "w:pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    # the settings python-docx's template holds and those written here, from updateFields on
    "w:settings": (
        "updateFields",
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ),
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""The WordprocessingML namespace."""
SCHEMA_ORDER = {parent: tuple(qn(f"w:{name}") for name in names) for parent, names in _ORDER.items()}


def put(parent: Any, tag: str) -> Any:
    """The child ``w:tag`` of a property element, created in its schema position (replacing none)."""
    existing = parent.find(qn(f"w:{tag}"))
    if existing is not None:
        return existing
    element = OxmlElement(f"w:{tag}")
    order = SCHEMA_ORDER[parent.tag.replace(f"{{{W}}}", "w:")]
    rank = order.index(qn(f"w:{tag}"))
    later = set(order[rank + 1 :])
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def repeat_header(row: Any) -> None:
    """Repeat a table row at the top of every page the table crosses."""
    put(row._tr.get_or_add_trPr(), "tblHeader").set(qn("w:val"), "true")


def table_look(table: Any, first_row: bool = False, banded_rows: bool = False) -> None:
    """Which parts of the table style apply (``w:tblLook``): the header row, banded rows."""
    look = put(table._tbl.tblPr, "tblLook")
    flags = {
        "w:firstRow": first_row,
        "w:lastRow": False,
        "w:firstColumn": False,
        "w:lastColumn": False,
        "w:noHBand": not banded_rows,
        "w:noVBand": True,
    }
    for name, on in flags.items():
        look.set(qn(name), "1" if on else "0")
    value = (0x0020 if first_row else 0) | (0 if banded_rows else 0x0200) | 0x0400
    look.set(qn("w:val"), f"{value:04X}")


def no_wrap(cell: Any) -> None:
    """Keep a cell's text on one line (numbers)."""
    put(cell._tc.get_or_add_tcPr(), "noWrap")


def cant_split(row: Any) -> None:
    """Keep a table row on one page."""
    put(row._tr.get_or_add_trPr(), "cantSplit")


def shade(cell: Any, fill: str) -> None:
    """Background colour of a table cell (``fill`` as ``RRGGBB``)."""
    _fill(put(cell._tc.get_or_add_tcPr(), "shd"), fill)


def shade_paragraph(paragraph: Paragraph, fill: str) -> None:
    """Background colour behind a paragraph (a case box's title band)."""
    _fill(put(paragraph._p.get_or_add_pPr(), "shd"), fill)


def _fill(shd: Any, fill: str) -> None:
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def dashed_borders(cell: Any, color: str = "999999") -> None:
    """A dashed frame around a cell: the placeholder of a missing image."""
    box_borders(cell, color, "dashed", 6)


def box_borders(
    cell: Any,
    color: str,
    kind: str = "single",
    size: int = 8,
    sides: tuple[str, ...] = ("top", "left", "bottom", "right"),
) -> None:
    """The same border on the ``sides`` of a cell, by default all four (``kind="nil"`` removes them)."""
    borders = put(cell._tc.get_or_add_tcPr(), "tcBorders")
    for side in sides:
        _rule(put(borders, side), color, size, kind)


def border_left(target: Any, color: str, size: int = 16) -> None:
    """A rule on the left of a cell or a paragraph (timelines, quotes, focus items)."""
    _border(target, "left", color, size)


def border_top(target: Any, color: str, size: int = 4) -> None:
    """A rule above a cell or a paragraph (the preface's thanks)."""
    _border(target, "top", color, size)


def _border(target: Any, side: str, color: str, size: int) -> None:
    if hasattr(target, "_tc"):
        holder = put(target._tc.get_or_add_tcPr(), "tcBorders")
    else:
        holder = put(target._p.get_or_add_pPr(), "pBdr")
    border = put(holder, side)
    _rule(border, color, size)
    border.set(qn("w:space"), "4")


def _rule(border: Any, color: str, size: int, kind: str = "single") -> None:
    border.attrib.clear()
    border.set(qn("w:val"), kind)
    if kind != "nil":
        border.set(qn("w:sz"), str(size))
        border.set(qn("w:color"), color)


_WATERMARK = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>
<v:shape id="DraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" alt="水印：{text}"
  style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:105pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
  fillcolor="#b00020" stroked="f"><v:fill opacity=".12"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/></v:shape></w:pict></w:r>"""


def add_watermark(paragraph: Paragraph, text: str, font: str = "Noto Sans CJK SC") -> None:
    """Word's own kind of watermark: a rotated word-art shape anchored in the header."""
    from lxml import etree

    run = etree.fromstring(_WATERMARK.format(text=text, font=font))
    paragraph._p.append(run)
