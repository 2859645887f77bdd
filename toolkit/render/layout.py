"""What a layout process does: lay out one part of the book with WeasyPrint and write it.

Runs in the layout processes of :mod:`toolkit.render.workers` (or in the build's own process
with ``--jobs 1``), which import this module by name: the build's process need not import
WeasyPrint when others lay out.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.render import pdf as pdf_stage
from toolkit.render.parts import PX_TO_PT, Part, PartRequest
from toolkit.render.weasy import CSS, FontConfiguration

STYLESHEET = "report.css"


@lru_cache(maxsize=1)
def _fonts() -> FontConfiguration:
    """One font configuration per process, shared by the parts it lays out (fonts load once)."""
    return FontConfiguration()


@lru_cache(maxsize=4)
def _stylesheet(templates_dir: Path, digest: str) -> CSS:
    """The report's stylesheet, parsed once per process (parts do not link it: see ``BookHtml``)."""
    text = (templates_dir / "pdf" / STYLESHEET).read_text(encoding="utf-8")
    return CSS(string=text, base_url=pdf_stage.base_url(templates_dir))


def stylesheet(templates_dir: Path) -> CSS:
    """The parsed stylesheet as the file is now."""
    data = (templates_dir / "pdf" / STYLESHEET).read_bytes()
    return _stylesheet(templates_dir, hashlib.sha256(data).hexdigest())


def lay_out(request: PartRequest) -> Part:
    """Lay out (and write) one part with WeasyPrint, noting its anchors and bookmarks."""
    document = pdf_stage.layout(
        request.html,
        request.templates_dir,
        request.edition_dir,
        request.assets,
        font_config=_fonts(),
        stylesheets=[stylesheet(request.templates_dir)],
    )
    pages = len(document.pages)
    if not request.write:
        return Part(b"", pages, {}, [])
    buffer = io.BytesIO()
    pdf_stage.write(document, buffer, request.html, request.tagged)
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
    return [[label, target[0], target[1], target[2], _bookmarks(children)] for label, target, children, _ in tree]


_WARM_UP = (
    '<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\'"><p>预热 warm-up <b>粗</b></p>'
    "<p style=\"font-family: 'Noto Sans CJK SC'\">预热 <b>粗</b> 1</p></body></html>"
)


def warm_up(templates_dir: Path) -> None:
    """Parse the stylesheet and load the usual fonts before the first part arrives (layout processes).

    Laid out, not written: writing (subsetting the fonts) tripled the warm-up for a few hundredths
    of a second saved later, and a rebuild's one chapter often waits for the warm-up to end.
    """
    stylesheet(templates_dir)
    lay_out(PartRequest(_WARM_UP, templates_dir, templates_dir, {}, write=False))
