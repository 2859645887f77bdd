"""The PDF as a book of parts: each chapter laid out on its own, cached, and bound together.

A report is edited one case or one table at a time; laying out all of it again
for each change is what makes editors wait. So the book is built from parts:
the front (cover and contents), each chapter, the case index. A part is laid
out by WeasyPrint from its own HTML, starting at its page number, and cached
under the hash of everything it depends on (its HTML, the stylesheet, the
images it shows, the draft marking, WeasyPrint's version). After an edit, only
the parts whose HTML changed are laid out again; the others come from the cache.

Binding (with pypdf) puts the pages in order, opens every chapter on a right-hand
page (a blank verso when needed), gathers the named destinations and
bookmarks of all parts, keeps the links between parts (the contents, the case
index), and writes the metadata. Parts are deterministic, and so is binding:
the same input gives the same bytes, from the cache or not.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Iterator, MutableMapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, Fit, FloatObject, NameObject, TextStringObject

from toolkit.model import Draft, Edition
from toolkit.render import pdf as pdf_stage
from toolkit.render.font_union import unify_fonts
from toolkit.render.html import ASSET_SCHEME, BookHtml

CACHE_VERSION = "1"
PX_TO_PT = 0.75
_ASSET_URL = f'"{ASSET_SCHEME}'


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


class BlobCache(MutableMapping[str, bytes]):
    """Bytes by key, in memory and (when a folder is given) on disk: the union font subsets."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        return self.folder / f"blob-{key}.bin" if self.folder else None

    def __getitem__(self, key: str) -> bytes:
        if key not in self.memory:
            path = self._path(key)
            if path is None or not path.is_file():
                raise KeyError(key)
            self.memory[key] = path.read_bytes()
            os.utime(path)
        return self.memory[key]

    def __setitem__(self, key: str, data: bytes) -> None:
        self.memory[key] = data
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temp.write_bytes(data)
            os.replace(temp, path)

    def __delitem__(self, key: str) -> None:
        self.memory.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.memory)

    def __len__(self) -> int:
        return len(self.memory)

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
            return True
        except KeyError:
            return False


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
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                part = Part(pdf=pdf_path.read_bytes(), **meta)
                self.memory[key] = part
                os.utime(meta_path)  # recently used: kept by prune()
                self.hits += 1
                return part
        self.misses += 1
        return None

    def put(self, key: str, part: Part) -> None:
        """Keep a part (written atomically, so a crash never leaves half a part)."""
        self.memory[key] = part
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in asdict(part).items() if k != "pdf"}
        for suffix, data in ((".pdf", part.pdf), (".json", json.dumps(meta, ensure_ascii=False).encode())):
            final = self.folder / f"{key}{suffix}"
            temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
            temp.write_bytes(data)
            os.replace(temp, final)

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


@dataclass
class Book:
    """The bound PDF and how it was made."""

    data: bytes
    pages: int
    parts_html: list[str]
    """The HTML of every part, in order (the benchmark lays them out again, bare)."""


