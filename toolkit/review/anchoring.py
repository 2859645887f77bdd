"""Where a reviewer's web comment stands in a draft round, and where it stands in the next one.

A comment quotes a passage of a page of the web edition (a W3C ``TextQuoteSelector``: the exact
text, with :data:`CONTEXT` characters before and after it) at a position of that page's text
(:class:`toolkit.render.web_blocks.PageText`). When the next round is built, :func:`reanchor`
looks for the passage again, as the Hypothesis client does (``match-quote.ts``): every candidate
is scored on the quote's similarity (weight 50), its prefix's and suffix's (20 each) and its
nearness to where it was expected (2), and the best is kept. Candidates come first from exact
occurrences of the quote, then from a fuzzy search (rapidfuzz) in the block that followed the
quoted one and in the chapter's other blocks.

The outcome is one of four states: ``kept`` (the quote, at the same source file:line),
``moved`` (the quote, word for word, somewhere else), ``changed`` (text like the quote, at least
:func:`threshold` similar, in the place the comment belongs to) or ``orphaned`` (its passage is
gone). A comment is never put on text that is neither its quote nor close enough to it, and a
short quote or a fuzzy match needs evidence that it is the same place: the same block, or the
same words around it.

Pure functions of the pages' text: no Django, no files (the portal stores the rounds' pages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from toolkit.render.web_blocks import Block, PageText

State = Literal["kept", "moved", "changed", "orphaned"]
CONTEXT = 32
"""Characters of prefix and suffix stored with a quote."""
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
"""The Hypothesis client's weights (src/annotator/anchoring/match-quote.ts)."""
CONTEXT_EVIDENCE = 0.5
"""How alike the words around a candidate must be (the mean of prefix and suffix) to count as the same place."""
DISTINCTIVE = 16
"""A quote this long, found word for word once in its chapter, is its own evidence."""
SUCCESSOR_RATIO = 50.0
"""How alike (rapidfuzz's ratio, 0–100) an edited block must still be to the quoted one to be taken for it."""
MAX_EXACT = 200
"""Occurrences of a quote looked at in one page (a one-character quote in a long chapter)."""


@dataclass(frozen=True)
class Quote:
    """A comment's place in a round: the page, the quoted text and its context, its range in the page's text."""

    page: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a round, and how it got there."""

    state: State
    page: str | None = None
    start: int = 0
    end: int = 0
    text: str = ""
    """The text it now stands on (the quote itself unless ``changed``)."""
    block: Block | None = None
    """The innermost block holding it."""
    similarity: float = 0.0
    """Of :attr:`text` to the quote (Levenshtein, 0–1)."""
    score: float = 0.0
    """The Hypothesis-style score of the chosen place (0–1)."""
    threshold: float = 1.0
    """The similarity a ``changed`` text needed (:func:`threshold`)."""

    @property
    def found(self) -> bool:
        return self.state != "orphaned"

    def column(self) -> str | None:
        """The heading of the table column it stands in, for a table row."""
        return self.block.column_at(self.start, self.end) if self.block is not None else None


def threshold(exact: str) -> float:
    """How similar changed text must be to the quote to carry the comment (above 1: only the quote itself).

    A short quote changed is a different word: it is found word for word or not at all.
    """
    length = len(exact.strip())
    if length < 4:
        return 1.01
    if length < 10:
        return 0.75
    return 0.6


def context(page: PageText, start: int, end: int) -> tuple[str, str]:
    """The :data:`CONTEXT` characters before and after ``start``–``end`` in the page's text."""
    return page.text[max(0, start - CONTEXT) : start], page.text[end : end + CONTEXT]


@dataclass(frozen=True)
class _Candidate:
    page: PageText
    start: int
    end: int
    similarity: float
    score: float
    evidence: bool


