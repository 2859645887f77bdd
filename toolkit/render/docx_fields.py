"""Raw OOXML that python-docx has no API for: fields, bookmarks, settings, shading."""
from __future__ import annotations

import hashlib
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (``PAGE``, ``TOC ...``) whose result Word computes."""
    def fld_char(kind: str) -> None:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")
        run._r.append(char)

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def add_toc(paragraph: Paragraph, levels: str = "1-2") -> None:
    """A table-of-contents field over heading levels ``levels``, with hyperlinks."""
    add_field(paragraph, f'TOC \\o "{levels}" \\h \\z \\u', "目录将在打开文档时更新（若未更新，请右键点击此处并选择“更新域”）。")


def update_fields_on_open(document: object) -> None:
    """Ask Word to refresh every field (TOC, page numbers) when the file is opened."""
    settings = document.settings.element  # type: ignore[attr-defined]
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings.append(existing)
    existing.set(qn("w:val"), "true")


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

    def add(self, paragraph: Paragraph, identifier: str) -> str:
        """Wrap the paragraph's content in a bookmark named after ``identifier``."""
        name = bookmark_name(identifier)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next))
        self.next += 1
        p = paragraph._p
        ppr = p.find(qn("w:pPr"))
        index = 1 if ppr is not None else 0
        p.insert(index, start)
        p.append(end)
        return name


def shade(element: object, fill: str) -> None:
    """Background colour of a table cell (``fill`` as ``RRGGBB``)."""
    tc_pr = element._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def repeat_header(row: object) -> None:
    """Repeat a table row at the top of every page the table crosses."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def cant_split(row: object) -> None:
    """Keep a table row on one page."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))


def dashed_borders(cell: object, color: str = "999999") -> None:
    """A dashed frame around a cell: the placeholder of a missing image."""
    box_borders(cell, color, "dashed", 6)


def box_borders(cell: object, color: str, kind: str = "single", size: int = 8) -> None:
    """The same border on all four sides of a cell (``kind="nil"`` removes them)."""
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), kind)
        if kind != "nil":
            border.set(qn("w:sz"), str(size))
            border.set(qn("w:color"), color)
        borders.append(border)
    tc_pr.append(borders)


def border_left(target: object, color: str, size: int = 16) -> None:
    """A rule on the left of a cell or a paragraph (timelines, quotes, focus items)."""
    _border(target, "left", color, size)


def border_top(target: object, color: str, size: int = 4) -> None:
    """A rule above a cell or a paragraph (the preface's thanks)."""
    _border(target, "top", color, size)


def _border(target: object, side: str, color: str, size: int) -> None:
    if hasattr(target, "_tc"):
        props = target._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
        holder = OxmlElement("w:tcBorders")
    else:
        props = target._p.get_or_add_pPr()  # type: ignore[attr-defined]
        holder = OxmlElement("w:pBdr")
    border = OxmlElement(f"w:{side}")
    border.set(qn("w:val"), "single")
    border.set(qn("w:sz"), str(size))
    border.set(qn("w:space"), "4")
    border.set(qn("w:color"), color)
    holder.append(border)
    props.append(holder)


def shade_paragraph(paragraph: Paragraph, fill: str) -> None:
    """Background colour behind a paragraph (a case box's title band)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shd)


_WATERMARK = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>
<v:shape id="DraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136"
  style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:105pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
  fillcolor="#b00020" stroked="f"><v:fill opacity=".12"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/></v:shape></w:pict></w:r>"""


def add_watermark(paragraph: Paragraph, text: str, font: str = "Noto Sans CJK SC") -> None:
    """Word's own kind of watermark: a rotated word-art shape anchored in the header."""
    from lxml import etree

    run = etree.fromstring(_WATERMARK.format(text=text, font=font))
    paragraph._p.append(run)
