"""``::: statistic``: one dated fact in a highlight box."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    BuildContext,
    Directive,
    Element,
    NoFields,
    TextContext,
)


class Statistic(Node):
    """One dated fact in a highlight box."""

    kind: Literal["statistic"] = "statistic"
    blocks: list[Block]
    source: SourceRef


def build(ctx: BuildContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The box around the body's text."""
    return Statistic(blocks=body, source=src)


def text(block: Statistic, ctx: TextContext) -> Iterator[str]:
    """Its text."""
    yield from ctx.lines(block.blocks)


ELEMENT = Element(
    model=Statistic,
    directive=Directive("statistic", NoFields, build, Text("数据提示框", "a dated fact in a highlight box"),
                        argument="none", body="required", children=TEXT_KINDS),
    text=text,
)
