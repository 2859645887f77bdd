"""``::: quote-wall``: several short attributed quotes side by side."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    BuildContext,
    Directive,
    Element,
    TextContext,
    TitleFields,
)
from toolkit.model.elements.quote import Quote


class QuoteWall(Node):
    """Several short attributed quotes side by side."""

    kind: Literal["quote-wall"] = "quote-wall"
    id: str
    title: str | None = None
    quotes: list[Quote]
    source: SourceRef


def build(ctx: BuildContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The wall of the quotes in the body."""
    return QuoteWall(id=arg or ctx.auto_id("quotes"), title=f.title, quotes=body, source=src)


def text(block: QuoteWall, ctx: TextContext) -> Iterator[str]:
    """The title, then each quote."""
    if block.title:
        yield block.title
    yield from ctx.lines(block.quotes)


ELEMENT = Element(
    model=QuoteWall,
    directive=Directive("quote-wall", TitleFields, build, Text("引语墙", "several short quotes"),
                        body="required", children=frozenset({"quote"})),
    text=text,
)
