"""The DOCX's chapters kept between builds, so that a rebuild writes again only the chapters that changed.

Writing a chapter with python-docx is most of the DOCX's time. A chapter's content (the body
elements after its section break) depends on the chapter, the cases it places, the tables, the
images, the manifest, the draft marking and the code, all hashed into its key
(:func:`chapter_keys`, :mod:`toolkit.render.inputs`), and on four counters of the document it is written
into: the bookmark ids, the pictures' shape ids, the image relationships and the source markers' names. So a
chapter is kept as its elements *as written* together with the counters it started from, and put
back by renumbering those four to the counters the document has now, exactly as a cold build
would have numbered them (:class:`ChapterParts`). Whatever could differ is in the key: a kept
chapter puts back the very bytes the writers would write.

The whole document is kept too, under a key of everything it shows (:func:`document_key`): a
rebuild whose DOCX inputs did not change (a PDF stylesheet edited, say) writes the same bytes
without writing anything, nor even importing python-docx (this module does not).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from toolkit.model import Draft, Edition
from toolkit.render.blobs import BlobCache
from toolkit.render.inputs import RenderInputs
from toolkit.source_markers import PREFIX

# Clark names (python-docx's ``qn``, without importing python-docx: a DOCX kept whole needs none of it)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_BOOKMARKS = (f"{_W}bookmarkStart", f"{_W}bookmarkEnd")
_SHAPE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_NAME, _ID = f"{_W}name", f"{_W}id"


def _inputs(edition: Edition, draft: Draft | None, templates_dir: Path) -> RenderInputs:
    return RenderInputs(edition, draft, templates_dir / "docx", ("python-docx", "matplotlib"))


def chapter_keys(edition: Edition, draft: Draft | None, templates_dir: Path) -> dict[str, str]:
    """Each chapter's key (by chapter id): everything its DOCX content depends on, hashed."""
    inputs = _inputs(edition, draft, templates_dir)
    return {chapter.id: inputs.chapter(chapter) for chapter in edition.chapters}


def document_key(edition: Edition, draft: Draft | None, templates_dir: Path) -> str:
    """Everything the whole DOCX depends on, hashed (the case index lists every case)."""
    return _inputs(edition, draft, templates_dir).whole()


@dataclass
class _Kept:
    """A chapter's content as written, and the counters of the document it was written into."""

    xml: list[str]
    bookmarks: tuple[int, int]
    """The next bookmark id before and after the chapter."""
    shapes: int
    """The highest shape id in the document before the chapter."""
    images: list[str] = field(default_factory=list)
    """The relationship id of each image the chapter shows, in order of first use, then its bytes' digest."""
    markers: dict[str, Any] = field(default_factory=dict)
    """Source marker names used: ``{"paths": {key: path}, "lines": [[key, line, first count, uses]]}``."""
    references: list[list[str]] = field(default_factory=list)
    """The chapter's page references (its opener's list), in order: each one's bookmark and entry text."""


