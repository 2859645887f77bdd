"""``::: thanks``: the preface's closing thanks and note on data sources, set apart from its prose."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    BuildContext,
    CheckContext,
    Directive,
    Element,
    NoFields,
    TextContext,
)


class Thanks(Node):
    """The preface's closing thanks and note on data sources, set apart from its prose."""

    kind: Literal["thanks"] = "thanks"
    blocks: list[Block]
    source: SourceRef


def build(ctx: BuildContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The thanks around the body's text."""
    return Thanks(blocks=body, source=src)


def text(block: Thanks, ctx: TextContext) -> Iterator[str]:
    """Its text."""
    yield from ctx.lines(block.blocks)


def check_in_preface(ctx: CheckContext) -> None:
    """Thanks are the preface's closing words (MD027)."""
    for chapter, block in ctx.edition.walk():
        if isinstance(block, Thanks) and chapter.kind != "preface":
            ctx.diagnostics.add("MD027", ctx.location(block.source, 1))


ELEMENT = Element(
    model=Thanks,
    directive=Directive("thanks", NoFields, build, Text("序言中的致谢与数据说明", "the preface's thanks and data note"),
                        argument="none", body="required", children=TEXT_KINDS),
    text=text,
    
    checks=(check_in_preface,),
)
