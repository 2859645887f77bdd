"""``::: quote``: words of a named person, signed with their role and organisation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef, attribution
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    BuildContext,
    Directive,
    Element,
    Fields,
    attributed_text,
)


class Quote(Node):
    """Words of a named person, with role and organisation."""

    kind: Literal["quote"] = "quote"
    blocks: list[Block]
    speaker: str
    role: str | None = None
    organisation: str | None = None
    source: SourceRef

    @property
    def attribution(self) -> str:
        """``——匈牙利外交与对外经济部部长 西亚尔托``."""
        return attribution(self.speaker, self.role, self.organisation)


class QuoteFields(Fields):
    """Fields of ``::: quote``."""

    speaker: str = Field(min_length=1, examples=["西亚尔托"])
    """The person quoted."""
    role: str | None = None
    """Their role: 外交与对外经济部部长."""
    organisation: str | None = None
    """Their organisation or country: 匈牙利."""


def build(ctx: BuildContext, f: QuoteFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The words in the body, with who said them."""
    return Quote(blocks=body, speaker=f.speaker, role=f.role, organisation=f.organisation, source=src)


ELEMENT = Element(
    model=Quote,
    directive=Directive(
        "quote",
        QuoteFields,
        build,
        Text("署名引语", "words of a named person"),
        argument="none",
        body="required",
        children=TEXT_KINDS,
    ),
    text=attributed_text,
)
