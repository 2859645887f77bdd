"""``::: pillar``: one labelled pillar of a 专栏 box."""

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


class Pillar(Node):
    """One labelled pillar of a 专栏 box."""

    kind: Literal["pillar"] = "pillar"
    label: str
    blocks: list[Block]
    source: SourceRef

    @property
    def label_parts(self) -> tuple[str, str]:
        """The label's first word, set apart, and the rest: ``("夯实", "产业发展基础")``; ``(label, "")``
        without a space."""
        head, _, rest = self.label.partition(" ")
        return (head, rest) if rest else (self.label, "")


class PillarFields(Fields):
    """Fields of ``::: pillar``."""

    label: str = Field(min_length=1, examples=["夯实 产业发展基础"])
    """The pillar's label; a space sets the first word apart (夯实 / 产业发展基础)."""


def build(ctx: BuildContext, f: PillarFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The pillar, its label above the body."""
    return Pillar(label=f.label, blocks=body, source=src)


def text(block: Pillar, ctx: TextContext) -> Iterator[str]:
    """The label, then the text."""
    yield block.label
    yield from ctx.lines(block.blocks)


ELEMENT = Element(
    model=Pillar,
    directive=Directive(
        "pillar",
        PillarFields,
        build,
        Text("专栏中的一项", "a labelled pillar of a 专栏"),
        argument="none",
        body="required",
        children=TEXT_KINDS | {"statistic"},
        parents=frozenset({"column"}),
    ),
    text=text,
)
