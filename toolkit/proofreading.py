"""``compile text``: the text of an edition in reading order, for proofreading and comparisons.

The edition is read and checked as for ``compile check``; what could be read is given as
text even when some files have errors, and the errors come with it. Written to a file, the
text appears whole or not at all (:mod:`toolkit.atomic`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import OutputBatch
from toolkit.check import check_edition
from toolkit.diagnostics import Diagnostics
from toolkit.errors import DONE, INPUT, OutputError
from toolkit.project import Project
from toolkit.render.text import edition_text


@dataclass
class EditionText:
    """The text of an edition and the problems found reading it."""

    text: str | None
    """``None`` when the edition could not be read at all."""
    diagnostics: Diagnostics
    written: Path | None = None
    """The file the text was written to, if one was asked for."""

    @property
    def exit_code(self) -> int:
        """1 when the edition could not be read or has errors (the text of the rest is there all the same)."""
        return INPUT if self.text is None or self.diagnostics.errors else DONE


def proofreading_text(project: Project, year: str, output: Path | None = None) -> EditionText:
    """Read and check edition ``year``; its text, written atomically to ``output`` when given."""
    diagnostics = Diagnostics()
    edition = check_edition(project, year, diagnostics)
    result = EditionText(edition_text(edition) if edition is not None else None, diagnostics)
    if result.text is not None and output is not None:
        result.written = _write(result.text, output)
    return result


def _write(text: str, output: Path) -> Path:
    try:
        with OutputBatch(output.parent) as batch:
            batch.temporary(output.name).write_text(text, encoding="utf-8")
            return batch.commit()[0]
    except OSError as exc:
        raise OutputError.writing(output, exc) from exc
