"""``::: thanks``: the preface's closing thanks and note on data sources, set apart from its prose."""

from __future__ import annotations

from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    CheckContext,
    Directive,
    Element,
    NoFields,
    body_builder,
    body_text,
)


class Thanks(Node):
    """The preface's closing thanks and note on data sources, set apart from its prose."""

    kind: Literal["thanks"] = "thanks"
    blocks: list[Block]
    source: SourceRef


def check_in_preface(ctx: CheckContext) -> None:
    """Thanks are the preface's closing words (MD027)."""
    for chapter, block in ctx.edition.walk():
        if isinstance(block, Thanks) and chapter.kind != "preface":
            ctx.diagnostics.add("MD027", ctx.location(block.source, 1))


ELEMENT = Element(
    model=Thanks,
    directive=Directive(
        "thanks",
        NoFields,
        body_builder(Thanks),
        Text("序言中的致谢与数据说明", "the preface's thanks and data note"),
        argument="none",
        body="required",
        children=TEXT_KINDS,
    ),
    text=body_text,
    checks=(check_in_preface,),
)
