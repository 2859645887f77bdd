"""Word styles: how the toolkit declares its own, and the fonts and colours an edition gives them.

``style.font.name`` only sets ``w:ascii``/``w:hAnsi``: Chinese text would fall back to the theme's
East Asian font. Every style therefore gets explicit ``w:rFonts`` (``w:eastAsia`` included) and
``w:lang w:eastAsia="zh-CN"``.

A style of the toolkit is declared as a :class:`WordStyle`: its look, and its two theme roles, the
edition's heading or body font and, optionally, its accent colour. ``tools/build_docx_template.py``
builds ``templates/docx/reference.docx`` from the declarations (the shared ones in
:mod:`toolkit.render.docx_styles`, a writer's own beside it in :mod:`toolkit.render.docx_blocks`); the
template then carries the roles itself (the heading face :data:`HEADING_FONT`, the colour
:data:`TEMPLATE_ACCENT`), and :func:`apply_theme` gives each style the edition's font and accent by them:
no list of styles to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from toolkit.config import ThemeConfig
from toolkit.ooxml.wml import put

REFERENCE_TEMPLATE = Path("docx") / "reference.docx"
"""The style template every DOCX starts from (the report and the case template), under ``templates/``;
built by ``tools/build_docx_template.py``."""
BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
TEMPLATE_ACCENT = "1F5F8B"
"""The accent colour ``templates/docx/reference.docx`` is drawn in: a style of this colour takes the edition's."""

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


@dataclass(frozen=True)
class WordStyle:
    """One Word style of the toolkit's reference template: its look and its theme roles."""

    name: str
    """As writers name it: ``Box Title``."""
    font: Literal["heading", "body"]
    """Theme role: set in the edition's heading font (``[theme] heading_font``) or its body font."""
    size: float
    """Points."""
    accent: bool = False
    """Theme role: drawn in the edition's accent colour (``[theme] accent``)."""
    colour: str | None = None
    """``RRGGBB`` of a style not in the accent colour (``None``: the text colour)."""
    bold: bool = False
    align: Literal["left", "right", "center"] | None = None
    keep: bool = False
    """Kept on the page of the paragraph after it (a title)."""
    indent: float | None = None
    """Left indent, points."""
    after: float = 4
    """Space after, points."""
    line_spacing: float | None = None
    """Lines (1.4); ``None``: as Normal."""
    heading: int | None = None
    """Its heading level (as ``<h3>``, ``<h4>`` in the PDF), for a style that titles a box or a part of one: the
    outline level makes Word's navigation pane, its accessibility checker and screen readers know it as a
    heading, not as a bold paragraph (the contents list levels 1–2 only)."""
    emphasis: str | None = None
    """Why a bold style is no heading (a number read with its label, a sentence printed large): Word's
    accessibility checker and screen readers take a paragraph all in bold for a heading, so a bold style
    has a :attr:`heading` level or says this (``tests/test_registry.py`` holds it to one of the two)."""
    leader_tab: float | None = None
    """A right tab stop with dot leaders at this many centimetres (an entry and its page number)."""
    character: bool = False
    """A character style (a run inside a paragraph), not a paragraph style."""
    letter_spacing: int | None = None
    """Extra space between letters, twentieths of a point (a letter-spaced slogan: 创 新 发 展)."""

    @property
    def family(self) -> str:
        """The template's font for its role (the edition's replaces it: :func:`apply_theme`)."""
        return HEADING_FONT if self.font == "heading" else BODY_FONT


def add_style(document: Any, spec: WordStyle) -> Any:
    """Add ``spec`` to ``document``'s styles (the reference template's builder), based on Normal."""
    styles = document.styles
    if spec.character:
        style = styles.add_style(spec.name, WD_STYLE_TYPE.CHARACTER)
    else:
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    colour = TEMPLATE_ACCENT if spec.accent else spec.colour
    if colour is not None:
        style.font.color.rgb = RGBColor.from_string(colour)
    if spec.letter_spacing is not None:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(spec.letter_spacing))
        style.element.get_or_add_rPr().append(spacing)
    if spec.character:
        return style
    paragraph = style.paragraph_format
    if spec.align is not None:
        paragraph.alignment = _ALIGN[spec.align]
    paragraph.keep_with_next = spec.keep
    paragraph.space_after = Pt(spec.after)
    no_first_line_indent(style)
    if spec.indent is not None:
        paragraph.left_indent = Pt(spec.indent)
    if spec.line_spacing is not None:
        paragraph.line_spacing = spec.line_spacing
    if spec.leader_tab is not None:
        paragraph.tab_stops.add_tab_stop(Cm(spec.leader_tab), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return style


def outline(document: Any, spec: WordStyle) -> None:
    """Give a box's title style its heading level (see :attr:`WordStyle.heading`)."""
    if spec.heading is not None:
        pPr = document.styles[spec.name].element.get_or_add_pPr()  # noqa: N806 - OOXML's name
        put(pPr, "outlineLvl").set(qn("w:val"), str(spec.heading - 1))


def no_first_line_indent(style: Any) -> None:
    """No first-line indent (Normal indents two characters)."""
    ind = style.paragraph_format._element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


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


def theme_roles(style: Any) -> tuple[str, bool]:
    """A template style's roles as the template carries them: ``heading`` or ``body`` font, accent or not."""
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    heading = fonts is not None and fonts.get(qn("w:eastAsia")) == HEADING_FONT
    colour = style.font.color.rgb if style.element.rPr is not None else None
    return ("heading" if heading else "body"), str(colour) == TEMPLATE_ACCENT


def apply_theme(document: object, theme: ThemeConfig, language: str) -> None:
    """Set the manifest's fonts and accent colour on every style of ``document``, by its roles in the template."""
    accent = RGBColor.from_string(theme.accent.lstrip("#").upper())
    for style in document.styles:  # type: ignore[attr-defined]
        if style.type == WD_STYLE_TYPE.TABLE:
            _recolour(style.element, str(accent))
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        font, accented = theme_roles(style)
        set_style_fonts(style, theme.heading_font if font == "heading" else theme.body_font, language)
        if accented:
            style.font.color.rgb = accent


def _recolour(element: object, accent: str) -> None:
    """Borders and shading drawn in the template's accent take the edition's."""
    for node in element.iter():  # type: ignore[attr-defined]
        for attr in (qn("w:color"), qn("w:fill")):
            if node.get(attr) == TEMPLATE_ACCENT:
                node.set(attr, accent)
