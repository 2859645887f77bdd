"""The PDF as a book of parts: each chapter laid out on its own, cached, and bound together.

A report is edited one case or one table at a time; laying out all of it again
for each change is what makes editors wait. So the book is built from parts:
the front (cover and contents), each chapter, the case index. A part is laid
out by WeasyPrint from its own HTML (:mod:`toolkit.render.parts`) and cached
under the hash of everything it depends on (its HTML, the stylesheet, the
images it shows, the draft marking, WeasyPrint's version). After an edit, only
the parts whose HTML changed are laid out again; the others come from the cache.

**Chapters do not depend on where they start.** Every chapter opens on a right-hand
page and the margins are the same on both sides, so a chapter takes as many pages
wherever it starts; only its printed page numbers (the footers, the opener's list of
sections) depend on its first page, which depends on the pages of everything before
it. So a chapter is laid out once without them, all chapters at the same time in
layout processes (:mod:`toolkit.render.workers`), and when their page counts are known,
small *folio* parts are laid out holding the numbers alone, in the very places
WeasyPrint would have printed them (the same page box, and the opener's list at the
position its chapter reported), and stamped onto the chapter pages as form XObjects.
An edit that adds a page to one chapter lays out again that chapter and the folios,
not every chapter after it.

Binding (with pypdf, :mod:`toolkit.render.binding`) puts the pages in order, opens every
chapter on a right-hand page (a blank verso when needed), gathers the named destinations and
bookmarks of all parts, keeps the links between parts (the contents, the case
index), and writes the metadata; it runs in a binder process of its own (reading the parts
kept from the build before while the changed ones are laid out) while the build's own process
writes the DOCX and the web edition. Parts are deterministic, and so is binding:
the same input gives the same bytes, from the cache or not, laid out in one process
or several.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from toolkit.atomic import write_atomically
from toolkit.model import Asset, Chapter, Draft, Edition
from toolkit.render.blobs import BlobCache
from toolkit.render.html import BookHtml, FolioPage, Opener, asset_url
from toolkit.render.parts import FOLIO_PREFIX, BindRequest, BookInfo, Part, PartRequest, Picture, PlacedPart
from toolkit.render.workers import InProcess, Layouts

CACHE_VERSION = "4"
WEASYPRINT_VERSION = version("weasyprint")
TAGGED = True
"""Books are tagged (PDF/UA-1, PDF/A-3u; drafts too): ``bench/tagged_bench.py`` turns it off in a
process of its own to time the untagged book against the tagged one."""
FOLIO_BATCH = 32
"""Pages per folio part, at least (WeasyPrint slows down on long documents of empty pages)."""


class PartCache:
    """Parts by content hash: in memory for this process, on disk for the next run."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[str, Part] = {}
        self.blobs = BlobCache(folder)
        self.hits = self.misses = 0

    def get(self, key: str) -> Part | None:
        """The cached part, if any."""
        if key in self.memory:
            self.hits += 1
            return self.memory[key]
        if self.folder is not None:
            pdf_path, meta_path = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
            if pdf_path.is_file() and meta_path.is_file():
                try:
                    part = Part(pdf=pdf_path.read_bytes(), **json.loads(meta_path.read_text(encoding="utf-8")))
                except (ValueError, TypeError):  # not a part's description (damaged): laid out again
                    part = None
                if part is not None and _whole_pdf(part.pdf):
                    self.memory[key] = part
                    os.utime(meta_path)  # recently used: kept by prune()
                    self.hits += 1
                    return part
        self.misses += 1
        return None

    def count(self, key: str) -> Part | None:
        """The pages a part was counted to have (a part laid out only to count them), if kept."""
        try:
            return Part(b"", int(self.blobs[key]), {}, [])
        except (KeyError, ValueError):
            return None

    def put(self, key: str, part: Part) -> None:
        """Keep a part (written atomically, so a crash never leaves half a part)."""
        self.memory[key] = part
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in asdict(part).items() if k != "pdf"}
        for suffix, data in ((".pdf", part.pdf), (".json", json.dumps(meta, ensure_ascii=False).encode())):
            write_atomically(self.folder / f"{key}{suffix}", data)

    def prune(self, days: float = 14) -> None:
        """Forget parts nobody used for ``days``."""
        if self.folder is None or not self.folder.is_dir():
            return
        limit = time.time() - days * 86400
        for meta in self.folder.glob("*.json"):
            if meta.stat().st_mtime < limit:
                meta.unlink(missing_ok=True)
                meta.with_suffix(".pdf").unlink(missing_ok=True)
        for blob in self.folder.glob("blob-*.bin"):
            if blob.stat().st_mtime < limit:
                blob.unlink(missing_ok=True)


