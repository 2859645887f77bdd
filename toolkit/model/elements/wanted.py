"""``::: wanted``: a gap the editors still have to fill, printed as a marked frame."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef, plain_text
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
from toolkit.model.words import WORDS


class Wanted(Node):
    """A gap the editors still have to fill (a case to collect, a figure to update), printed as a marked frame.

    ``compile new`` leaves one where the previous edition placed a case.
    """

    kind: Literal["wanted"] = "wanted"
    what: str
    """What is wanted: 案例, 图片, 数据 ..."""
    blocks: list[Block] = []
    """What the editors know about it (the previous edition's case, whom to ask)."""
    source: SourceRef

    @property
    def label(self) -> str:
        """The frame's heading in every output: ``待补充 · 案例``."""
        return f"{WORDS.awaiting} · {self.what}"


def build(ctx: BuildContext, f: NoFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The frame of what the argument names, with what the body says about it."""
    assert arg
    return Wanted(what=arg, blocks=body, source=src)


def text(block: Wanted, ctx: TextContext) -> Iterator[str]:
    """The marked gap, then what is known about it."""
    yield f"【{WORDS.awaiting}：{block.what}】"
    yield from ctx.lines(block.blocks)


def check_listed(ctx: CheckContext) -> None:
    """Every gap still marked as wanted is listed, with what is known about it (MD030)."""
    for _, block in ctx.edition.walk():
        if isinstance(block, Wanted):
            first = next((plain_text(b.inlines) for b in block.blocks if hasattr(b, "inlines")), "")
            detail = f"（{first[:40]}{'…' if len(first) > 40 else ''}）" if first else ""
            ctx.diagnostics.add("MD030", ctx.location(block.source, 1), what=block.what, detail=detail)


ELEMENT = Element(
    model=Wanted,
    directive=Directive(
        "wanted",
        NoFields,
        build,
        Text("待补充的内容（印作醒目的占位框）", "a gap still to fill, printed as a marked frame"),
        argument="required",
        argument_label=Text("待补充的内容", "what is wanted"),
        argument_example="案例",
        body="optional",
        children=TEXT_KINDS,
    ),
    text=text,
    checks=(check_listed,),
)
