"""``::: media``: a QR code generated from a URL, with its call to action."""

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
    report_each,
)
from toolkit.model.structure import Edition
from toolkit.model.words import WORDS


class MediaPrompt(Node):
    """A QR code generated from a URL, with its call to action."""

    kind: Literal["media"] = "media"
    id: str
    url: str | None = None
    """Absent: a placeholder square is printed (and a warning given)."""
    prompt: str
    source: SourceRef


class MediaFields(Fields):
    """Fields of ``::: media``."""

    url: str | None = Field(default=None, pattern=r"^https?://\S+$", examples=["https://example.cn/video"])
    """Address the QR code opens; absent: a placeholder square (and a warning)."""
    prompt: str = Field(min_length=1, examples=["扫一扫，观看 5G 融合创新应用进展"])
    """The call to action printed beside the code."""


def build(ctx: BuildContext, f: MediaFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The QR code and its prompt."""
    return MediaPrompt(id=arg or ctx.auto_id("media"), url=f.url, prompt=f.prompt, source=src)


def text(block: MediaPrompt, ctx: TextContext) -> Iterator[str]:
    """Its call to action (the code itself has no words)."""
    yield block.prompt


def alt(block: MediaPrompt, edition: Edition) -> str:
    """The QR code names the address it opens (``二维码：https://…``); a placeholder square names none."""
    return f"{WORDS.qr_code}：{block.url}" if block.url else ""


def check_url(ctx: CheckContext) -> None:
    """A QR code needs the address it opens; without one a placeholder square is printed (MD026)."""
    report_each(ctx, MediaPrompt, lambda block: not block.url, "MD026")


ELEMENT = Element(
    model=MediaPrompt,
    directive=Directive("media", MediaFields, build, Text("二维码及提示语", "a QR code with its call to action")),
    text=text,
    alt=alt,
    checks=(check_url,),
)
