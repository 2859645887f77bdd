"""``::: callouts``: data callouts set in a grid."""

from __future__ import annotations

from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.element import (
    titled_group,
)
from toolkit.model.elements.callout import Callout


class CalloutGrid(Node):
    """Data callouts in a grid."""

    kind: Literal["callouts"] = "callouts"
    id: str
    title: str | None = None
    callouts: list[Callout]
    source: SourceRef


ELEMENT = titled_group(CalloutGrid, "callouts", Text("数据亮点组", "a grid of data callouts"), id_prefix="callouts")
