"""HTML → PDF with WeasyPrint, in two explicit steps: layout, then write.

Keeping the steps apart lets the benchmark time WeasyPrint alone on the very
HTML the toolkit produced, and lets tests look at the laid-out pages without
writing a file.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from toolkit.render import cjk_justify, tagged_part
from toolkit.render.fetcher import Image, SafeFetcher
from toolkit.render.weasy import CSS, HTML, Document


class _Silence(logging.Filter):
    """WeasyPrint logs refused fetches as warnings; the fetcher keeps its own list."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "refused to fetch" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_Silence())


def layout(
    html: str,
    templates_dir: Path,
    edition_dir: Path,
    assets: Mapping[str, Image],
    font_config: object | None = None,
    stylesheets: Sequence[CSS] = (),
) -> Document:
    """Lay the report out into pages (``stylesheets``: parsed already, for a document that does not link them).

    A box kept whole (``break-inside: avoid``: a case, a table) that is taller than a page is
    pushed to the next page by WeasyPrint and split there all the same, leaving the page before it
    mostly empty; such a box is let free to break and the part laid out again (:func:`oversized`),
    so that it starts where it stands and breaks where the stylesheet allows inside it.
    """
    cjk_justify.install()
    tagged_part.install()
    fetcher = SafeFetcher([templates_dir, edition_dir], assets)
    source = HTML(string=html, base_url=base_url(templates_dir), url_fetcher=fetcher)
    document = source.render(font_config=font_config, stylesheets=list(stylesheets))
    if not (ids := oversized(document)):
        return document
    freed = CSS(string="".join(f'[id="{name}"] {{ break-inside: auto; }}\n' for name in ids))
    return source.render(font_config=font_config, stylesheets=[*stylesheets, freed])


def oversized(document: Document) -> list[str]:
    """The ids of the boxes to keep whole (``break-inside: avoid``) that were split all the same,
    since no page could hold them."""
    pages: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages):
        stack = list(page._page_box.children)
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if (
                box.style["break_inside"] in ("avoid", "avoid-page")
                and element is not None
                and _PLAIN_ID.match(name := element.get("id") or "")
            ):
                pages.setdefault(name, set()).add(number)
            stack.extend(getattr(box, "children", ()))
    return sorted(name for name, numbers in pages.items() if len(numbers) > 1)


_PLAIN_ID = re.compile(r"^[A-Za-z0-9_-]+$")
"""Ids the toolkit gives boxes (``case-<id>``): safe to name in a CSS selector as they are."""


def base_url(templates_dir: Path) -> str:
    """Where the templates' relative URLs (the stylesheet) point."""
    return (templates_dir / "pdf").resolve().as_uri() + "/"


TAGGED_VARIANT = "pdf/a-3u"
"""What a tagged part is written as: PDF 1.7 with the sRGB output intent and printable annotations
that PDF/A-3 asks for, and (``pdf_tags``) the structure tree PDF/UA-1 asks for. The part's own
XMP claim does not matter: the binder writes the book's (:mod:`toolkit.render.tagged`)."""


def write(document: Document, target: BinaryIO | Path, html: str, tagged: bool = False) -> None:
    """Write the laid-out pages as PDF; the file identifier derives from the HTML, so it is stable.

    ``tagged``: with a structure tree finished for PDF/UA-1 (:mod:`toolkit.render.tagged_part`).
    """
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    if not tagged:
        document.write_pdf(target, pdf_identifier=identifier)
        return
    document.write_pdf(
        target,
        pdf_identifier=identifier,
        pdf_variant=TAGGED_VARIANT,
        pdf_tags=True,
        finisher=tagged_part.finisher(f"{identifier[:8].decode()}-"),
    )