def _stylesheet_digest(templates_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((templates_dir / "pdf").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def part_key(html: str, edition: Edition, styles: str) -> str:
    """Everything a part's pages depend on, hashed."""
    digest = hashlib.sha256()
    digest.update(f"{CACHE_VERSION}|{weasyprint.__version__}|{styles}|".encode())
    digest.update(html.encode())
    for src, asset in sorted(edition.assets.items()):
        if f"{_ASSET_URL}{src}" in html or src in html:
            digest.update(hashlib.sha256(asset.data).digest())
    return digest.hexdigest()


def lay_out(html: str, templates_dir: Path, edition_dir: Path, edition: Edition, ghosts: list[str],
            font_config: object) -> Part:
    """Lay out and write one part with WeasyPrint, noting its anchors and bookmarks."""
    document = pdf_stage.layout(html, templates_dir, edition_dir, edition.assets, font_config=font_config)
    buffer = io.BytesIO()
    pdf_stage.write(document, buffer, html)
    anchors: dict[str, list[float]] = {}
    for index, page in enumerate(document.pages):
        for name, (x, y, _, _) in page.anchors.items():
            anchors.setdefault(name, [index, x * PX_TO_PT, (page.height - y) * PX_TO_PT])
    return Part(buffer.getvalue(), len(document.pages), anchors,
                _bookmarks(document.make_bookmark_tree(scale=PX_TO_PT, transform_pages=True)), ghosts)


def _bookmarks(tree: list[Any]) -> list[Any]:
    return [[label, target[0], target[1], target[2], _bookmarks(children)]
            for label, target, children, _ in tree]


class Binder:
    """Lays the parts out (or takes them from the cache) in page order."""

    def __init__(self, edition: Edition, templates_dir: Path, edition_dir: Path, draft: Draft | None,
                 cache: PartCache) -> None:
        self.edition = edition
        self.templates_dir = templates_dir
        self.edition_dir = edition_dir
        self.html = BookHtml(edition, templates_dir, draft)
        self.cache = cache
        self.styles = _stylesheet_digest(templates_dir)
        self.font_config = weasyprint.text.fonts.FontConfiguration()

    def part(self, html: str, ghosts: list[str] | None = None) -> tuple[Part, str]:
        """A part from the cache, or laid out now; with its HTML."""
        key = part_key(html, self.edition, self.styles)
        part = self.cache.get(key)
        if part is None:
            part = lay_out(html, self.templates_dir, self.edition_dir, self.edition, ghosts or [], self.font_config)
            self.cache.put(key, part)
        return part, html

    def bind(self) -> Book:
        """Lay out every part and bind them into one PDF."""
        contents = self._contents_targets()
        front_pages = self._count(self.html.front(dict.fromkeys(contents, 888)))
        for _ in range(3):
            body = list(self._body(front_pages + 1))
            pages = dict(_anchor_pages(body))
            final = self.part(self.html.front({n: pages[n] for n in contents if n in pages}), contents)
            if final[0].pages == front_pages:
                break
            front_pages = final[0].pages  # the contents grew by a page: place the body again after it
        sequence = [(final[0], 1), *((part, first) for part, first, _ in body)]
        htmls = [final[1], *(html for _, _, html in body if html)]
        data = _bind(sequence, self.edition, self.cache.blobs)
        return Book(data, sum(p.pages if p else 1 for p, _ in sequence), htmls)

    def _count(self, html: str) -> int:
        """Pages a part will take (laid out, not written: the numbers in it are placeholders)."""
        key = "count-" + part_key(html, self.edition, self.styles)
        if key not in self.cache.blobs:
            document = pdf_stage.layout(html, self.templates_dir, self.edition_dir, self.edition.assets,
                                        font_config=self.font_config)
            self.cache.blobs[key] = str(len(document.pages)).encode()
        return int(self.cache.blobs[key])

    def _contents_targets(self) -> list[str]:
        names = [chapter.id for chapter in self.edition.chapters]
        names += [s.id for c in self.edition.chapters for s in c.sections]
        if self.edition.config.index.cases:
            names.append("case-index")
        return sorted(names)

    def _body(self, start: int) -> Iterator[tuple[Part | None, int, str]]:
        """Chapters (each opening on a right-hand page) and the case index, with their first pages."""
        page = start
        anchors: dict[str, int] = {}
        for chapter in self.edition.chapters:
            if page % 2 == 0:
                yield None, page, ""  # a blank left-hand page before the chapter opener
                page += 1
            part, html = self.part(self.html.chapter(chapter, page))
            anchors.update({name: page + int(at[0]) for name, at in part.anchors.items()})
            yield part, page, html
            page += part.pages
        if self.edition.config.index.cases:
            if page % 2 == 0:
                yield None, page, ""
                page += 1
            targets = {name: number for name, number in anchors.items() if name.startswith("case-")}
            part, html = self.part(self.html.index(page, targets), sorted(targets))
            yield part, page, html


def _anchor_pages(body: list[tuple[Part | None, int, str]]) -> Iterator[tuple[str, int]]:
    for part, first, _ in body:
        if part is not None:
            for name, at in part.anchors.items():
                if name not in part.ghosts:
                    yield name, first + int(at[0])


def _bind(sequence: list[tuple[Part | None, int]], edition: Edition, fonts: MutableMapping[str, bytes]) -> bytes:
    writer = PdfWriter()
    width, height = 595.28, 841.89
    page_of: dict[str, tuple[int, float, float]] = {}
    bookmarks: list[tuple[list[Any], int]] = []
    for part, first in sequence:
        offset = len(writer.pages)
        if part is None:
            writer.add_blank_page(width, height)
            continue
        reader = PdfReader(io.BytesIO(part.pdf))
        for page in reader.pages:
            writer.add_page(page)
        width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
        for name, (index, x, y) in part.anchors.items():
            if name not in part.ghosts:
                page_of.setdefault(name, (offset + int(index), x, y))
        bookmarks.append((part.bookmarks, offset))
    for name, (index, x, y) in sorted(page_of.items()):
        destination = ArrayObject([writer.pages[index].indirect_reference, NameObject("/XYZ"),
                                   FloatObject(round(x, 2)), FloatObject(round(y, 2)), FloatObject(0)])
        writer.add_named_destination_array(TextStringObject(name), destination)
    for trees, offset in bookmarks:
        _add_outline(writer, trees, offset, None)
    unify_fonts(writer, fonts)
    _metadata(writer, edition, sequence)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _add_outline(writer: PdfWriter, trees: list[Any], offset: int, parent: Any) -> None:
    for title, index, x, y, children in trees:
        item = writer.add_outline_item(title=title, page_number=offset + int(index), parent=parent,
                                       fit=Fit.xyz(left=round(x, 2), top=round(y, 2), zoom=0))
        _add_outline(writer, children, offset, item)


def _metadata(writer: PdfWriter, edition: Edition, sequence: list[tuple[Part | None, int]]) -> None:
    config = edition.config
    stamp = f"D:{edition.built.strftime('%Y%m%d')}000000Z"
    writer.add_metadata({
        "/Title": config.full_title, "/Author": config.metadata_author,
        "/Subject": config.subtitle or config.full_title, "/Keywords": f"可持续发展, 工业和信息化, {config.year}",
        "/Creator": "report-toolkit", "/Producer": f"WeasyPrint {weasyprint.__version__}, pypdf",
        "/CreationDate": stamp, "/ModDate": stamp,
    })
    writer._root_object[NameObject("/Lang")] = TextStringObject(config.language)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    digest = hashlib.sha256(b"".join(hashlib.sha256(p.pdf).digest() if p else b"-" for p, _ in sequence)).digest()
    writer._ID = ArrayObject([ByteStringObject(digest[:16]), ByteStringObject(digest[:16])])
