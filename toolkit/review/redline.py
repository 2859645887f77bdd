"""A model diff → the redline: HTML (to read in a browser) and PDF (to print), from one template.

``templates/pdf/redline.html`` sets inserted text underlined in green, deleted text
struck through in red, and flags changed, added and removed paragraphs in the left
margin; a summary page comes first. Long runs of unchanged paragraphs are folded
to one line, keeping one paragraph of context on each side of a change. It prints
with the PDF renderer's template environment and layout (:mod:`toolkit.render`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from toolkit.render.html import make_environment
from toolkit.render.pdf import layout, write
from toolkit.review.diff import ChapterDiff, EditionDiff, UnitChange

CONTEXT = 1
"""Unchanged paragraphs kept on each side of a change."""
FLAGS = {"changed": "修改", "added": "新增", "removed": "删除"}


@dataclass(frozen=True)
class Item:
    """A paragraph to print, or a number of unchanged ones folded away."""

    unit: UnitChange | None = None
    gap: int = 0


@dataclass(frozen=True)
class ChapterView:
    """A chapter as the redline prints it."""

    title: str
    status: str
    items: list[Item]


def fold(chapter: ChapterDiff, context: int = CONTEXT) -> list[Item]:
    """The chapter's units, unchanged runs away from any change folded into gaps."""
    units = chapter.units
    if chapter.status == "same":
        return []
    keep = {0}  # the chapter title
    for index, unit in enumerate(units):
        if unit.status != "same":
            keep.update(range(max(index - context, 0), min(index + context + 1, len(units))))
    items: list[Item] = []
    hidden = 0
    for index, unit in enumerate(units):
        if index in keep:
            if hidden:
                items.append(Item(gap=hidden))
                hidden = 0
            if index:  # the title is printed as the section heading
                items.append(Item(unit=unit))
        else:
            hidden += 1
    if hidden:
        items.append(Item(gap=hidden))
    return items


def redline_html(diff: EditionDiff, templates_dir: Path, author: str = "") -> str:
    """The redline as one self-contained HTML document."""
    chapters = [ChapterView(c.title, c.status, fold(c)) for c in diff.chapters]
    template = make_environment(templates_dir).get_template("redline.html")
    return template.render(diff=diff, chapters=chapters, flags=FLAGS, author=author)


def redline_pdf(html: str, templates_dir: Path) -> bytes:
    """The redline HTML typeset as PDF (fonts and stylesheet from ``templates/`` only)."""
    document = layout(html, templates_dir, templates_dir, {})
    buffer = io.BytesIO()
    write(document, buffer, html)
    return buffer.getvalue()
