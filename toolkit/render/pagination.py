"""Where a section opens a new page: one decision, made from the model, that the PDF and the DOCX share.

The edition's theme says which ``##`` sections open a page (``[theme] section_pages``: those with a
two-part title, as the 2020 and 2021 reports print them, every one, or none). A section that
follows less than half a page of text runs on all the same: a page break after it would leave
the page nearly empty (a new chapter of six short paragraphs under three sections made three
such pages). How much a stretch of the report fills is estimated from its text and pictures
(:func:`page_share`), the same way for both outputs, so that the PDF and the DOCX break alike;
the first section after a chapter opener is left alone, since the opener is a page of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.model import Asset, CaseBox, Chapter, Chart, Edition, Figure, Section, TableRef
from toolkit.model.structure import Block, walk_blocks
from toolkit.model.text import block_lines

PAGE_EMS = 1500
"""Characters of body text a page holds: two columns of 38 lines of 21 characters at 10.5 pt (A4,
the report's margins), less the gaps between paragraphs. The DOCX's single column of 16 cm holds
about as many."""
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 170.0, 251.0
FIGURE_MAX_MM = 150.0
"""The tallest a picture is printed (``figure img { max-height }`` in report.css)."""
PLACEHOLDER_MM = 45.0
"""A picture whose file is missing is printed as a frame this tall; a chart is about as tall."""
TABLE_ROW_MM = 6.5
SHORT = 0.5
"""Less than this share of a page is a short section: the section after it runs on."""


def opens_page(chapter: Chapter, edition: Edition) -> set[str]:
    """The ids of the chapter's sections that open a new page."""
    wanted = edition.config.theme.section_pages
    opening: set[str] = set()
    before: list[Block] = list(chapter.intro)
    has_opener = chapter.opener and chapter.kind == "chapter"
    for index, section in enumerate(chapter.sections):
        first = index == 0 and (has_opener or not chapter.intro)
        if not first and _selected(section, wanted) and page_share(before, edition) >= SHORT:
            opening.add(section.id)
        before = list(section.blocks)
    return opening


def _selected(section: Section, wanted: str) -> bool:
    return wanted == "all" or (wanted == "two-part" and section.kicker is not None)


def page_share(blocks: Iterable[Block], edition: Edition) -> float:
    """About how much of a page the blocks fill: their text, and their pictures and tables by height."""
    blocks = list(blocks)
    text = sum(ems(line) for block in blocks for line in block_lines(edition, block))
    return (
        text / PAGE_EMS
        + sum(_picture_mm(node, edition) for block in blocks for node in walk_blocks(block)) / TEXT_HEIGHT_MM
    )


def ems(line: str) -> float:
    """A line's width in ems: Chinese full width, Latin letters and digits half; a paragraph's indent."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line) + 2


def _picture_mm(node: object, edition: Edition) -> float:
    if isinstance(node, Figure):
        return _printed_mm(edition.assets.get(node.src) if node.src else None)
    if isinstance(node, TableRef):
        table = edition.tables.get(node.table_id)
        return TABLE_ROW_MM * (len(table.rows) + 2) if table is not None else PLACEHOLDER_MM
    if isinstance(node, Chart):
        return 2 * PLACEHOLDER_MM
    if isinstance(node, CaseBox) and (case := edition.cases.get(node.case_id)) is not None:
        return sum(_printed_mm(edition.assets.get(photo.src)) for photo in case.photos)
    return 0.0


def _printed_mm(asset: Asset | None) -> float:
    """How tall a picture is printed across the text width (a missing one: its placeholder frame)."""
    if asset is None or not asset.width:
        return PLACEHOLDER_MM
    return min(TEXT_WIDTH_MM * asset.height / asset.width, FIGURE_MAX_MM)
