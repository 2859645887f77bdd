"""``::: figures``: several figures shown together, numbered 1, 2, … under an optional shared caption."""

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
    Fields,
    TextContext,
    labelled,
)
from toolkit.model.elements.figure import Figure


class FigureGroup(Node):
    """Several figures shown together and numbered 1, 2, ... with an optional shared caption."""

    kind: Literal["figures"] = "figures"
    id: str
    caption: str | None = None
    figures: list[Figure]
    label: str | None = None
    """Its number when captions are numbered (``图 3``); set after reading."""
    source: SourceRef


class FigureGroupFields(Fields):
    """Fields of ``::: figures``."""

    caption: str | None = None
    """A caption shared by the whole group."""
    numbered: bool = True
    """Number the figures 1, 2, … (``false``: a group of unnumbered figures)."""


def build(ctx: BuildContext, f: FigureGroupFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The group of the figures in the body, numbered in order unless told not to."""
    figures = [fig.model_copy(update={"number": n if f.numbered else None}) for n, fig in enumerate(body, start=1)]
    return FigureGroup(id=arg or ctx.auto_id("figs"), caption=f.caption, figures=figures, source=src)


def text(block: FigureGroup, ctx: TextContext) -> Iterator[str]:
    """Each figure's caption, then the shared one."""
    yield from ctx.lines(block.figures)
    if block.caption or block.label:
        yield labelled(block.label, block.caption or "")


ELEMENT = Element(
    model=FigureGroup,
    directive=Directive(
        "figures",
        FigureGroupFields,
        build,
        Text("编号的组图", "a numbered group of figures"),
        body="required",
        children=frozenset({"figure"}),
    ),
    text=text,
)
