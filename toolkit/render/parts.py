"""Laying out one part of the book: what a layout process does, in the build's process or another.

A :class:`PartRequest` holds everything a part's pages depend on (its HTML, the images it
shows, the folders the stylesheet and figures may be read from), so that it can be sent to
another process, laid out there, and its :class:`Part` sent back; the result is the same
bytes wherever it was laid out.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.config import ThemeConfig
from toolkit.model import Asset
from toolkit.render import pdf as pdf_stage
from toolkit.render.weasy import FontConfiguration

PX_TO_PT = 0.75


@dataclass
class Part:
    """A laid-out part: its PDF, its pages, where its anchors and bookmarks are (PDF points)."""

    pdf: bytes
    pages: int
    anchors: dict[str, list[float]]
    """Anchor id → [page index in the part, x, y]."""
    bookmarks: list[Any]
    """``[title, page index, x, y, children]`` trees."""
    ghosts: list[str] = field(default_factory=list)
    """Anchors that stand in for targets in other parts."""
    boxes: dict[str, list[float]] = field(default_factory=dict)
    """For the anchors asked for: [page index, left, top, right, bottom] in CSS pixels from the
    page's top-left corner (where the page numbers of a chapter opener go)."""


@dataclass(frozen=True)
class PartRequest:
    """Everything needed to lay out one part, in this process or another."""

    html: str
    templates_dir: Path
    edition_dir: Path
    assets: dict[str, Asset]
    """The images the part shows (only those: they travel to the layout process)."""
    ghosts: tuple[str, ...] = ()
    boxes: tuple[str, ...] = ()
    write: bool = True
    """Write the PDF; ``False`` only counts the pages."""


@lru_cache(maxsize=1)
def _fonts() -> FontConfiguration:
    """One font configuration per process, shared by the parts it lays out (fonts load once)."""
    return FontConfiguration()


def lay_out(request: PartRequest) -> Part:
    """Lay out (and write) one part with WeasyPrint, noting its anchors and bookmarks."""
    document = pdf_stage.layout(request.html, request.templates_dir, request.edition_dir, request.assets,
                                font_config=_fonts())
    pages = len(document.pages)
    if not request.write:
        return Part(b"", pages, {}, [])
    buffer = io.BytesIO()
    pdf_stage.write(document, buffer, request.html)
    anchors: dict[str, list[float]] = {}
    boxes: dict[str, list[float]] = {}
    for index, page in enumerate(document.pages):
        for name, (x, y, right, bottom) in page.anchors.items():
            if name in request.boxes:
                boxes.setdefault(name, [index, x, y, right, bottom])
            anchors.setdefault(name, [index, x * PX_TO_PT, (page.height - y) * PX_TO_PT])
    bookmarks = _bookmarks(document.make_bookmark_tree(scale=PX_TO_PT, transform_pages=True))
    return Part(buffer.getvalue(), pages, anchors, bookmarks, list(request.ghosts), boxes)


def _bookmarks(tree: list[Any]) -> list[Any]:
    return [[label, target[0], target[1], target[2], _bookmarks(children)]
            for label, target, children, _ in tree]


_WARM_UP = ('<html lang="zh-CN"><body style="font-family: \'{serif}\'"><p>预热 warm-up <b>粗</b></p>'
            '<p style="font-family: \'{sans}\'">预热 <b>粗</b> 1</p></body></html>')


def warm_up() -> None:
    """Load the usual fonts and WeasyPrint's machinery before the first part arrives (layout processes)."""
    theme = ThemeConfig()
    html = _WARM_UP.format(serif=theme.body_font, sans=theme.heading_font)
    here = Path(__file__).resolve().parent
    lay_out(PartRequest(html, here, here, {}))
