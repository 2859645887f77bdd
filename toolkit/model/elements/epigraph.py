"""``::: epigraph``: a policy quotation opening a chapter or section, with its source after a dash."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef, signed
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    BuildContext,
    Directive,
    Element,
    Fields,
    attributed_text,
)


class Epigraph(Node):
    """A policy quotation opening a chapter or section, with its source after a dash."""

    kind: Literal["epigraph"] = "epigraph"
    blocks: list[Block]
    source_text: str
    """The quotation's source, printed after “——”."""
    source: SourceRef

    @property
    def attribution(self) -> str:
        """``——2020 年《政府工作报告》``: its source as every output prints it."""
        return signed(self.source_text)


class EpigraphFields(Fields):
    """Fields of ``::: epigraph``."""

    source: str = Field(min_length=1, examples=["2020 年《政府工作报告》"])
    """Where the quotation comes from; printed after “——”."""


def build(ctx: BuildContext, f: EpigraphFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The quotation in the body, with its source."""
    return Epigraph(blocks=body, source_text=f.source, source=src)


ELEMENT = Element(
    model=Epigraph,
    directive=Directive(
        "epigraph",
        EpigraphFields,
        build,
        Text("题记（引文及出处）", "a quotation and its source"),
        argument="none",
        body="required",
        children=TEXT_KINDS,
    ),
    text=attributed_text,
)
