"""``::: callouts``: data callouts set in a grid."""
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
from toolkit.model.elements.callout import Callout


class CalloutGrid(Node):
    """Data callouts in a grid."""

    kind: Literal["callouts"] = "callouts"
    id: str
    title: str | None = None
    callouts: list[Callout]
    source: SourceRef


def build(ctx: BuildContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The grid of the callouts in the body."""
    return CalloutGrid(id=arg or ctx.auto_id("callouts"), title=f.title, callouts=body, source=src)


def text(block: CalloutGrid, ctx: TextContext) -> Iterator[str]:
    """The title, then each callout."""
    if block.title:
        yield block.title
    yield from ctx.lines(block.callouts)


ELEMENT = Element(
    model=CalloutGrid,
    directive=Directive("callouts", TitleFields, build, Text("数据亮点组", "a grid of data callouts"),
                        body="required", children=frozenset({"callout"})),
    text=text,
)