def _similar(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


def _context_scores(page: PageText, start: int, end: int, quote: Quote) -> tuple[float, float]:
    text = page.text
    prefix = _similar(text[max(0, start - len(quote.prefix)) : start], quote.prefix) if quote.prefix else 1.0
    suffix = _similar(text[end : end + len(quote.suffix)], quote.suffix) if quote.suffix else 1.0
    return prefix, suffix


def _score(
    page: PageText, start: int, end: int, similarity: float, quote: Quote, hint: int | None
) -> tuple[float, float]:
    """The Hypothesis client's score of a candidate, and the mean similarity of its context."""
    prefix, suffix = _context_scores(page, start, end, quote)
    position = 1.0 if hint is None else 1.0 - abs(start - hint) / max(len(page.text), 1)
    raw = QUOTE_WEIGHT * similarity + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * position
    return raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT), (prefix + suffix) / 2


def _occurrences(text: str, exact: str) -> list[int]:
    found, at = [], text.find(exact)
    while at != -1 and len(found) < MAX_EXACT:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _within(block: Block | None, start: int, end: int) -> bool:
    return block is not None and block.start <= start and end <= block.end


def locate(page: PageText, quote: Quote, hint: int | None = None) -> Anchor | None:
    """Where ``quote`` stands word for word in ``page`` (a new comment's selection), best context first."""
    best: _Candidate | None = None
    for start in _occurrences(page.text, quote.exact):
        end = start + len(quote.exact)
        score, _ = _score(page, start, end, 1.0, quote, hint if hint is not None else quote.start)
        if best is None or score > best.score:
            best = _Candidate(page, start, end, 1.0, score, True)
    if best is None or not quote.exact:
        return None
    return _anchor("kept", best, threshold(quote.exact))


def _anchor(state: State, candidate: _Candidate, needed: float) -> Anchor:
    page = candidate.page
    return Anchor(
        state,
        page.path,
        candidate.start,
        candidate.end,
        page.text[candidate.start : candidate.end],
        page.innermost(candidate.start, candidate.end),
        candidate.similarity,
        candidate.score,
        needed,
    )


def successor(old: PageText, block: Block, new: PageText) -> Block | None:
    """The block of ``new`` that ``block`` of ``old`` became: the same text, else the most alike of its kind
    and file."""
    same = [b for b in new.blocks if b.hash == block.hash]
    where = block.start / max(len(old.text), 1)
    if same:
        return min(
            same,
            key=lambda b: (b.path != block.path, b.depth != block.depth, abs(b.start / max(len(new.text), 1) - where)),
        )
    kin = [b for b in new.blocks if b.tag == block.tag and b.path == block.path and b.depth == block.depth]
    if not kin:
        return None
    old_text = " ".join(old.block_text(block).split())
    found = process.extractOne(
        old_text, [" ".join(new.block_text(b).split()) for b in kin], scorer=fuzz.ratio, score_cutoff=SUCCESSOR_RATIO
    )
    return kin[found[2]] if found is not None else None


def _hint(old: PageText | None, quote: Quote, new: PageText, follower: Block | None, block: Block | None) -> int:
    """Where the quote is expected in ``new``: at its offset in the block that followed its own, or as far down."""
    if follower is not None and block is not None:
        return min(follower.start + (quote.start - block.start), len(new.text))
    return round(quote.start * len(new.text) / max(len(old.text) if old is not None else 1, 1))


def _exact_candidates(new: PageText, quote: Quote, hint: int, follower: Block | None) -> list[_Candidate]:
    starts = _occurrences(new.text, quote.exact)
    distinctive = len(quote.exact.strip()) >= DISTINCTIVE and len(starts) == 1
    found = []
    for start in starts:
        end = start + len(quote.exact)
        score, around = _score(new, start, end, 1.0, quote, hint)
        evidence = _within(follower, start, end) or around >= CONTEXT_EVIDENCE or distinctive
        found.append(_Candidate(new, start, end, 1.0, score, evidence))
    return found


def _regions(new: PageText, follower: Block | None) -> Iterable[tuple[int, int, bool]]:
    """Where to look for a changed quote: the quoted block's follower, each innermost block, the whole page."""
    if follower is not None:
        yield follower.start, follower.end, True
    starts = [b.start for b in new.blocks]
    for index, block in enumerate(new.blocks):
        inner = index + 1 < len(new.blocks) and starts[index + 1] < block.end
        if not inner:
            yield block.start, block.end, False
    yield 0, len(new.text), False


