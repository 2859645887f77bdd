"""A heading inside a section: what Markdown's ``###`` and ``####`` write (``##`` starts a section)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from toolkit.model.base import Inline, Node, SourceRef, plain_text
from toolkit.model.element import Element, TextContext


class Heading(Node):
    """A heading inside a section (``###`` or ``####``)."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=3, le=4)
    inlines: list[Inline]
    id: str
    source: SourceRef


def text(block: Heading, ctx: TextContext) -> Iterator[str]:
    """Its words, styles dropped."""
    yield plain_text(block.inlines)


ELEMENT = Element(
    model=Heading,
    markdown="### title {#id} and #### title (## starts a section)",
    text=text,
)
