"""``::: feature``: one organisation's lead text and several of its cases, under a title."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import BuildContext, Directive, Element, Fields, titled_text


class Feature(Node):
    """A company feature: one organisation's lead text and several of its cases."""

    kind: Literal["feature"] = "feature"
    id: str
    title: str
    organisation: str
    blocks: list[Block]
    """Lead text, figures and the feature's case boxes, in reading order."""
    source: SourceRef


class FeatureFields(Fields):
    """Fields of ``::: feature``."""

    title: str = Field(min_length=1)
    """The feature's title."""
    organisation: str = Field(min_length=1)
    """The organisation presenting its work."""


def build(ctx: BuildContext, f: FeatureFields, arg: str | None, body: list[Block], src: SourceRef) -> Block:
    """The feature around the body."""
    return Feature(
        id=arg or ctx.auto_id("feature"), title=f.title, organisation=f.organisation, blocks=body, source=src
    )


ELEMENT = Element(
    model=Feature,
    directive=Directive("feature", FeatureFields, build, Text("企业专题", "a company feature"), body="required"),
    text=titled_text,
)
