"""One part of the book, as sent to a layout process and as it comes back; the parts, as sent to be bound.

A :class:`PartRequest` holds everything a part's pages depend on (its HTML, the images it
shows, the folders the stylesheet and figures may be read from), so that it can be sent to
another process and laid out there (:mod:`toolkit.render.layout`); its :class:`Part` comes
back. The result is the same bytes wherever it was laid out. A :class:`BindRequest` holds the
placed parts and the book's metadata, for :mod:`toolkit.render.binding` to bind them, here or in
another process. This module stays light (no WeasyPrint, no pypdf, no model), for all sides to import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PX_TO_PT = 0.75
FOLIO_PREFIX = "folio-"
"""Anchors that only tell where page numbers go: not destinations of the book."""
ASSET_SCHEME = "asset:"
"""The scheme of the URLs under which the model's images are served to WeasyPrint."""


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
class Picture:
    """An image of the model, as bytes: what a layout process needs of a :class:`toolkit.model.Asset`."""

    data: bytes
    media_type: str


@dataclass(frozen=True)
class PartRequest:
    """Everything needed to lay out one part, in this process or another."""

    html: str
    templates_dir: Path
    edition_dir: Path
    assets: dict[str, Picture]
    """The images the part shows (only those: they travel to the layout process)."""
    ghosts: tuple[str, ...] = ()
    boxes: tuple[str, ...] = ()
    write: bool = True
    """Write the PDF; ``False`` only counts the pages."""
    tagged: bool = False
    """Write it with a structure tree (PDF/UA-1, PDF/A-3u: see :mod:`toolkit.render.tagged`)."""


@dataclass(frozen=True)
class PlacedPart:
    """A part in its place in the book, with the folio part holding its page numbers; no part: a blank page."""

    part: Part | None
    folio: Part | None = None
    folio_first: int = 0
    """The index, in the folio part, of the page holding this part's first page number."""


@dataclass(frozen=True)
class BookInfo:
    """The book's metadata (information dictionary, XMP)."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    built: dt.date


@dataclass(frozen=True)
class BindRequest:
    """Everything needed to bind the book, in this process or another."""

    placed: list[PlacedPart]
    info: BookInfo
    fonts: Path | None
    """The folder keeping the union font subsets between builds (the build's cache), if any."""
    tagged: bool
    """Merge the parts' structure trees into one (PDF/UA-1, PDF/A-3u)."""
    media: tuple[str, ...] = ("print",)
    """The books to write: for print, and/or for reading on screen (the same without its blank pages)."""