def _whole_pdf(data: bytes) -> bool:
    """Whether ``data`` looks like a whole PDF file (a damaged cache entry is laid out again, not bound)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]


MEDIA = ("print", "screen")
"""What a book is bound for: printing (chapters open on right-hand pages), reading on screen (no blank pages)."""


@dataclass
class Book:
    """The bound PDF and how it was made."""

    data: bytes
    """The PDF for print (empty when not asked for)."""
    pages: int
    parts_html: list[str]
    """The HTML of every part, in order, then of the folios (the benchmark lays them out again, bare)."""
    screen: bytes | None = None
    """The PDF for reading on screen, when asked for (:mod:`toolkit.render.screen`)."""
    screen_pages: int = 0


def _stylesheet_digest(templates_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((templates_dir / "pdf").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _assets_in(html: str, edition: Edition) -> dict[str, Asset]:
    """The images a part's HTML may show."""
    return {src: asset for src, asset in sorted(edition.assets.items()) if f'"{asset_url(src)}"' in html or src in html}


def _pictures(html: str, edition: Edition) -> dict[str, Picture]:
    """The images a part shows, as they travel to a layout process."""
    return {src: Picture(asset.data, asset.media_type) for src, asset in _assets_in(html, edition).items()}


def part_key(html: str, edition: Edition, styles: str) -> str:
    """Everything a part's pages depend on, hashed."""
    digest = hashlib.sha256()
    digest.update(f"{CACHE_VERSION}|{WEASYPRINT_VERSION}|{styles}|".encode())
    digest.update(html.encode())
    for asset in _assets_in(html, edition).values():
        digest.update(hashlib.sha256(asset.data).digest())
    return digest.hexdigest()


def _done(part: Part) -> Future[Part]:
    future: Future[Part] = Future()
    future.set_result(part)
    return future


@dataclass
class _Placed:
    """A part at its first page number in the book; without HTML, a blank left-hand page."""

    first: int
    html: str = ""
    future: Future[Part] | None = None
    chapter: Chapter | None = None
    folio: tuple[Future[Part], int] | None = None
    """The folio part holding this chapter's page numbers, and the index of its first page there."""

    @property
    def part(self) -> Part | None:
        """The laid-out part (waiting for it if need be); ``None`` for a blank page."""
        return self.future.result() if self.future is not None else None


