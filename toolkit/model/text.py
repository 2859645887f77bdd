"""The model's plain-text view, in reading order: every word the report prints, and nothing else.

``compile text`` prints it; the carried-over share (:mod:`toolkit.carried`), the case length
checks and the redline's model diff (:mod:`toolkit.review.diff`) read it; the coverage tests
measure with it how much of a published edition an edition folder holds. It belongs to the
model, not to a renderer, so that every stage may use it without importing a renderer. What
each kind of block prints is its element's ``text`` view (``toolkit/model/elements/<kind>.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from toolkit.model.base import Node
from toolkit.model.elements import BY_KIND
from toolkit.model.structure import Block, Chapter, Edition


def edition_text(edition: Edition) -> str:
    """The whole report as text, one paragraph or element per line."""
    return "\n".join(_edition_lines(edition)) + "\n"


def _edition_lines(edition: Edition) -> Iterator[str]:
    config = edition.config
    yield f"{config.title} {config.year}"
    for chapter in edition.chapters:
        yield from chapter_lines(edition, chapter)


def chapter_lines(edition: Edition, chapter: Chapter) -> Iterator[str]:
    """One chapter's text."""
    yield chapter.title
    for block in chapter.intro:
        yield from block_lines(edition, block)
    for section in chapter.sections:
        yield section.full_title
        for block in section.blocks:
            yield from block_lines(edition, block)


def block_lines(edition: Edition, block: Block) -> Iterator[str]:
    """The text one block prints: its element's text view."""
    return BY_KIND[block.kind].text(block, _Reading(edition))


@dataclass(frozen=True)
class _Reading:
    """The :class:`toolkit.model.element.TextContext` text views are given."""

    edition: Edition

    def lines(self, blocks: Iterable[Node]) -> Iterator[str]:
        """The text the blocks print, in reading order."""
        for block in blocks:
            yield from block_lines(self.edition, block)  # type: ignore[arg-type]
