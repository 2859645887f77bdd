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
from toolkit.model.text import edition_text

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
    by_chapter: dict[str, list[Paragraph]] = {chapter.id: [] for chapter in edition.chapters}
    for chapter, block in edition.walk():
        if isinstance(block, Paragraph):
            by_chapter[chapter.id].append(block)
    texts = {id(p): _SPACE.sub("", plain_text(p.inlines)) for paragraphs in by_chapter.values() for p in paragraphs}
    earlier = _found_in(
        _SPACE.sub("", edition_text(previous)),
        {c for text in texts.values() for c in _CLAUSE.split(text) if len(c) >= SHORTEST_CLAUSE},
    )
    shares: dict[str, CarriedShare] = {}
    for chapter in edition.chapters:
        carried = total = mostly = 0
        for paragraph in by_chapter[chapter.id]:
            found, length = _carried(texts[id(paragraph)], earlier)
            paragraph.carried = found / length if length else 0.0
            carried, total = carried + found, total + length
            mostly += paragraph.mostly_carried
        shares[chapter.id] = CarriedShare(carried, total, mostly)
    return shares


def _found_in(earlier: str, clauses: set[str]) -> set[str]:
    """The clauses that occur in ``earlier``, in one pass over it (Aho–Corasick): the previous
    edition's text includes its tables, so a scan of it per clause grew with text × table."""
    import ahocorasick

    if not clauses:
        return set()
    automaton = ahocorasick.Automaton()
    for clause in clauses:
        automaton.add_word(clause, clause)
    automaton.make_automaton()
    return {clause for _, clause in automaton.iter(earlier)}


def _carried(text: str, earlier: set[str]) -> tuple[int, int]:
    """Characters of ``text`` in clauses found in the previous edition, and the length of ``text`` without marks."""
    clauses = [c for c in _CLAUSE.split(text) if c]
    found = sum(len(c) for c in clauses if len(c) >= SHORTEST_CLAUSE and c in earlier)
    return found, sum(len(c) for c in clauses)
