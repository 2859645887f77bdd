#!/usr/bin/env python3
"""Rebuild ``templates/docx/reference.docx``, the toolkit's zh-CN Word style template.

python-docx's own template is Japanese-themed (``themeFontLang`` ja-JP, MS Mincho
and MS Gothic as East Asian theme fonts). This script starts from it and makes
every part Chinese: theme fonts, document defaults, and each style the renderer
uses, with ``w:eastAsia`` fonts and ``w:lang w:eastAsia="zh-CN"`` set explicitly.

    .venv/bin/python tools/build_docx_template.py

The result is committed; run this again only to change the template's design.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.ooxml.styles import (  # noqa: E402
    BODY_FONT,
    HEADING_FONT,
    TEMPLATE_ACCENT,
    add_style,
    no_first_line_indent,
    outline,
    set_style_fonts,
)
from toolkit.render.docx_blocks import declared_styles  # noqa: E402

TARGET = ROOT / "templates" / "docx" / "reference.docx"
ACCENT = RGBColor.from_string(TEMPLATE_ACCENT)
HEADING_FACE = frozenset(
    {
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Heading 4",
        "Caption",
        "TOC Heading",
        "TOC 1",
        "Header",
        "Footer",
        "Cover Publisher",
        "Table Text",
        "Table Heading",
        "Source Note",
    }
)
"""The styles of python-docx's template (and the few built here) set in the heading face; every other one is set
in the body face, and the toolkit's declared styles say their own (``WordStyle.font``)."""


def _paragraph_style(document, name: str, base: str = "Normal"):
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def _character_style(document, name: str):
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.quick_style = True
        return style


