"""``::: epigraph``: a policy quotation opening a chapter or section, with its source after a dash."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    BuildContext,
    Directive,
    Element,
    Fields,
    TextContext,
)


class Epigraph(Node):
    """A policy quotation opening a chapter or section, with its source after a dash."""

    kind: Literal["epigraph"] = "epigraph"
    blocks: list[Block]
    source_text: str
    """The quotation's source, printed after “——”."""
    source: SourceRef


class EpigraphFields(Fields):
    """Fields of ``::: epigraph``."""

    source: str = Field(min_length=1, examples=["2020 年《政府工作报告》"])
    """Where the quotation comes from; printed after “——”."""


def build(ctx: BuildContext, f: EpigraphFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The quotation in the body, with its source."""
    return Epigraph(blocks=body, source_text=f.source, source=src)


def text(block: Epigraph, ctx: TextContext) -> Iterator[str]:
    """The quotation, then its source."""
    yield from ctx.lines(block.blocks)
    yield f"——{block.source_text}"


ELEMENT = Element(
    model=Epigraph,
    directive=Directive("epigraph", EpigraphFields, build, Text("题记（引文及出处）", "a quotation and its source"),
                        argument="none", body="required", children=TEXT_KINDS),
    text=text,
)