class ChapterParts:
    """Chapters' DOCX content by key: written by the block writers once, then put back from ``blobs``."""

    def __init__(self, blobs: BlobCache) -> None:
        self.blobs = blobs
        self.kept = self.written = 0

    def write(self, ctx: Any, key: str, write: Callable[[], None]) -> None:
        """Put the chapter's content at the end of ``ctx``'s document: kept under ``key``, or written by ``write``.

        ``ctx`` is the :class:`toolkit.render.docx_blocks.DocxContext` being written.
        """
        hooked = ctx.pending_hook is not None  # the previous chapter left something for this one's first paragraph
        kept = None if hooked else self._read(key)
        if kept is not None:
            self._put_back(ctx, *kept)
            self.kept += 1
            return
        self.written += 1
        body = ctx.document.element.body
        first, bookmarks, shapes = len(body) - 1, ctx.bookmarks.next, _highest_shape_id(ctx.document)
        references = len(ctx.page_refs)
        write()
        if hooked or ctx.pending_hook is not None:  # content depending on a neighbour is not kept on its own
            return
        elements = list(body)[first:-1]
        written = _Kept(
            [etree.tostring(e, encoding="unicode") for e in elements],
            (bookmarks, ctx.bookmarks.next),
            shapes,
            self._images(ctx, elements),
            _markers(ctx, elements),
            [[name, text] for _, name, text in ctx.page_refs[references:]],
        )
        self.blobs[f"docx-chapter-{key}"] = json.dumps(written.__dict__, ensure_ascii=False).encode()

    def _read(self, key: str) -> tuple[_Kept, list[Any], list[tuple[str, bytes]]] | None:
        """The chapter kept under ``key``, its elements parsed and its images read; ``None`` if there is none
        (or it cannot be read whole: then it is written again, and nothing of it was put in the document)."""
        from docx.oxml.parser import parse_xml  # python-docx's own element classes, as the writers make them

        try:
            kept = _Kept(**json.loads(self.blobs[f"docx-chapter-{key}"]))
            elements = [parse_xml(xml) for xml in kept.xml]
            images = [(rid, self.blobs[f"docx-image-{digest}"]) for rid, digest in map(str.split, kept.images)]
        except (KeyError, ValueError, TypeError, etree.XMLSyntaxError):
            return None
        if any(
            hashlib.sha256(blob).hexdigest() != digest
            for (_, blob), (_, digest) in zip(images, map(str.split, kept.images))
        ):
            return None  # an image kept under its digest is no longer that image
        return kept, elements, images

    def _images(self, ctx: Any, elements: list[Any]) -> list[str]:
        found = []
        for rid in _image_ids(elements):
            blob = ctx.document.part.related_parts[rid].blob
            digest = hashlib.sha256(blob).hexdigest()
            self.blobs[f"docx-image-{digest}"] = blob
            found.append(f"{rid} {digest}")
        return found

    def _put_back(self, ctx: Any, kept: _Kept, elements: list[Any], images: list[tuple[str, bytes]]) -> None:
        document = ctx.document
        rids = {}
        for rid, blob in images:  # in the order the writers added them: the same media names and relationship ids
            rids[rid], _ = document.part.get_or_add_image(io.BytesIO(blob))
        names = _replay_markers(ctx, kept.markers)
        bookmark_shift = ctx.bookmarks.next - kept.bookmarks[0]
        shape_shift = _highest_shape_id(document) - kept.shapes
        sentinel = document.element.body[-1]
        for element in elements:
            for node in element.iter(*_BOOKMARKS, _SHAPE, "{*}blip"):
                if node.tag == _SHAPE:  # python-docx names a picture after its id too
                    number = int(node.get("id"))
                    node.set("id", str(number + shape_shift))
                    if node.get("name") == f"Picture {number}":
                        node.set("name", f"Picture {number + shape_shift}")
                elif node.tag in _BOOKMARKS:
                    node.set(_ID, str(int(node.get(_ID)) + bookmark_shift))
                    if node.get(_NAME) in names:
                        node.set(_NAME, names[node.get(_NAME)])
                elif node.get(_R_EMBED) in rids:
                    node.set(_R_EMBED, rids[node.get(_R_EMBED)])
            sentinel.addprevious(element)
        ctx.bookmarks.next += kept.bookmarks[1] - kept.bookmarks[0]
        results = _reference_results(elements)
        if len(results) != len(kept.references):
            raise ValueError("a kept chapter's page references differ from those it was written with")
        ctx.page_refs.extend((result, name, text) for result, (name, text) in zip(results, kept.references))


def _reference_results(elements: list[Any]) -> list[Any]:
    """The result runs of the ``PAGEREF`` fields in ``elements``, in order (as
    :func:`toolkit.ooxml.wml.add_field` writes a field: begin, instruction, separate, result, end)."""
    from docx.text.run import Run

    results = []
    for element in elements:
        for instruction in element.iter(f"{_W}instrText"):
            if (instruction.text or "").strip().startswith("PAGEREF "):
                result = instruction.getparent().getnext().getnext()
                results.append(Run(result, None))
    return results


def _highest_shape_id(document: Any) -> int:
    """The highest shape id so far (python-docx numbers a new picture one above it)."""
    return int(document.part.next_id) - 1


def _image_ids(elements: Iterable[Any]) -> list[str]:
    """The relationship ids of the pictures in ``elements``, in order of first use."""
    return list(
        dict.fromkeys(
            node.get(_R_EMBED) for element in elements for node in element.iter("{*}blip") if node.get(_R_EMBED)
        )
    )


def _marker_parts(name: str) -> tuple[str, int, int] | None:
    """``_Src_<key>_<line>[_<count>]`` → (key, line, count)."""
    if not name.startswith(PREFIX):
        return None
    key, _, rest = name[len(PREFIX) :].partition("_")
    line, _, count = rest.partition("_")
    return (key, int(line), int(count or 0)) if line.isdigit() and (not count or count.isdigit()) else None


def _markers(ctx: Any, elements: list[Any]) -> dict[str, Any]:
    """The source marker names a chapter used: for each file and line, the first count and how many."""
    counts: dict[tuple[str, int], list[int]] = {}
    for element in elements:
        for node in element.iter(_BOOKMARKS[0]):
            parts = _marker_parts(node.get(_NAME, ""))
            if parts is not None:
                counts.setdefault(parts[:2], []).append(parts[2])
    keys = {key for key, _ in counts}
    return {
        "paths": {key: ctx.markers.paths[key] for key in sorted(keys)},
        "lines": [[key, line, min(seen), len(seen)] for (key, line), seen in sorted(counts.items())],
    }


def _replay_markers(ctx: Any, markers: dict[str, Any]) -> dict[str, str]:
    """Name the kept chapter's markers again in this document; the kept names → the names they have now."""
    renamed = {}
    for key, line, first, uses in markers.get("lines", []):
        for count in range(first, first + uses):
            old = f"{PREFIX}{key}_{line}" + (f"_{count}" if count else "")
            renamed[old] = ctx.markers.name(markers["paths"][key], line)
    return renamed