def build() -> bytes:
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = 1.5
    fmt.widow_control = True
    ind = fmt._element.get_or_add_pPr().get_or_add_ind()
    # Two characters, whatever the font size; firstLine is the fallback for readers
    # that ignore the character-based value.
    ind.set(qn("w:firstLineChars"), "200")
    ind.set(qn("w:firstLine"), "420")

    sizes = {"Heading 1": 22, "Heading 2": 15, "Heading 3": 12, "Heading 4": 10.5}
    for level, (name, size) in enumerate(sizes.items()):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = ACCENT
        pf = style.paragraph_format
        pf.keep_with_next = True
        pf.space_before = Pt(18 if level < 2 else 10)
        pf.space_after = Pt(8 if level < 2 else 4)
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        no_first_line_indent(style)

    title = document.styles["Title"]
    title.font.size = Pt(28)
    title.font.bold = True
    title.font.color.rgb = ACCENT
    no_first_line_indent(title)
    _drop_border(title)
    subtitle = document.styles["Subtitle"]
    subtitle.font.size = Pt(14)
    subtitle.font.italic = False
    subtitle.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    no_first_line_indent(subtitle)

    caption = document.styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Table and chart captions stand above what they name; figure captions unset this.
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(8)
    no_first_line_indent(caption)

    toc_heading = document.styles["TOC Heading"]
    toc_heading.font.color.rgb = ACCENT
    for level in (1, 2, 3):
        style = _paragraph_style(document, f"TOC {level}")
        style.paragraph_format.left_indent = Pt(10.5 * 2 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.line_spacing = 1.2  # the contents of both editions fit on one page
        style.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1
        no_first_line_indent(style)

    for name in ("Header", "Footer"):
        style = document.styles[name]
        style.font.size = Pt(8)
        style.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        no_first_line_indent(style)
    document.styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for name in ("List Bullet", "List Number"):
        no_first_line_indent(document.styles[name])

    cover = _paragraph_style(document, "Cover Publisher")
    cover.font.size = Pt(14)
    no_first_line_indent(cover)
    figure = _paragraph_style(document, "Figure")
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    no_first_line_indent(figure)
    note = _paragraph_style(document, "Source Note")
    note.font.size = Pt(8)
    note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    no_first_line_indent(note)
    table_text = _paragraph_style(document, "Table Text")
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.15
    no_first_line_indent(table_text)
    table_heading = _paragraph_style(document, "Table Heading", base="Table Text")
    table_heading.font.bold = True
    table_heading.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    table_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _character_style(document, "Credit").font.color.rgb = RGBColor(0x77, 0x77, 0x77)
    _element_styles(document)
    _report_table_style(document)

    fonts = {spec.name: spec.family for spec in declared_styles()}
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            set_style_fonts(style, fonts.get(style.name, HEADING_FONT if style.name in HEADING_FACE else BODY_FONT))
    _set_doc_defaults(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return _patch_package(buffer.getvalue())


def _element_styles(document) -> None:
    """The toolkit's declared styles (``toolkit/render/docx_styles.py``, and those declared beside their
    writers): one paragraph style per element part, so that a reviewer can restyle every case box at once."""
    for spec in declared_styles():
        add_style(document, spec)
    for spec in declared_styles():
        outline(document, spec)


REPORT_TABLE = """<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  w:type="table" w:customStyle="1" w:styleId="ReportTable">
  <w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/><w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="276" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>
  <w:rPr><w:sz w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblStyleRowBandSize w:val="1"/>
    <w:tblBorders>
      <w:top w:val="single" w:sz="12" w:space="0" w:color="{accent}"/>
      <w:bottom w:val="single" w:sz="12" w:space="0" w:color="{accent}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:pPr><w:jc w:val="center"/></w:pPr>
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tblPr/><w:trPr><w:tblHeader/></w:trPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{accent}"/></w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="band2Horz">
    <w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F5F7"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""


def _report_table_style(document) -> None:
    """The report's table style: rules above and below, a coloured header row, banded rows."""
    from lxml import etree

    styles = document.styles.element
    styles.append(etree.fromstring(REPORT_TABLE.format(accent=str(ACCENT))))


def _drop_border(style) -> None:
    pPr = style.paragraph_format._element.get_or_add_pPr()
    for border in pPr.findall(qn("w:pBdr")):
        pPr.remove(border)


def _set_doc_defaults(document) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _patch_package(data: bytes) -> bytes:
    """Theme and settings parts python-docx has no API for."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename.startswith("customXml/") or item.filename == "docProps/thumbnail.jpeg":
                continue
            content = source.read(item.filename)
            if item.filename == "word/settings.xml":
                text = content.decode("utf-8")
                text = text.replace('w:eastAsia="ja-JP"', 'w:eastAsia="zh-CN"')
                content = text.encode("utf-8")
            elif item.filename == "word/theme/theme1.xml":
                text = content.decode("utf-8")
                text = _theme_fonts(text)
                content = text.encode("utf-8")
            elif item.filename in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
                text = content.decode("utf-8")
                text = re.sub(r'<Override PartName="/customXml/[^>]*/>', "", text)
                text = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", text)
                text = re.sub(r"<Relationship [^>]*(thumbnail|customXml)[^>]*/>", "", text)
                content = text.encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _theme_fonts(text: str) -> str:
    major = text.index("<a:majorFont>")
    minor = text.index("<a:minorFont>")
    head, major_part, minor_part = text[:major], text[major:minor], text[minor:]
    major_part = major_part.replace('<a:ea typeface=""/>', f'<a:ea typeface="{HEADING_FONT}"/>', 1)
    minor_part = minor_part.replace('<a:ea typeface=""/>', f'<a:ea typeface="{BODY_FONT}"/>', 1)
    major_part = re.sub(
        r'<a:font script="Hans" typeface="[^"]*"/>', f'<a:font script="Hans" typeface="{HEADING_FONT}"/>', major_part
    )
    minor_part = re.sub(
        r'<a:font script="Hans" typeface="[^"]*"/>', f'<a:font script="Hans" typeface="{BODY_FONT}"/>', minor_part
    )
    return head + major_part + minor_part


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    print(f"wrote {TARGET.relative_to(ROOT)}")
