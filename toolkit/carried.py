"""How much of each paragraph is the previous edition's text, word for word.

Text is compared clause by clause (split at ，。；！？：、), whitespace ignored: a
clause of eight characters or more that occurs anywhere in the previous edition
counts as carried over. Whole-paragraph comparison misses most reuse, because
editors keep sentences and rewrite around them; lines of a page are an accident
of layout. Drafts mark paragraphs that are mostly carried over; ``check`` gives
each chapter's share.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.model import Edition, Paragraph, plain_text
from toolkit.render.text import edition_text

SHORTEST_CLAUSE = 8
"""Shorter clauses (年份、套话) recur by chance and are not counted."""
_SPACE = re.compile(r"\s+")
_CLAUSE = re.compile(r"[，。；！？：、,;!?:]")


@dataclass(frozen=True)
class CarriedShare:
    """A chapter's text carried over: characters, out of how many, in how many paragraphs."""

    carried: int
    total: int
    paragraphs: int

    @property
    def percent(self) -> int:
        """The share in whole per cent."""
        return round(100 * self.carried / self.total) if self.total else 0


def mark_carried_over(edition: Edition, previous: Edition | None) -> dict[str, CarriedShare]:
    """Set :attr:`Paragraph.carried` on every paragraph of the chapters; the share of each chapter."""
    if previous is None:
        return {}
    earlier = _SPACE.sub("", edition_text(previous))
    by_chapter: dict[str, list[Paragraph]] = {chapter.id: [] for chapter in edition.chapters}
    for chapter, block in edition.walk():
        if isinstance(block, Paragraph):
            by_chapter[chapter.id].append(block)
    shares: dict[str, CarriedShare] = {}
    for chapter in edition.chapters:
        carried = total = mostly = 0
        for paragraph in by_chapter[chapter.id]:
            found, length = _carried(_SPACE.sub("", plain_text(paragraph.inlines)), earlier)
            paragraph.carried = found / length if length else 0.0
            carried, total = carried + found, total + length
            mostly += paragraph.mostly_carried
        shares[chapter.id] = CarriedShare(carried, total, mostly)
    return shares


def _carried(text: str, earlier: str) -> tuple[int, int]:
    """Characters of ``text`` in clauses found in ``earlier``, and the length of ``text`` without marks."""
    clauses = [c for c in _CLAUSE.split(text) if c]
    found = sum(len(c) for c in clauses if len(c) >= SHORTEST_CLAUSE and c in earlier)
    return found, sum(len(c) for c in clauses)
