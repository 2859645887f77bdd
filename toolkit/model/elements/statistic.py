"""``::: statistic``: one dated fact in a highlight box."""

from __future__ import annotations

from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.block import Block
from toolkit.model.element import (
    TEXT_KINDS,
    Directive,
    Element,
    NoFields,
    body_builder,
    body_text,
)


class Statistic(Node):
    """One dated fact in a highlight box."""

    kind: Literal["statistic"] = "statistic"
    blocks: list[Block]
    source: SourceRef


ELEMENT = Element(
    model=Statistic,
    directive=Directive(
        "statistic",
        NoFields,
        body_builder(Statistic),
        Text("数据提示框", "a dated fact in a highlight box"),
        argument="none",
        body="required",
        children=TEXT_KINDS,
    ),
    text=body_text,
)
