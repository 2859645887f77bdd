"""The web edition's offline search: an exact (verbatim) search over the pages' text, indexed at build time.

Chinese has no spaces between words, and a word segmenter at index time never agrees with another
in the browser (Pagefind's jieba against ``Intl.Segmenter`` missed 新能源汽车 in chapters that hold
it and listed chapters that do not). So nothing here segments words: every page's text is kept as
it is, and the index lists, for every character and every pair of adjacent characters (its 1- and
2-grams), the pages holding it. The browser (``templates/web/static/search.js``) takes the query's
2-grams, keeps the pages holding all of them, then counts the query's verbatim occurrences in each
candidate's text: the pages listed are exactly those containing the query, ranked by how often.

Query and text are compared *normalized* (:func:`normalize`, mirrored in the script): ASCII letters in
lower case, and a space kept only between two ASCII letters or digits, so that 5G基站 finds
``5G 基站`` and 2020年 finds ``2020 年``.

The index is files of data loaded as scripts (so search also works from a page opened from disk):

- ``search/index.js``: the pages (address, title, data file) and the gram files' names;
- ``search/g/<n>-<hash>.js``: the grams whose hash falls in shard *n*, each with its pages;
- ``search/p/<hash>.js``: one page's text (blocks on their own lines) and its headings with an ``id``.

Each page's share (its text, headings and grams) depends only on its HTML, so it is kept by the
HTML's hash (:class:`PageMemo`, on disk under the build's ``.cache/``): a rebuild extracts only
the pages that changed, and writes the same bytes as a cold build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import string
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from toolkit.atomic import write_atomically

SEARCH_FOLDER = "search"
"""The index's folder inside the site (the pages' script looks there)."""
BODY_ATTRIBUTE = "data-search-body"
"""Marks the element of a page whose text is searched (the content, not the sidebar)."""
FORMAT = 1
"""The index's format, in its entry file and the memo's keys: a change makes both anew."""
GRAMS_PER_SHARD = 256
"""About how many grams a shard holds: a query loads one shard per distinct 2-gram."""
CALLBACK = "reportSearch.put"
"""The function each data file calls with its name and data (``search.js`` defines it)."""

_SKIPPED = frozenset({"script", "style", "svg", "template", "noscript", "button"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES = re.compile(r"\s+")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
"""ASCII letters only: Unicode's lower case differs between Python and JavaScript for a few letters."""
_SPACE_RUN = re.compile(" {2,}")
_LONE_SPACE = re.compile("(?<![0-9a-z]) | (?![0-9a-z])")


# --- the text, as the search sees it -------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    """What a page gives the search: its title, its text (one block a line), its headings with an id."""

    title: str
    text: str
    sections: tuple[tuple[int, str, str], ...]
    """(offset of the heading in :attr:`text`, its ``id``, its text), in reading order."""


def page_text(html: bytes) -> PageText | None:
    """The searchable text of a page: that of its ``data-search-body`` element, ``None`` if it has none.

    Blocks (paragraphs, cells, headings, list items …) are lines of their own, so that no query
    matches across two of them; white space within a block is one space. Drawings (SVG), scripts
    and buttons are not text.
    """
    import lxml.html  # here: only a build of the web edition needs it

    body = lxml.html.document_fromstring(html.decode("utf-8")).find(f".//*[@{BODY_ATTRIBUTE}]")
    if body is None:
        return None
    blocks: list[str] = []
    sections: list[tuple[int, str, str]] = []
    current: list[str] = []
    offset = 0

    def close_block() -> None:
        nonlocal offset
        block = _SPACES.sub(" ", "".join(current)).strip()
        current.clear()
        if block:
            blocks.append(block)
            offset += len(block) + 1

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED:
            current.append(" ")
        elif tag:
            if tag in _BLOCKS:
                close_block()
                if tag in _HEADINGS and element.get("id"):
                    sections.append((offset, element.get("id"), _SPACES.sub(" ", element.text_content()).strip()))
            current.append(element.text or "")
            for child in element:
                walk(child)
            if tag in _BLOCKS:
                close_block()
        current.append(element.tail or "")

    tail, body.tail = body.tail, None
    walk(body)
    body.tail = tail
    close_block()
    heading = body.find(".//h1")
    title = _SPACES.sub(" ", heading.text_content()).strip() if heading is not None else ""
    return PageText(title, "\n".join(blocks), tuple(sections))


def normalize(text: str) -> str:
    """Text as queries are matched against it: ASCII letters lowered, a space kept only between ASCII letters or digits.

    A run of spaces counts as one. ``search.js`` does the same to the query and to the text, character by character.
    """
    return _LONE_SPACE.sub("", _SPACE_RUN.sub(" ", text.translate(_ASCII_LOWER)))


def grams(text: str) -> set[str]:
    """Every character and pair of adjacent characters of the normalized ``text`` without a space or line break."""
    found: set[str] = set()
    for line in normalize(text).split("\n"):
        found.update(char for char in line if char != " ")
        found.update(line[i : i + 2] for i in range(len(line) - 1) if " " not in line[i : i + 2])
    return found


def query_grams(query: str) -> list[str]:
    """The grams a normalized query is looked up by (``search.js`` takes the same): its 2-grams without a space,
    or its characters when it has none. Every page holding the query holds them all."""
    found = [query[i : i + 2] for i in range(len(query) - 1) if " " not in query[i : i + 2]]
    found = found or [char for char in query if char != " "]
    return list(dict.fromkeys(found))


def shard_of(gram: str, shards: int) -> int:
    """The shard holding ``gram``: FNV-1a over its code points (``search.js`` computes the same)."""
    value = 0x811C9DC5
    for char in gram:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % shards


