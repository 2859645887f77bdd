"""The case template: a DOCX form in Chinese that associations and companies fill in.

Built from the toolkit's own zh-CN style template, so it opens with Chinese
fonts in Word, WPS and LibreOffice. The form is a two-column table (label |
value) grouped under shaded headings; every value cell holds a grey hint that
the reader removes again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from toolkit.config import ThemeConfig
from toolkit.model import SDG_NAMES, Edition
from toolkit.ooxml.styles import REFERENCE_TEMPLATE, apply_theme
from toolkit.ooxml.wml import add_field, repeat_header, shade
from toolkit.submissions.form import FIELDS, GROUPS, TEMPLATE_VERSION, instructions

HINT_COLOUR = RGBColor(0x99, 0x99, 0x99)
REPORT_TITLE = "中国工业和信息化可持续发展报告"
_TALL = {"image": Cm(4.5), "paragraphs": Cm(9)}


def version_line(year: int | None) -> str:
    """The stamp the reader looks for: ``模板版本：2（2022 年版）``."""
    edition = f"（{year} 年版）" if year else ""
    return f"模板版本：{TEMPLATE_VERSION}{edition}"


def section_groups(edition: Edition | None) -> list[tuple[str, list[str]]]:
    """What “所属章节” may name, under each chapter's title: its sections, or the chapter itself."""
    if edition is None:
        return []
    return [
        (chapter.title, [s.full_title for s in chapter.sections] or [chapter.title])
        for chapter in edition.chapters
        if chapter.kind == "chapter"
    ]


def section_choices(edition: Edition | None) -> list[str]:
    """What “所属章节” may name: the edition's sections, or its chapters when they have none."""
    return [choice for _, choices in section_groups(edition) for choice in choices]


def write_template(
    templates_dir: Path,
    target: BinaryIO | Path,
    edition: Edition | None = None,
    year: int | None = None,
    filled: dict[str, str] | None = None,
) -> None:
    """Write the case template, for ``edition`` when given (its year, sections and colours).

    ``filled`` (field key → text, e.g. ``{"organisation": "某某协会", "organisation_kind": "协会"}``)
    is typed into those fields in place of their grey hints: the portal's template of one organisation.
    """
    year = edition.config.year if edition else year
    theme = edition.config.theme if edition else ThemeConfig()
    document = Document(str(templates_dir / REFERENCE_TEMPLATE))
    apply_theme(document, theme, "zh-CN")
    accent = theme.accent.lstrip("#").upper()
    _properties(document, year)
    _page(document, year)

    document.add_paragraph(f"《{REPORT_TITLE}》{year} 年版" if year else f"《{REPORT_TITLE}》", style="Subtitle")
    document.add_paragraph("案例征集模板", style="Title")
    document.add_paragraph("填写说明", style="Heading 2")
    groups = section_groups(edition)
    for number, text in enumerate(instructions(bool(groups)), start=1):
        paragraph = document.add_paragraph(style="Box Text")
        paragraph.paragraph_format.left_indent = Cm(0.7)
        paragraph.paragraph_format.first_line_indent = Cm(-0.7)
        paragraph.add_run(f"{number}.\t").bold = True
        paragraph.add_run(text)
    if groups:
        document.add_paragraph("可选章节", style="Heading 3")
        for chapter, choices in groups:
            heading = document.add_paragraph(style="Box Text")
            heading.paragraph_format.keep_with_next = True
            heading.add_run(f"{chapter}").bold = True
            for choice in choices:
                if choice != chapter:
                    document.add_paragraph(choice, style="List Bullet")
    document.add_paragraph("案例信息", style="Heading 2")
    _form(document, accent, filled or {})
    document.add_paragraph("附表：联合国 2030 年可持续发展目标", style="Heading 2")
    _sdg_table(document, accent)
    stamp = document.add_paragraph(style="Source Note")
    stamp.add_run(f"{version_line(year)}（请勿删除本行）").font.color.rgb = HINT_COLOUR
    document.save(target)


def _properties(document: Any, year: int | None) -> None:
    props = document.core_properties
    props.title = "案例征集模板"
    props.subject = f"《{REPORT_TITLE}》{year or ''} 案例征集"
    props.author = f"《{REPORT_TITLE}》编辑部"
    props.keywords = f"report-toolkit case-template {TEMPLATE_VERSION}"
    props.language = "zh-CN"
    moment = dt.datetime(year or 2020, 1, 1)
    props.created = props.modified = moment
    props.revision = 1


def _page(document: Any, year: int | None) -> None:
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{version_line(year)}　《{REPORT_TITLE}》编辑部　第 ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" 页")


def _table(document: Any, widths: list[Cm]) -> Any:
    """A table with fixed column widths (LibreOffice reads the grid, Word the cells: set both)."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    return table


def _row(table: Any, widths: list[Cm]) -> Any:
    row = table.add_row()
    for cell, width in zip(row.cells, widths):
        cell.width = width
        cell.paragraphs[0].style = "Table Text"
    return row


def _form(document: Any, accent: str, filled: dict[str, str]) -> None:
    widths = [Cm(3.8), Cm(12.8)]
    table = _table(document, widths)
    for group in GROUPS:
        header = _row(table, widths)
        header.height = Cm(0.8)
        cell = header.cells[0].merge(header.cells[1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        shade(cell, accent)
        cell.paragraphs[0].paragraph_format.keep_with_next = True  # a group heading stays with its rows
        run = cell.paragraphs[0].add_run(group)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        for field in (f for f in FIELDS if f.group == group):
            row = _row(table, widths)
            label_cell, value_cell = row.cells
            shade(label_cell, "F2F2F2")
            label = label_cell.paragraphs[0]
            label.add_run(field.label).bold = True
            if field.required:
                star = label.add_run("*")
                star.bold = True
                star.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            if filled.get(field.key):
                value_cell.paragraphs[0].add_run(filled[field.key])
            else:
                hint = value_cell.paragraphs[0].add_run(field.hint)
                hint.font.color.rgb = HINT_COLOUR
                hint.font.size = Pt(9)
            row.height = _TALL.get(field.kind, Cm(0.9))
            label_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _sdg_table(document: Any, accent: str) -> None:
    widths = [Cm(1.4), Cm(6.9), Cm(1.4), Cm(6.9)]
    table = _table(document, widths)
    heading = _row(table, widths)
    repeat_header(heading)
    for cell, text in zip(heading.cells, ("编号", "目标", "编号", "目标")):
        shade(cell, accent)
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    items = list(SDG_NAMES.items())
    half = (len(items) + 1) // 2
    for left, right in zip(items[:half], items[half:] + [(None, "")]):
        cells = _row(table, widths).cells
        cells[0].paragraphs[0].add_run(str(left[0]))
        cells[1].paragraphs[0].add_run(left[1])
        if right[0]:
            cells[2].paragraphs[0].add_run(str(right[0]))
            cells[3].paragraphs[0].add_run(right[1])