class Binder:
    """Lays the parts out (or takes them from the cache) and binds them in page order.

    :meth:`start` sends off every layout that does not depend on page numbers (the chapters,
    and the front to count its pages) and returns at once; :meth:`place` waits for them, places
    the chapters and sends off the front, the index and the folios; :meth:`send` waits for those
    and sends the parts off to be bound (:mod:`toolkit.render.binding`, in a layout process when
    there are some); :meth:`finish` waits for the book.
    """

    def __init__(
        self,
        edition: Edition,
        templates_dir: Path,
        edition_dir: Path,
        draft: Draft | None,
        cache: PartCache,
        layouts: Layouts | None = None,
        tagged: bool | None = None,
    ) -> None:
        self.edition = edition
        self.tagged = TAGGED if tagged is None else tagged
        """Lay the parts out tagged and bind one structure tree (PDF/UA-1 and PDF/A-3u)."""
        self.templates_dir = templates_dir
        self.edition_dir = edition_dir
        self.html = BookHtml(edition, templates_dir, draft)
        self.cache = cache
        self.layouts: Layouts = layouts or InProcess()
        self.styles = _stylesheet_digest(templates_dir)
        self._pending: dict[str, Future[Part]] = {}
        self._chapters: list[_Placed] = []
        self._front_count: Future[Part] | None = None
        self._front: _Placed | None = None
        self._front_pages = 0
        self._body: list[_Placed] = []
        self._folio_html: dict[int, str] = {}
        self._placed: list[_Placed] = []
        self._bound: Future[dict[str, bytes]] | None = None
        self._media: tuple[str, ...] = ()

    def bind(self) -> Book:
        """Lay out every part and bind them into one PDF."""
        self.start()
        self.place()
        return self.finish()

    def start(self) -> None:
        """Send off the front's count and the chapters (the longest first, for the processes to end together)."""
        # the front's count first: it is short, and placing the chapters waits for it
        self._front_count = self._part(self.html.front(dict.fromkeys(self._contents_targets(), 888)), write=False)
        htmls = {chapter.id: self.html.chapter(chapter) for chapter in self.edition.chapters}
        for chapter in sorted(self.edition.chapters, key=lambda c: -len(htmls[c.id])):
            self._part(htmls[chapter.id], boxes=_folio_boxes(chapter))
        self._chapters = [_Placed(0, htmls[c.id], self._part(htmls[c.id]), c) for c in self.edition.chapters]
        # the chapters kept from the build before are read for binding while the others are laid out
        self.layouts.prepare(
            [
                part
                for part in (
                    c.future.result()
                    for c in self._chapters
                    if c.future and c.future.done() and c.future.exception() is None
                )
                if part.pdf
            ]
        )

    def place(self) -> None:
        """Wait for the chapters, and send off what holds page numbers: the front, the index, the folios."""
        if self._front_count is None:
            self.start()
        assert self._front_count is not None
        self._place_after(self._front_count.result().pages)

    def send(self, media: tuple[str, ...] = ("print",)) -> None:
        """Send the placed parts off to be bound for ``media`` (placing the chapters again if the contents took
        another page than counted), once they are all laid out: :meth:`finish` waits for the book."""
        if self._front is None:
            self.place()
        assert self._front is not None
        for _ in range(3):
            front_pages = self._front.future.result().pages if self._front.future else 0
            if front_pages == self._front_pages:
                break
            self._place_after(front_pages)  # the contents grew by a page: place the body again after it
        self._placed = [self._front, *self._body]
        config = self.edition.config
        info = BookInfo(
            config.full_title,
            config.metadata_author,
            config.subtitle or config.full_title,
            f"可持续发展, 工业和信息化, {config.year}",
            config.language,
            self.edition.built,
        )
        parts = [
            PlacedPart(p.part, p.folio[0].result(), p.folio[1]) if p.folio else PlacedPart(p.part) for p in self._placed
        ]
        self._bound = self.layouts.bind(BindRequest(parts, info, self.cache.folder, self.tagged, media))
        self._media = media

    def finish(self, media: tuple[str, ...] = ("print",)) -> Book:
        """The book bound for ``media`` (sending its parts off to be bound first, if not done yet)."""
        if self._bound is None or self._media != media:
            self.send(media)
        assert self._bound is not None
        placed = self._placed
        folios = list(dict.fromkeys(p.folio[0] for p in placed if p.folio))
        htmls = [p.html for p in placed if p.html] + [self._folio_html[id(folio)] for folio in folios]
        books = self._bound.result()
        pages = sum(p.part.pages if p.part else 1 for p in placed)
        blanks = sum(p.part is None for p in placed)
        return Book(books.get("print", b""), pages, htmls, books.get("screen"), pages - blanks)

    def _place_after(self, front_pages: int) -> None:
        self._front_pages = front_pages
        self._body = self._place(front_pages + 1)
        numbers = dict(_anchor_pages(self._body))
        contents = self._contents_targets()
        html = self.html.front({n: numbers[n] for n in contents if n in numbers})
        self._front = _Placed(1, html, self._part(html, ghosts=tuple(contents)))

    def _part(
        self,
        html: str,
        ghosts: tuple[str, ...] = (),
        boxes: tuple[str, ...] = (),
        write: bool = True,
        folio: bool = False,
    ) -> Future[Part]:
        """The part of ``html``: from the cache, already sent off, or sent off now.

        Parts are tagged when the book is, but for the folios: their numbers are stamped as artifacts."""
        tagged = self.tagged and write and not folio
        key = ("" if write else "count-") + ("tagged-" if tagged else "") + part_key(html, self.edition, self.styles)
        if key not in self._pending:
            part = self.cache.get(key) if write else self.cache.count(key)
            if part is not None:
                self._pending[key] = _done(part)
            else:
                request = PartRequest(
                    html,
                    self.templates_dir,
                    self.edition_dir,
                    _pictures(html, self.edition),
                    ghosts,
                    boxes,
                    write,
                    tagged,
                )
                self._pending[key] = self.layouts.submit(request)
                self._pending[key].add_done_callback(lambda done: self._keep(key, done))
        return self._pending[key]

    def _keep(self, key: str, done: Future[Part]) -> None:
        """Cache a part as soon as it is laid out."""
        if done.cancelled() or done.exception() is not None:
            return
        if key.startswith("count-"):
            self.cache.blobs[key] = str(done.result().pages).encode()
        else:
            self.cache.put(key, done.result())

    def _contents_targets(self) -> list[str]:
        names = [chapter.id for chapter in self.edition.chapters]
        names += [s.id for c in self.edition.chapters for s in c.sections]
        if self.edition.config.index.cases:
            names.append("case-index")
        return sorted(names)

    def _place(self, start: int) -> list[_Placed]:
        """Chapters (each opening on a right-hand page) and the case index, at their first pages, with folios."""
        body: list[_Placed] = []
        page = start
        for chapter in self._chapters:
            if page % 2 == 0:
                body.append(_Placed(page))  # a blank left-hand page before the chapter opener
                page += 1
            body.append(_Placed(page, chapter.html, chapter.future, chapter.chapter))
            page += chapter.part.pages if chapter.part else 0
        self._send_folios([item for item in body if item.chapter is not None])
        if self.edition.config.index.cases:
            if page % 2 == 0:
                body.append(_Placed(page))
                page += 1
            targets = {
                name: number
                for name, number in _anchor_pages(body)
                if name.startswith("case-") and name != "case-index"
            }
            html = self.html.index(page, targets)
            body.append(_Placed(page, html, self._part(html, ghosts=tuple(sorted(targets)))))
        return body

    def _send_folios(self, chapters: list[_Placed]) -> None:
        """Lay out the page numbers of the placed chapters, in parts of about ``FOLIO_BATCH`` pages."""
        batch: list[_Placed] = []
        for item in chapters:
            batch.append(item)
            if sum(placed.part.pages for placed in batch if placed.part) < FOLIO_BATCH and item is not chapters[-1]:
                continue
            html = self.html.folio([page for placed in batch for page in _folio_pages(placed)])
            future = self._part(html, folio=True)
            self._folio_html[id(future)] = html
            offset = 0
            for placed in batch:
                placed.folio = (future, offset)
                offset += placed.part.pages if placed.part else 0
            batch = []


