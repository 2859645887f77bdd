"""A paragraph of body text: what Markdown writes between empty lines."""

from __future__ import annotations

from typing import Literal

from toolkit.model.base import Inline, Node, SourceRef
from toolkit.model.element import Element, inline_text

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


ELEMENT = Element(
    model=Paragraph,
    markdown="text between empty lines (**bold**, *italic*, links, [[table:row:column]])",
    text=inline_text,
)
