"""Fonts and language on Word styles, the part python-docx leaves out.

``style.font.name`` only sets ``w:ascii``/``w:hAnsi``: Chinese text would fall
back to the theme's East Asian font. Every style therefore gets explicit
``w:rFonts`` (``w:eastAsia`` included) and ``w:lang w:eastAsia="zh-CN"``.
"""
from __future__ import annotations

from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from toolkit.config import ThemeConfig

REFERENCE_TEMPLATE = Path("docx") / "reference.docx"
"""The style template every DOCX starts from (the report and the case template), under ``templates/``;
built by ``tools/build_docx_template.py``."""
BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"

# Styles set in the heading face; every other style uses the body face.
HEADING_STYLES = frozenset({
    "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption",
    "TOC Heading", "TOC 1", "Header", "Footer", "Cover Publisher", "Table Text", "Table Heading",
    "Source Note", "Box Title", "Case Title", "Case Organisation", "Attribution", "Kicker", "Opener Entry",
    "Pillar Label", "Callout Value", "Callout Label", "Callout Period", "Statistic", "Phase Period", "Phase Title",
    "Feature Title", "Feature Organisation", "Focus Title", "Media Prompt", "Kicker Char",
})
STYLE_FONTS = {name: HEADING_FONT for name in HEADING_STYLES}
BOX_HEADINGS = {"Feature Title": 3, "Case Title": 4, "Box Title": 4, "Focus Title": 4, "Pillar Label": 5,
                "Phase Title": 5}
"""The element styles that title a box or a part of one, and their heading level (as ``<h3>``, ``<h4>`` in the
PDF): each gets the outline level, so that Word's navigation pane, its accessibility checker and screen
readers know them as headings, not as bold paragraphs (the contents list only levels 1–2)."""
ACCENT_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading", "Box Title",
                 "Pillar Label", "Callout Value", "Phase Period", "Focus Title", "Media Prompt")


def set_style_fonts(style: object, family: str, language: str = "zh-CN") -> None:
    """Give ``style`` the font ``family`` for every script and the East Asian language."""
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


TEMPLATE_ACCENT = "1F5F8B"
"""The accent colour ``templates/docx/reference.docx`` is drawn in."""


def apply_theme(document: object, theme: ThemeConfig, language: str) -> None:
    """Set the manifest's fonts and accent colour on every style of ``document``."""
    accent = RGBColor.from_string(theme.accent.lstrip("#").upper())
    for style in document.styles:  # type: ignore[attr-defined]
        if style.type == WD_STYLE_TYPE.TABLE:
            _recolour(style.element, str(accent))
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        family = theme.heading_font if style.name in HEADING_STYLES else theme.body_font
        set_style_fonts(style, family, language)
        if style.name in ACCENT_STYLES:
            style.font.color.rgb = accent


def _recolour(element: object, accent: str) -> None:
    """Borders and shading drawn in the template's accent take the edition's."""
    for node in element.iter():  # type: ignore[attr-defined]
        for attr in (qn("w:color"), qn("w:fill")):
            if node.get(attr) == TEMPLATE_ACCENT:
                node.set(attr, accent)