def _folio_boxes(chapter: Chapter) -> tuple[str, str]:
    """The anchors telling where a chapter opener's section list stands: the list, and the content area's corner."""
    return f"{FOLIO_PREFIX}list-{chapter.id}", f"{FOLIO_PREFIX}origin-{chapter.id}"


def _folio_pages(placed: _Placed) -> list[FolioPage]:
    """The numbers to print on a placed chapter's pages."""
    part, chapter = placed.part, placed.chapter
    assert part is not None and chapter is not None
    opener = None
    box, origin = (part.boxes.get(name) for name in _folio_boxes(chapter))
    if box is not None and origin is not None:
        entries = [
            (section.full_title, placed.first + int(part.anchors[section.id][0])) for section in chapter.sections
        ]
        opener = (
            int(box[0]),
            Opener(round(box[1] - origin[1], 3), round(box[2] - origin[2], 3), round(box[3] - box[1], 3), entries),
        )
    return [
        FolioPage(placed.first + index, opener[1] if opener and opener[0] == index else None)
        for index in range(part.pages)
    ]


def _anchor_pages(body: list[_Placed]) -> Iterator[tuple[str, int]]:
    """The page number of every anchor of the placed chapters (and of the case index's own)."""
    for item in body:
        if item.chapter is None:
            if item.html:
                yield "case-index", item.first
            continue
        part = item.part
        assert part is not None
        for name, at in part.anchors.items():
            if not name.startswith(FOLIO_PREFIX):
                yield name, item.first + int(at[0])
