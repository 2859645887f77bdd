"""What every validation rule receives."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.carried import CarriedShare
from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import Edition, SourceRef


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
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Source files' lines, read once, keyed by their path in the edition."""

    def location(self, source: SourceRef, column: int | None = None) -> Location:
        """A diagnostic location for a model element's source."""
        return Location(self.edition_dir / source.path, source.line, column)

    def lines(self, relative: str) -> list[str]:
        """The lines of a source file of the edition (validation may look at sources)."""
        if relative not in self.sources:
            path = self.edition_dir / relative
            try:
                self.sources[relative] = path.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                self.sources[relative] = []
        return self.sources[relative]


Rule = Callable[[RuleContext], None]
