"""Reading a reviewed DOCX: each comment and tracked change, and the source line it belongs to.

The DOCX the toolkit writes starts every paragraph with a hidden source marker
(:mod:`toolkit.source_markers`). A reviewer's comment or tracked change is
traced to the marker of its paragraph, which names a file and the line its
block starts on; the commented text is then looked up in that file to find the
exact line (a list's third item, a case's title in its front matter).

Comments are read with python-docx; tracked changes (``w:ins``, ``w:del``,
``w:moveFrom``, ``w:moveTo``), which python-docx does not model, with lxml.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from toolkit.source_markers import DOCVAR, Marker, parse_marker

RemarkKind = Literal["comment", "insertion", "deletion", "replacement"]

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_INSERTED = {qn("w:ins"), qn("w:moveTo")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}
# Property subtrees hold paragraph-mark and formatting revisions, not text: they are not walked.
_SKIPPED = {qn("w:pPr"), qn("w:rPr"), qn("w:txbxContent"), qn("w:instrText")}


@dataclass
class Remark:
    """One comment or tracked change of a reviewed copy, placed in the sources."""

    number: int
    """Position in the document, from 1."""
    kind: RemarkKind
    author: str
    date: dt.datetime | None
    text: str = ""
    """The commented text, or the inserted text (the new text of a replacement)."""
    old_text: str = ""
    """The deleted text (the old text of a replacement)."""
    comment: str = ""
    """What the reviewer wrote in the comment."""
    reply_to: int | None = None
    """The number of the comment this one answers."""
    resolved: bool = False
    """The comment was marked done in Word."""
    path: str | None = None
    """The source file, relative to the edition folder."""
    line: int | None = None
    """The line in the source file (the row, for a data table)."""
    column: str | None = None
    """The column heading, for a remark on a data table's cell."""
    context: str = ""
    """The paragraph as it read before the reviewer's changes."""
    origin: Literal["word", "web"] = "word"
    """Where the remark was made: in the DOCX (Word, WPS, LibreOffice) or on the web draft in the portal."""
    state: str = ""
    """For a web comment: where it stands in the round (kept, moved, changed, orphaned)."""
    now: str = ""
    """For a web comment whose quoted text changed: the text it stands on now."""
    marker: Marker | None = field(default=None, repr=False)
    comment_id: str | None = field(default=None, repr=False)
    needles: list[str] = field(default_factory=list, repr=False)
    """Snippets of the original text to look for in the source file, best first."""

    def location(self) -> str:
        """``chapters/01-covid.md:12``, ``data/rd.csv:5 “2019”`` or ``?``."""
        if self.path is None:
            return "?"
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where} “{self.column}”" if self.column else where

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "number": self.number,
            "kind": self.kind,
            "author": self.author,
            "date": self.date.isoformat() if self.date else None,
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "old_text": self.old_text,
            "comment": self.comment,
            "reply_to": self.reply_to,
            "resolved": self.resolved,
            "context": self.context,
            "origin": self.origin,
            "state": self.state or None,
            "now": self.now or None,
        }


@dataclass
class ReviewedCopy:
    """What a reviewed DOCX holds: its remarks in document order and the marker table it carries."""

    remarks: list[Remark]
    paths: dict[str, str]
    """Marker key → source path, as stored in the document (empty if a program dropped it)."""
    markers: int
    """How many source markers the document holds."""


def read_reviewed(data: bytes) -> ReviewedCopy:
    """The comments and tracked changes of the DOCX ``data``, with their markers (not yet resolved)."""
    document = Document(io.BytesIO(data))
    walker = _Walker()
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        walker.paragraph(paragraph)
    remarks = walker.remarks(_comments(document))
    return ReviewedCopy(remarks, _stored_paths(document), walker.marker_count)


@dataclass
class _Comment:
    author: str
    date: dt.datetime | None
    text: str
    parent: str | None
    resolved: bool


def _comments(document: Any) -> dict[str, _Comment]:
    """The comments part, read with python-docx; replies and resolution from ``commentsExtended``."""
    comments = document.comments
    extended = _extended(document)
    by_para: dict[str, str] = {}
    found: dict[str, tuple[Any, str | None]] = {}
    for comment in comments:
        paragraphs = comment.paragraphs
        para_id = paragraphs[-1]._p.get(f"{{{_W14}}}paraId") if paragraphs else None
        found[str(comment.comment_id)] = (comment, para_id)
        if para_id:
            by_para[para_id] = str(comment.comment_id)
    result: dict[str, _Comment] = {}
    for comment_id, (comment, para_id) in found.items():
        parent_para, done = extended.get(para_id or "", (None, False))
        result[comment_id] = _Comment(
            author=comment.author or "",
            date=comment.timestamp,
            text="\n".join(p.text for p in comment.paragraphs).strip(),
            parent=by_para.get(parent_para) if parent_para else None,
            resolved=done,
        )
    return result