def _fuzzy_candidates(
    new: PageText, quote: Quote, hint: int, follower: Block | None, needed: float
) -> list[_Candidate]:
    found = []
    exact = quote.exact
    cutoff = max(0.0, needed * 100 - 25)  # rapidfuzz's alignment scores by Indel; Levenshtein decides below
    for begin, stop, in_follower in _regions(new, follower):
        region = new.text[begin:stop]
        if not region.strip():
            continue
        if len(region) <= len(exact):
            start, end = begin, stop
        else:
            aligned = fuzz.partial_ratio_alignment(exact, region, score_cutoff=cutoff)
            if aligned is None or aligned.score < cutoff:
                continue
            start, end = begin + aligned.dest_start, begin + aligned.dest_end
        start, end = _refine(new.text, quote, start, end, begin, stop)
        similarity = _similar(new.text[start:end], exact)
        if similarity < needed:
            continue
        score, around = _score(new, start, end, similarity, quote, hint)
        evidence = in_follower or _within(follower, start, end) or around >= CONTEXT_EVIDENCE
        found.append(_Candidate(new, start, end, similarity, score, evidence))
    return found


def _refine(text: str, quote: Quote, start: int, end: int, lower: int, upper: int) -> tuple[int, int]:
    """Move a fuzzy match's ends, a few characters each way, to where the text is most like the quote and its
    context (the words around a passage decide where it ends when the quote's own ending was rewritten)."""
    exact = quote.exact
    reach = min(16, max(2, len(exact) // 3))

    def fit(s: int, e: int) -> float:
        before = _similar(text[max(0, s - len(quote.prefix)) : s], quote.prefix) if quote.prefix else 1.0
        after = _similar(text[e : e + len(quote.suffix)], quote.suffix) if quote.suffix else 1.0
        return QUOTE_WEIGHT * _similar(text[s:e], exact) + PREFIX_WEIGHT * before + SUFFIX_WEIGHT * after

    best = (fit(start, end), start, end)
    for _ in range(2):
        for s in range(max(lower, best[1] - reach), min(best[2], best[1] + reach) + 1):
            value = fit(s, best[2])
            if value > best[0]:
                best = (value, s, best[2])
        for e in range(max(best[1] + 1, best[2] - reach), min(upper, best[2] + reach) + 1):
            value = fit(best[1], e)
            if value > best[0]:
                best = (value, best[1], e)
    _, start, end = best
    while start < end and text[start].isspace():  # a match never starts or ends on white space
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def reanchor(quote: Quote, old: PageText | None, pages: Mapping[str, PageText]) -> Anchor:
    """Where ``quote`` (placed in ``old``, a page of the previous round) stands in the round of ``pages``.

    The same page is searched (every page when it is gone, a chapter renamed): the quote word for
    word first, then text like it; see the module's docstring for the states.
    """
    needed = threshold(quote.exact)
    block = old.innermost(quote.start, quote.end) if old is not None else None
    searched = [pages[quote.page]] if quote.page in pages else list(pages.values())
    exact: list[_Candidate] = []
    fuzzy: list[_Candidate] = []
    for new in searched:
        follower = successor(old, block, new) if old is not None and block is not None else None
        hint = _hint(old, quote, new, follower, block)
        exact += [c for c in _exact_candidates(new, quote, hint, follower) if c.evidence]
        if not exact and needed <= 1.0:
            fuzzy += [c for c in _fuzzy_candidates(new, quote, hint, follower, needed) if c.evidence]
    if exact:
        best = max(exact, key=lambda c: c.score)
        anchor = _anchor("kept", best, needed)
        moved = (
            block is None or anchor.page != quote.page or anchor.block is None or anchor.block.source != block.source
        )
        return _anchor("moved", best, needed) if moved else anchor
    if fuzzy:
        return _anchor("changed", max(fuzzy, key=lambda c: c.score), needed)
    return Anchor("orphaned", threshold=needed)
