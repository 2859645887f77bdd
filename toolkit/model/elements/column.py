"""``::: column``: a 专栏/专题 box with a title, an optional lead and labelled pillars."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import BuildContext, Directive, Element, Fields, titled_text


class ColumnBox(Node):
    """A 专栏/专题 box: a title, an optional lead, and labelled pillars."""

    kind: Literal["column"] = "column"
    id: str
    label: Literal["专栏", "专题"] = "专栏"
    title: str
    blocks: list[Block]
    """Lead text and pillars, in reading order."""
    source: SourceRef


class ColumnFields(Fields):
    """Fields of ``::: column``."""

    title: str = Field(min_length=1)
    """The box's title."""
    label: Literal["专栏", "专题"] = "专栏"
    """The word printed on the box's tab."""


def build(ctx: BuildContext, f: ColumnFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The box around the body."""
    return ColumnBox(id=arg or ctx.auto_id("column"), label=f.label, title=f.title, blocks=body, source=src)


ELEMENT = Element(
    model=ColumnBox,
    directive=Directive("column", ColumnFields, build, Text("专栏/专题", "a 专栏/专题 box"), body="required"),
    text=titled_text,
)
