"""Binding the book: its laid-out parts put together into one PDF with pypdf.

The binder of :mod:`toolkit.render.book` decides where each part goes (its first page, the blank
left-hand pages, the folio holding its page numbers) and hands the parts over as a
:class:`~toolkit.render.parts.BindRequest`; this module puts the pages in that order, stamps the
page numbers on them, gathers the named destinations and bookmarks of all parts, merges their
structure trees (:mod:`toolkit.render.tagged`), unites their fonts (:mod:`toolkit.render.font_union`)
and writes the metadata; for reading on screen, the same book without its blank pages
(:mod:`toolkit.render.screen`) is written too. It runs in the layout pool's binder process when there is a pool
(imported there by name, :mod:`toolkit.render.workers`), so that the build's own process never
imports pypdf and the book is bound while that process writes the DOCX and the web edition. The
same request gives the same bytes wherever it is bound.
"""

from __future__ import annotations

import gc
import hashlib
import io
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    FloatObject,
    NameObject,
    TextStringObject,
)

from toolkit.render.blobs import BlobCache
from toolkit.render.font_union import unify_fonts
from toolkit.render.parts import FOLIO_PREFIX, BindRequest, BookInfo, PlacedPart
from toolkit.render.screen import leave_out_blank_pages
from toolkit.render.tagged import StructureMerge, archival_streams, set_xmp

WEASYPRINT_VERSION = version("weasyprint")
_READ: dict[bytes, PdfReader] = {}
"""Parts read ahead of the bind (:func:`prepare`), by the digest of their bytes."""


def bind(request: BindRequest) -> dict[str, bytes]:
    """The bound book of ``request``'s parts for each of its media, as PDF bytes: the print PDF, then the
    same without its blank pages (for reading on screen)."""
    try:
        with _collector_paused():
            return _bind(request.placed, request.info, BlobCache(request.fonts), request.tagged, request.media)
    finally:
        _READ.clear()


def prepare(pdfs: list[bytes]) -> None:
    """Read (parse) these parts now, while others are laid out: the bind to come takes them as read.

    Reading is most of what binding does with a part that did not change; a rebuild's binder reads
    the parts kept from the build before while the layout processes lay out the changed ones.
    """
    for pdf in pdfs:
        reader = PdfReader(io.BytesIO(pdf))
        for number in [*reader.xref_objStm, *(n for numbers in reader.xref.values() for n in numbers)]:
            reader.get_object(number)  # an object stream is read whole, its objects kept
        _READ[hashlib.sha256(pdf).digest()] = reader


def _reader(pdf: bytes) -> PdfReader:
    """The part as read ahead (:func:`prepare`), else read now."""
    return _READ.pop(hashlib.sha256(pdf).digest(), None) or PdfReader(io.BytesIO(pdf))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Binding makes tens of thousands of small objects that all live until the book is written
    (a tagged book's structure elements above all): the cyclic garbage collector, running again
    and again over them, took a third of the binding's time; it runs once afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _bind(
    placed: list[PlacedPart], info: BookInfo, fonts: MutableMapping[str, bytes], tagged: bool, media: tuple[str, ...]
) -> dict[str, bytes]:
    writer = PdfWriter()
    blanks: list[int] = []
    structure = StructureMerge(writer) if tagged else None
    width, height = 595.28, 841.89
    page_of: dict[str, tuple[int, float, float]] = {}
    bookmarks: list[tuple[list[Any], int]] = []
    stamp = _Stamp(writer)
    folios: dict[int, list[PageObject]] = {}
    for item in placed:
        offset = len(writer.pages)
        part = item.part
        if part is None:
            blanks.append(len(writer.pages))
            writer.add_blank_page(width, height)
            continue
        reader = _reader(part.pdf)
        if item.folio is not None and id(item.folio) not in folios:
            folios[id(item.folio)] = list(_reader(item.folio.pdf).pages)
        for index, page in enumerate(reader.pages):
            added = writer.add_page(page)
            if item.folio is not None:
                stamp(added, folios[id(item.folio)][item.folio_first + index])
        if structure is not None:
            structure.add(reader, writer.pages[offset:])
        width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
        for name, (index, x, y) in part.anchors.items():
            if name not in part.ghosts and not name.startswith(FOLIO_PREFIX):
                page_of.setdefault(name, (offset + int(index), x, y))
        bookmarks.append((part.bookmarks, offset))
    for name, (index, x, y) in sorted(page_of.items()):
        destination = ArrayObject(
            [
                writer.pages[index].indirect_reference,
                NameObject("/XYZ"),
                FloatObject(round(x, 2)),
                FloatObject(round(y, 2)),
                FloatObject(0),
            ]
        )
        writer.add_named_destination_array(TextStringObject(name), destination)
    for trees, offset in bookmarks:
        _add_outline(writer, trees, offset, None)
    unify_fonts(writer, fonts)
    _metadata(writer, info, placed)
    if structure is not None:
        structure.finish()
        set_xmp(
            writer,
            {key: str(value) for key, value in writer.metadata.items()},
            info.built.strftime("%Y-%m-%dT00:00:00Z"),
            info.language,
        )
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    if structure is not None:
        archival_streams(writer)
    books = {"print": _written(writer)} if "print" in media else {}
    if "screen" in media:
        leave_out_blank_pages(writer, blanks)
        books["screen"] = _written(writer)
    return books


def _written(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class _Stamp:
    """Draws a folio page over a chapter page: as a form XObject, after the page's own content.

    The page's content is put between ``q`` and ``Q`` so that whatever state it leaves, the
    folio is drawn in the page's own coordinates; nothing is parsed or rewritten.
    """

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.before = writer._add_object(_stream(b"q\n"))
        # the page numbers are pagination artifacts: outside the structure tree, not read aloud
        self.after = writer._add_object(_stream(b"Q\n/Artifact <</Type /Pagination>> BDC q /Folio Do Q EMC\n"))

    def __call__(self, page: PageObject, folio: PageObject) -> None:
        form = _stream(_content_bytes(folio))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(FloatObject(v) for v in folio.mediabox),
                NameObject("/Resources"): folio["/Resources"].get_object().clone(self.writer),
            }
        )
        resources = DictionaryObject(page["/Resources"].get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject("/Folio")] = self.writer._add_object(form.flate_encode())
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents") if "/Contents" in page else ArrayObject()
        own = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([self.before, *own, self.after])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _content_bytes(page: PageObject) -> bytes:
    contents = page["/Contents"].get_object()
    streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(stream.get_object().get_data() for stream in streams)


def _add_outline(writer: PdfWriter, trees: list[Any], offset: int, parent: Any) -> None:
    for title, index, x, y, children in trees:
        item = writer.add_outline_item(
            title=title,
            page_number=offset + int(index),
            parent=parent,
            fit=Fit.xyz(left=round(x, 2), top=round(y, 2), zoom=0),
        )
        _add_outline(writer, children, offset, item)


def _metadata(writer: PdfWriter, info: BookInfo, placed: list[PlacedPart]) -> None:
    stamp = f"D:{info.built.strftime('%Y%m%d')}000000Z"
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Author": info.author,
            "/Subject": info.subject,
            "/Keywords": info.keywords,
            "/Creator": "report-toolkit",
            "/Producer": f"WeasyPrint {WEASYPRINT_VERSION}, pypdf",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    digest = hashlib.sha256()
    for item in placed:
        for part in (item.part, item.folio):
            digest.update(hashlib.sha256(part.pdf).digest() if part else b"-")
    identifier = digest.digest()
    writer._ID = ArrayObject([ByteStringObject(identifier[:16]), ByteStringObject(identifier[:16])])
