"""A paragraph of body text: what Markdown writes between empty lines."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.model.base import Inline, Node, SourceRef, plain_text
from toolkit.model.element import Element, TextContext

CARRIED_MARK = 0.5
"""A paragraph at least this much the previous edition's text is marked in drafts."""


class Paragraph(Node):
    """A paragraph of body text."""

    kind: Literal["paragraph"] = "paragraph"
    inlines: list[Inline]
    carried: float = 0.0
    """Share of its text found word for word in the previous edition (set after reading)."""
    source: SourceRef

    @property
    def mostly_carried(self) -> bool:
        """Most of it is the previous edition's text: drafts mark it for the editors."""
        return self.carried >= CARRIED_MARK


def text(block: Paragraph, ctx: TextContext) -> Iterator[str]:
    """Its words, styles dropped."""
    yield plain_text(block.inlines)


ELEMENT = Element(
    model=Paragraph,
    markdown="text between empty lines (**bold**, *italic*, links, [[table:row:column]])",
    text=text,
)
