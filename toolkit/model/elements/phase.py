"""``::: phase``: one phase of a timeline, a date range, a title and its entries (inside ``::: timeline``)."""

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


class Phase(Node):
    """One phase of a timeline: a date range, a title and its entries."""

    kind: Literal["phase"] = "phase"
    period: str
    title: str
    blocks: list[Block]
    source: SourceRef


class PhaseFields(Fields):
    """Fields of ``::: phase``."""

    period: str = Field(min_length=1, examples=["2020 年 1 月 23 日起"])
    """The dates of the phase."""
    title: str = Field(min_length=1)
    """What happened in it."""


def build(ctx: BuildContext, f: PhaseFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The phase, its entries from the body."""
    return Phase(period=f.period, title=f.title, blocks=body, source=src)


def text(block: Phase, ctx: TextContext) -> Iterator[str]:
    """Its dates, its title, then its entries."""
    yield block.period
    yield block.title
    yield from ctx.lines(block.blocks)


ELEMENT = Element(
    model=Phase,
    directive=Directive(
        "phase",
        PhaseFields,
        build,
        Text("时间线中的一个阶段", "a phase of a timeline"),
        argument="none",
        body="required",
        children=TEXT_KINDS,
        parents=frozenset({"timeline"}),
    ),
    text=text,
)
