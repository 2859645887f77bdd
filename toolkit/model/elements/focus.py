"""``::: focus``: an outlook's “聚焦……” item, a lead phrase and its text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef, plain_text
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    BuildContext,
    Directive,
    Element,
    Fields,
    TextContext,
)
from toolkit.model.elements.paragraph import Paragraph


class Focus(Node):
    """An outlook's “聚焦……” item: a lead phrase and its text."""

    kind: Literal["focus"] = "focus"
    title: str
    """The lead phrase: printed in bold at the start of the first paragraph when that paragraph begins
    with it (as printed: 聚焦科技创新，全面推进……), else as a line of its own."""
    blocks: list[Block]
    source: SourceRef

    @property
    def run_in(self) -> bool:
        """Whether the first paragraph begins with the title (the title is then printed inside it)."""
        first = self.blocks[0] if self.blocks else None
        return isinstance(first, Paragraph) and plain_text(first.inlines).startswith(self.title)


class FocusFields(Fields):
    """Fields of ``::: focus``."""

    title: str | None = Field(default=None, examples=["聚焦科技创新"])
    """The lead phrase; default: the start of the text up to its first “，” (聚焦科技创新，……)."""


def build(ctx: BuildContext, f: FocusFields, arg: str | None, body: list[Block], src: SourceRef) -> Block | None:
    """The item, its title given or taken from the text's first words."""
    title = f.title or _lead_phrase(body)
    if not title:
        ctx.report("MD007", src.line - 1 if src.line else None, name="focus", key="title")
        return None
    return Focus(title=title, blocks=body, source=src)


def _lead_phrase(body: list[Block]) -> str | None:
    """The words before the first “，” of the first paragraph, if they are short enough to be a lead."""
    first = body[0] if body else None
    if not isinstance(first, Paragraph):
        return None
    lead, comma, _ = plain_text(first.inlines).partition("，")
    return lead if comma and 0 < len(lead) <= 20 else None


def text(block: Focus, ctx: TextContext) -> Iterator[str]:
    """The title on its own line unless the text begins with it, then the text."""
    if not block.run_in:
        yield block.title
    yield from ctx.lines(block.blocks)


ELEMENT = Element(
    model=Focus,
    directive=Directive(
        "focus",
        FocusFields,
        build,
        Text("展望中的“聚焦”段落", "an outlook's focus item"),
        argument="none",
        body="required",
        children=TEXT_KINDS,
    ),
    text=text,
)
