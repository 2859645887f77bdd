"""``::: quote-wall``: several short attributed quotes side by side."""

from __future__ import annotations

from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.element import (
    titled_group,
)
from toolkit.model.elements.quote import Quote


class QuoteWall(Node):
    """Several short attributed quotes side by side."""

    kind: Literal["quote-wall"] = "quote-wall"
    id: str
    title: str | None = None
    quotes: list[Quote]
    source: SourceRef


ELEMENT = titled_group(QuoteWall, "quotes", Text("引语墙", "several short quotes"), id_prefix="quotes")
