"""A reviewer in Word, simulated: comments and tracked changes written as Word writes them.

Comments go through python-docx's own ``add_comment``; tracked changes are raw
``w:ins``/``w:del`` elements around split runs, with ``w:delText`` for deleted
text, as Word stores them.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

WHEN = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


class Reviewer:
    """Opens a DOCX, lets a test mark it up, and saves the reviewed copy."""

    def __init__(self, path: Path, name: str = "王审阅") -> None:
        self.document = Document(str(path))
        self.name = name
        self._ids = 9000

    def paragraph(self, contains: str) -> Any:
        """The first paragraph (body or table cell) whose text holds ``contains``."""
        for p in self.document.element.body.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if contains in text:
                from docx.text.paragraph import Paragraph

                return Paragraph(p, self.document.part)
        raise AssertionError(f"no paragraph holds {contains!r}")

    def _isolate(self, contains: str, snippet: str) -> Any:
        """The run holding exactly ``snippet``, split out of the paragraph that holds ``contains``."""
        paragraph = self.paragraph(contains)
        for run in paragraph._p.iter(qn("w:r")):
            t = run.find(qn("w:t"))
            if t is None or snippet not in (t.text or ""):
                continue
            before, _, after = t.text.partition(snippet)
            for piece, where in ((before, "before"), (after, "after")):
                if piece:
                    clone = copy.deepcopy(run)
                    clone.find(qn("w:t")).text = piece
                    clone.find(qn("w:t")).set(qn("xml:space"), "preserve")
                    (run.addprevious if where == "before" else run.addnext)(clone)
            t.text = snippet
            t.set(qn("xml:space"), "preserve")
            return run
        raise AssertionError(f"no single run holds {snippet!r} in the paragraph with {contains!r}")

    def comment(self, contains: str, snippet: str, text: str) -> None:
        """A comment on ``snippet`` (python-docx writes the range and the reference)."""
        from docx.text.run import Run

        run = Run(self._isolate(contains, snippet), self.paragraph(contains))
        self.document.add_comment(run, text=text, author=self.name, initials="审")

    def _revision(self, tag: str) -> Any:
        element = OxmlElement(tag)
        self._ids += 1
        element.set(qn("w:id"), str(self._ids))
        element.set(qn("w:author"), self.name)
        element.set(qn("w:date"), WHEN.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return element

    def delete(self, contains: str, snippet: str) -> Any:
        """Delete ``snippet`` with change tracking on."""
        run = self._isolate(contains, snippet)
        t = run.find(qn("w:t"))
        t.tag = qn("w:delText")
        wrapper = self._revision("w:del")
        run.addprevious(wrapper)
        wrapper.append(run)
        return wrapper

    def insert(self, contains: str, after: str, text: str) -> Any:
        """Insert ``text`` right after ``after`` with change tracking on."""
        run = self._isolate(contains, after)
        return self._insert_after(run, text)

    def _insert_after(self, element: Any, text: str) -> Any:
        source = element if element.tag == qn("w:r") else element.find(qn("w:r"))
        new = copy.deepcopy(source)
        for child in list(new):
            if child.tag != qn("w:rPr"):
                new.remove(child)
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        new.append(t)
        wrapper = self._revision("w:ins")
        wrapper.append(new)
        element.addnext(wrapper)
        return wrapper

    def replace(self, contains: str, old: str, new: str) -> None:
        """Replace ``old`` by ``new``: a deletion and an insertion, side by side, as Word writes it."""
        deleted = self.delete(contains, old)
        self._insert_after(deleted, new)

    def save(self, path: Path) -> Path:
        """Write the reviewed copy."""
        self.document.save(str(path))
        return path
