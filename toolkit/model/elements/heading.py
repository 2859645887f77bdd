"""A heading inside a section: what Markdown's ``###`` and ``####`` write (``##`` starts a section)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.model.base import Inline, Node, SourceRef
from toolkit.model.element import Element, inline_text


class Heading(Node):
    """A heading inside a section (``###`` or ``####``)."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=3, le=4)
    inlines: list[Inline]
    id: str
    source: SourceRef


ELEMENT = Element(
    model=Heading,
    markdown="### title {#id} and #### title (## starts a section)",
    text=inline_text,
)
