"""A bulleted or numbered list: what Markdown's ``- item`` and ``1. item`` write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import Element, TextContext


class ListBlock(Node):
    """A bulleted or numbered list; each item holds blocks."""

    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[list[Block]]
    source: SourceRef


def text(block: ListBlock, ctx: TextContext) -> Iterator[str]:
    """Each item's text in turn."""
    for item in block.items:
        yield from ctx.lines(item)


ELEMENT = Element(
    model=ListBlock,
    markdown="- item, or 1. item",
    text=text,
)
