"""``::: timeline``: dated phases in order."""

from __future__ import annotations

from typing import Literal

from toolkit.messages import Text
from toolkit.model.base import Node, SourceRef
from toolkit.model.element import (
    titled_group,
)
from toolkit.model.elements.phase import Phase


class Timeline(Node):
    """Dated phases in order."""

    kind: Literal["timeline"] = "timeline"
    id: str
    title: str | None = None
    phases: list[Phase]
    source: SourceRef


ELEMENT = titled_group(Timeline, "phases", Text("时间线", "a timeline"), id_prefix="timeline")
