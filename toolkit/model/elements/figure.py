"""``::: figure``: an image with its caption and credit; a placeholder frame while it has none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    BuildContext,
    CheckContext,
    Directive,
    Element,
    Fields,
    TextContext,
    labelled,
    report_each,
)
from toolkit.model.structure import Edition


class Figure(Node):
    """An image with a caption. ``src`` absent from :attr:`Edition.assets` renders as a placeholder."""

    kind: Literal["figure"] = "figure"
    id: str
    src: str | None = None
    title: str | None = None
    """A short name printed in bold before the caption (C919 大型民用客机)."""
    caption: str | None = None
    """Printed under the image; also its text alternative when ``alt`` is not given."""
    alt: str | None = None
    """What the image shows, for readers who cannot see it (screen readers, the tagged PDF, Word)."""
    credit: str | None = None
    number: int | None = None
    """Position in a numbered figure group (1, 2, ...)."""
    label: str | None = None
    """Its number when captions are numbered (``图 3``); set after reading."""
    source: SourceRef


class FigureFields(Fields):
    """Fields of ``::: figure``."""

    src: str | None = None
    """Image file relative to the edition folder (``images/...``); absent: a placeholder frame."""
    title: str | None = None
    """A short name printed in bold before the caption."""
    caption: str | None = Field(default=None, min_length=1)
    """Caption printed under the image (a figure of a group may go without: the group's caption names it)."""
    alt: str | None = Field(default=None, min_length=1)
    """Text alternative: what the image shows, for readers who cannot see it; default: the caption."""
    credit: str | None = None
    """Photographer or source, printed after the caption."""


def build(ctx: BuildContext, f: FigureFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The figure, its id given or made up."""
    return Figure(
        id=arg or ctx.auto_id("fig"),
        src=f.src,
        title=f.title,
        caption=f.caption,
        alt=f.alt,
        credit=f.credit,
        source=src,
    )


def text(block: Figure, ctx: TextContext) -> Iterator[str]:
    """Its caption: number, title, caption and credit (nothing for a figure printed without a caption)."""
    caption = (
        (f"{block.title} " if block.title else "")
        + (block.caption or "")
        + (f"（{block.credit}）" if block.credit else "")
    )
    if caption.strip() or block.label:
        yield labelled(block.label, caption.rstrip())


def alt(block: Figure, edition: Edition) -> str:
    """Its ``alt`` field, or else what its title and caption say ("" when it has none of them: MD040)."""
    if block.alt:
        return block.alt
    return " ".join(part for part in (block.title, block.caption) if part)


def check_alt(ctx: CheckContext) -> None:
    """A figure whose image would have no text alternative: no ``alt`` and no caption to take it from (MD040)."""
    report_each(ctx, Figure, lambda block: not alt(block, ctx.edition), "MD040")


def check_image(ctx: CheckContext) -> None:
    """A figure without an image file prints a placeholder frame: a gap (MD031)."""
    report_each(ctx, Figure, lambda block: not block.src, "MD031")


ELEMENT = Element(
    model=Figure,
    directive=Directive("figure", FigureFields, build, Text("图片及图注", "an image with its caption")),
    text=text,
    alt=alt,
    checks=(check_image, check_alt),
)