# --- the files --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageEntry:
    """One page's share of the index: its text's data file and its grams."""

    title: str
    data: bytes
    """The page's data file's content (its text and headings)."""
    grams: frozenset[str]


class PageMemo:
    """Each page's :class:`PageEntry` by the hash of its HTML, in memory and (given a folder) on disk.

    A warm build reads the entries of the pages that did not change instead of extracting them again.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._entries: dict[str, PageEntry | None] = {}
        self._used: set[str] = set()
        self.extracted = 0
        """Pages extracted (not found in the memo) since it was made: what a warm build saves."""

    def __len__(self) -> int:
        """Entries held in memory."""
        return len(self._entries)

    def entry(self, html: bytes) -> PageEntry | None:
        """The page's entry; ``None`` when the page has nothing to search."""
        key = f"{FORMAT}-{hashlib.sha256(html).hexdigest()}"
        self._used.add(key)
        if key in self._entries:
            return self._entries[key]
        entry = self._read(key)
        if entry is None:
            entry = _entry(page_text(html))
            self.extracted += 1
            self._write(key, entry)
        self._entries[key] = entry
        return entry

    def _read(self, key: str) -> PageEntry | None:
        if self.folder is None:
            return None
        path = self.folder / f"{key}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            entry = PageEntry(stored["title"], stored["data"].encode("utf-8"), frozenset(stored["grams"]))
            os.utime(path)  # recently used: kept by prune()
            return entry
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # none yet, or damaged: made again

    def _write(self, key: str, entry: PageEntry | None) -> None:
        if self.folder is None or entry is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = {"title": entry.title, "data": entry.data.decode("utf-8"), "grams": sorted(entry.grams)}
        write_atomically(self.folder / f"{key}.json", json.dumps(stored, ensure_ascii=False))

    def forget_unused(self) -> None:
        """Let go of the entries in memory that no page asked for since the last call (a long preview's old pages)."""
        self._entries = {key: entry for key, entry in self._entries.items() if key in self._used}
        self._used = set()

    def prune(self, days: float = 14) -> None:
        """Forget on disk the pages nobody indexed for ``days`` (as the PDF's part cache does)."""
        if self.folder is None or not self.folder.is_dir():
            return
        limit = time.time() - days * 86400
        for stored in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):  # another build may have removed it meanwhile
                if stored.stat().st_mtime < limit:
                    stored.unlink()


def _entry(text: PageText | None) -> PageEntry | None:
    if text is None:
        return None
    data = {"text": text.text, "sections": [list(section) for section in text.sections]}
    return PageEntry(text.title, _json(data), frozenset(grams(text.text)))


def search_files(site: Mapping[str, bytes], memo: PageMemo | None = None) -> dict[str, bytes]:
    """The search index of the site's pages: its files (``search/…`` → bytes), the same for the same pages."""
    memo = PageMemo() if memo is None else memo
    files: dict[str, bytes] = {}
    pages: list[dict[str, str]] = []
    postings: dict[str, list[int]] = {}
    for path in (path for path in site if path.endswith(".html")):  # the site's order: reading order
        entry = memo.entry(site[path])
        if entry is None:
            continue
        name = f"p/{_digest(entry.data)}"
        files[name] = entry.data
        for gram in entry.grams:
            postings.setdefault(gram, []).append(len(pages))
        pages.append({"url": path, "title": entry.title or PurePosixPath(path).stem, "data": name})
    shards = _shards(postings)
    names = []
    for number, shard in enumerate(shards):
        data = _json({gram: shard[gram] for gram in sorted(shard)})
        names.append(f"g/{number}-{_digest(data)}")
        files[names[-1]] = data
    files["index"] = _json({"format": FORMAT, "pages": pages, "shards": names})
    return {f"{SEARCH_FOLDER}/{name}.js": _script(name, data) for name, data in files.items()}


def _shards(postings: dict[str, list[int]]) -> list[dict[str, list[int]]]:
    count = 1
    while count * GRAMS_PER_SHARD < len(postings):
        count *= 2
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for gram, pages in postings.items():
        shards[shard_of(gram, count)][gram] = pages
    return shards


def _json(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # line and paragraph separators end a line in scripts older than ES2019: escaped, they are the same string
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _script(name: str, data: bytes) -> bytes:
    """A data file: a script handing its data to the search (a script, not JSON: a page opened from disk can
    load it)."""
    return f"{CALLBACK}({json.dumps(name)},".encode() + data + b");\n"


def index_site(site: Mapping[str, bytes], folder: Path, cache: Path | None = None) -> int:
    """Write the search index of the site's pages under ``folder/search/``; the number of pages indexed.

    ``folder`` is where the site is being written (a temporary folder until the build commits);
    ``cache``, a folder where each page's share of the index is kept between builds.
    """
    memo = PageMemo(cache)
    files = search_files(site, memo)
    targets = {relative: folder.joinpath(*PurePosixPath(relative).parts) for relative in files}
    for parent in {target.parent for target in targets.values()}:
        parent.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        targets[relative].write_bytes(content)
    memo.prune()
    return sum(1 for name in files if name.startswith(f"{SEARCH_FOLDER}/p/"))


def read_data(content: bytes) -> tuple[str, object]:
    """The name and the data of a file of the index (what :func:`search_files` wrapped in a script)."""
    call = content.decode("utf-8").strip()
    if not (call.startswith(f"{CALLBACK}(") and call.endswith(");")):
        raise ValueError("not a data file of the search index")
    name, _, data = call[len(CALLBACK) + 1 : -2].partition(",")
    return json.loads(name), json.loads(data)