def _extended(document: Any) -> dict[str, tuple[str | None, bool]]:
    """``commentsExtended.xml``: paraId → (parent paraId, done), where Word wrote one."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/commentsExtended") and not rel.is_external:
            root = etree.fromstring(
                rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            )
            return {
                ex.get(f"{{{_W15}}}paraId"): (ex.get(f"{{{_W15}}}paraIdParent"), ex.get(f"{{{_W15}}}done") == "1")
                for ex in root.iter(f"{{{_W15}}}commentEx")
            }
    return {}


def _stored_paths(document: Any) -> dict[str, str]:
    variables = document.settings.element.find(qn("w:docVars"))
    if variables is None:
        return {}
    for variable in variables.findall(qn("w:docVar")):
        if variable.get(qn("w:name")) == DOCVAR:
            try:
                table = json.loads(variable.get(qn("w:val")) or "{}")
            except ValueError:
                return {}
            return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}
    return {}


@dataclass
class _Anchor:
    """Where a comment is attached: the text it covers and the paragraph around it."""

    comment_id: str
    marker: Marker | None
    order: int
    offset: int
    paragraph: Any
    text: list[str] = field(default_factory=list)
    closed: bool = False


@dataclass
class _Change:
    kind: RemarkKind
    author: str
    date: str | None
    marker: Marker | None
    order: int
    offset: int
    paragraph: Any
    text: list[str] = field(default_factory=list)
    old_text: list[str] = field(default_factory=list)


class _Walker:
    """Walks the body paragraph by paragraph, in document order, collecting anchors and changes."""

    def __init__(self) -> None:
        self.marker: Marker | None = None
        self.marker_count = 0
        self.order = 0
        self.open: dict[str, _Anchor] = {}
        self.anchors: dict[str, _Anchor] = {}
        self.changes: list[_Change] = []
        self.original: dict[int, str] = {}
        """The text of each paragraph before the changes (by ``id`` of its element)."""

    def paragraph(self, p: Any) -> None:
        own = self._own_marker(p)
        if own is not None:
            self.marker = own
        self._p = p
        self._original: list[str] = []
        self._last: _Change | None = None
        self._gap = True
        self._visit(p, None)
        self.original[id(p)] = "".join(self._original)

    def _own_marker(self, p: Any) -> Marker | None:
        for start in _content(p, qn("w:bookmarkStart")):
            marker = parse_marker(start.get(qn("w:name")) or "")
            if marker is not None:
                self.marker_count += 1
                return marker
        return None

    def _offset(self) -> int:
        return sum(len(t) for t in self._original)

    def _visit(self, element: Any, change: _Change | None) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or tag == qn("w:p"):
                continue
            if tag in _INSERTED or tag in _DELETED:
                self._visit(child, self._change(child, "insertion" if tag in _INSERTED else "deletion"))
                self._gap = False
                continue
            if tag == qn("w:commentRangeStart"):
                self._anchor(child.get(qn("w:id")))
            elif tag == qn("w:commentRangeEnd"):
                anchor = self.open.pop(child.get(qn("w:id")), None)
                if anchor is not None:
                    anchor.closed = True
            elif tag == qn("w:commentReference"):
                comment_id = child.get(qn("w:id"))
                if comment_id not in self.anchors:
                    self._anchor(comment_id).closed = True
                    self.open.pop(comment_id, None)
            elif tag in (qn("w:t"), qn("w:delText")):
                self._text(child.text or "", change, deleted=tag == qn("w:delText"))
            elif tag == qn("w:tab"):
                self._text("\t", change, deleted=change is not None and change.kind == "deletion")
            self._visit(child, change)

    def _text(self, text: str, change: _Change | None, deleted: bool) -> None:
        if change is None:
            self._original.append(text)
            self._gap = True
        elif change.kind == "deletion" or deleted:
            change.old_text.append(text)
            self._original.append(text)
        else:
            change.text.append(text)
        if not deleted:
            for anchor in self.open.values():
                anchor.text.append(text)

    def _anchor(self, comment_id: str | None) -> _Anchor:
        anchor = _Anchor(comment_id or "", self.marker, self._next(), self._offset(), self._p)
        self.anchors[anchor.comment_id] = anchor
        self.open[anchor.comment_id] = anchor
        return anchor

    def _next(self) -> int:
        self.order += 1
        return self.order

    def _change(self, element: Any, kind: RemarkKind) -> _Change:
        author = element.get(qn("w:author")) or ""
        date = element.get(qn("w:date"))
        last = self._last
        # Word splits one edit over several elements (a run per formatting); a deletion followed at
        # once by an insertion by the same person is a replacement.
        if last is not None and not self._gap and last.author == author:
            if last.kind == kind:
                return last
            if last.kind in ("deletion", "replacement") and kind == "insertion":
                last.kind = "replacement"
                return last
        change = _Change(kind, author, date, self.marker, self._next(), self._offset(), self._p)
        self.changes.append(change)
        self._last = change
        return change

    def remarks(self, comments: dict[str, _Comment]) -> list[Remark]:
        """Comments and changes as remarks, in document order, with the snippets that locate them."""
        items: list[tuple[int, Remark]] = []
        parents: dict[str, str | None] = {}
        for anchor in self.anchors.values():
            info = comments.get(anchor.comment_id)
            if info is None:
                continue
            text = "".join(anchor.text).strip()
            original = self.original.get(id(anchor.paragraph), "")
            remark = Remark(
                0,
                "comment",
                info.author,
                info.date,
                text=text,
                comment=info.text,
                resolved=info.resolved,
                marker=anchor.marker,
                context=original,
                column=_cell_heading(anchor.paragraph),
                comment_id=anchor.comment_id,
                needles=_needles(text, original, anchor.offset),
            )
            items.append((anchor.order, remark))
            parents[anchor.comment_id] = info.parent
        for change in self.changes:
            original = self.original.get(id(change.paragraph), "")
            old = "".join(change.old_text)
            remark = Remark(
                0,
                change.kind,
                change.author,
                _date(change.date),
                text="".join(change.text),
                old_text=old,
                marker=change.marker,
                context=original,
                column=_cell_heading(change.paragraph),
                needles=_needles(old, original, change.offset),
            )
            items.append((change.order, remark))
        items.sort(key=lambda item: item[0])
        remarks = [remark for _, remark in items]
        numbers: dict[str, int] = {}
        for number, remark in enumerate(remarks, start=1):
            remark.number = number
            if remark.comment_id is not None:
                numbers[remark.comment_id] = number
        for remark in remarks:
            parent = parents.get(remark.comment_id or "")
            if parent is not None:
                remark.reply_to = numbers.get(parent)
        return remarks


def _content(p: Any, tag: str) -> Iterator[Any]:
    """Descendants ``tag`` of paragraph ``p`` that belong to it, not to a text box inside it."""
    for element in p.iter(tag):
        parent = element.getparent()
        while parent is not None and parent is not p and parent.tag != qn("w:txbxContent"):
            parent = parent.getparent()
        if parent is p:
            yield element


def _cell_heading(p: Any) -> str | None:
    """The heading of the table column ``p`` stands in (the first row's cell above it)."""
    cell = p.getparent()
    if cell is None or cell.tag != qn("w:tc"):
        return None
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    if table is None or table.tag != qn("w:tbl"):
        return None
    index = list(row.iterchildren(qn("w:tc"))).index(cell)
    first = table.find(qn("w:tr"))
    cells = list(first.iterchildren(qn("w:tc"))) if first is not None else []
    if index >= len(cells):
        return None
    return "".join(t.text or "" for t in cells[index].iter(qn("w:t"))).strip() or None


def _needles(text: str, original: str, offset: int) -> list[str]:
    """Snippets of the original paragraph to find the exact source line by, most telling first."""
    needles: list[str] = []
    text = text.strip()
    if len(text) >= 2:
        needles += [text[:16], text[:8], text[:4]]
    before = original[:offset].rstrip()
    after = original[offset + len(text) :].lstrip() if len(text) < 2 else ""
    if before:
        needles += [before[-12:], before[-6:], before[-3:]]
    if after:
        needles += [after[:12], after[:6], after[:3]]
    seen: dict[str, None] = {}
    for needle in needles:
        needle = needle.strip()
        if len(needle) >= 2:
            seen.setdefault(needle, None)
    return list(seen)


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
