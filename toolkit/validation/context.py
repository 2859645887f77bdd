"""What every validation rule receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.carried import CarriedShare
from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import Edition, SourceRef
from toolkit.text import SourceLines


@dataclass
class RuleContext:
    """The model, where it came from, the previous edition if any, and where to report.

    Elements' checks see it as the model's :class:`toolkit.model.element.CheckContext`.
    """

    edition: Edition
    edition_dir: Path
    diagnostics: Diagnostics
    previous: Edition | None = None
    """The previous year's edition, for checks across editions."""
    carried: dict[str, CarriedShare] = field(default_factory=dict)
    """Each chapter's text carried over from the previous edition, by chapter id."""
    sources: SourceLines = field(init=False)
    """Source files' lines, read once, keyed by their path in the edition."""

    def __post_init__(self) -> None:
        self.sources = SourceLines(self.edition_dir)

    def location(self, source: SourceRef, column: int | None = None) -> Location:
        """A diagnostic location for a model element's source."""
        return Location(self.edition_dir / source.path, source.line, column)

    def lines(self, relative: str) -> list[str]:
        """The lines of a source file of the edition (validation may look at sources)."""
        return self.sources.get(relative) or []


Rule = Callable[[RuleContext], None]
