"""``::: timeline``: dated phases in order."""
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
from toolkit.model.elements.phase import Phase


class Timeline(Node):
    """Dated phases in order."""

    kind: Literal["timeline"] = "timeline"
    id: str
    title: str | None = None
    phases: list[Phase]
    source: SourceRef


def build(ctx: BuildContext, f: TitleFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The timeline of the phases in the body."""
    return Timeline(id=arg or ctx.auto_id("timeline"), title=f.title, phases=body, source=src)


def text(block: Timeline, ctx: TextContext) -> Iterator[str]:
    """The title, then each phase."""
    if block.title:
        yield block.title
    yield from ctx.lines(block.phases)


ELEMENT = Element(
    model=Timeline,
    directive=Directive("timeline", TitleFields, build, Text("时间线", "a timeline"),
                        body="required", children=frozenset({"phase"})),
    text=text,
)
