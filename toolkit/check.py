"""``compile check``: read an edition into the model, validate it, fix safe typography, write feedback.

The first stage of every build too (:func:`toolkit.build.compile_edition` calls
:func:`check_edition`). It lives apart from the build so that checking an edition never
imports the renderers (WeasyPrint, matplotlib, python-docx): ``compile check`` starts in
a fraction of the time of a build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.diagnostics import Diagnostic, Diagnostics, Severity
from toolkit.errors import DONE, INPUT
from toolkit.feedback import Subject, office_problem, write_letters
from toolkit.model import Edition
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.readers.edition import build_date
from toolkit.readers.memo import FileMemo
from toolkit.validation import validate
from toolkit.validation.typography import Change, Settings, fix_file


@dataclass
class CheckResult:
    """What ``compile check`` found, corrected and wrote."""

    edition: Edition | None
    diagnostics: Diagnostics
    changes: list[Change] = field(default_factory=list)
    letters: list[Path] = field(default_factory=list)
    fixed: bool = False
    """``--fix`` was asked: ``changes`` is what it corrected (perhaps nothing)."""
    strict: bool = False
    """Warnings count as failures (``--strict``)."""

    @property
    def exit_code(self) -> int:
        """1 when there is an error (or, strict, a warning), else 0: whatever a listing showed of them."""
        return INPUT if self.diagnostics.has_errors(self.strict) else DONE


def run_check(
    project: Project, year: str, fix: bool = False, out_dir: Path | None = None, strict: bool = False
) -> CheckResult:
    """``compile check``: optionally fix the safe typography, check, and write the feedback letters."""
    changes = fix_edition(project, year) if fix else []
    diagnostics = Diagnostics()
    edition = check_edition(project, year, diagnostics)
    letters = write_feedback(project, year, edition, diagnostics, out_dir)
    return CheckResult(edition, diagnostics, changes, letters, fix, strict)


def write_feedback(
    project: Project,
    year: str,
    edition: Edition | None,
    diagnostics: Diagnostics,
    out_dir: Path | None = None,
    today: dt.date | None = None,
    subjects: dict[str, list[Subject]] | None = None,
) -> list[Path]:
    """One letter per submitting organisation with problems, in ``<output>/feedback/``, dated ``today``
    (default: the day, or ``SOURCE_DATE_EPOCH``'s). Letters written without the editorial office's
    contact in the manifest are reported there (MF017, a warning: the letters still say what to fix)."""
    if edition is None:
        return []
    folder = project.output_dir(edition.config, out_dir) / "feedback"
    if not folder.exists() and not any(d.organisation for d in diagnostics):
        return []
    edition_dir = project.edition_dir(year)
    letters = write_letters(
        edition, edition_dir, diagnostics, project.templates, folder, today or build_date(), subjects
    )
    problem = office_problem(edition, edition_dir, Severity.WARNING) if letters else None
    if problem is not None:
        diagnostics.extend([problem])
    return letters


def check_edition(
    project: Project, year: str, diagnostics: Diagnostics, memo: FileMemo | None = None
) -> Edition | None:
    """Read and validate edition ``year``; every problem goes to ``diagnostics``.

    ``memo`` keeps each Markdown file's reading between calls (``compile preview``).
    """
    edition_dir = project.edition_dir(year)
    edition = read_edition(edition_dir, diagnostics, memo=memo, partial=True)
    if edition is not None:
        validate(edition, edition_dir, diagnostics, previous_edition(edition, edition_dir, memo))
    return edition


def not_in_the_pages(edition: Edition, edition_dir: Path, diagnostics: Diagnostics) -> Diagnostics:
    """The problems a draft cannot show where they are: all but those the model carries as broken spots
    (a reference that leads nowhere, a directive no one knows), which every page prints marked in place.

    A draft is stopped only by these; a final build by every error.
    """
    shown = {(path, spot.line, spot.column, spot.code) for path, spot in edition.broken_spots()}

    def place(diagnostic: Diagnostic) -> tuple[str, int | None, int | None, str]:
        where = diagnostic.location
        path = (
            where.path.resolve().relative_to(edition_dir.resolve()).as_posix()
            if where.path and where.path.resolve().is_relative_to(edition_dir.resolve())
            else ""
        )
        return path, where.line, where.column, diagnostic.code

    return Diagnostics(d for d in diagnostics if place(d) not in shown)


def fix_edition(project: Project, year: str) -> list[Change]:
    """Apply the safe typographic fixes to the edition's Markdown files; return every change made.

    Runs until nothing more changes (a fix can reveal another: 联 合 国2020 → 联合国2020 → 联合国 2020).
    """
    edition_dir = project.edition_dir(year)
    edition = read_edition(edition_dir, Diagnostics())
    if edition is None:
        return []
    settings = Settings.of(edition.config)
    skip = frozenset(edition.config.typography.skip)
    files = [edition_dir / c.source.path for c in edition.chapters]
    files += [edition_dir / c.source.path for c in edition.cases.values()]
    changes: list[Change] = []
    for _ in range(4):
        made = [change for path in files for change in fix_file(path, settings, skip)]
        if not made:
            break
        changes.extend(made)
    return changes


def previous_edition(edition: Edition, edition_dir: Path, memo: FileMemo | None = None) -> Edition | None:
    """The previous edition, read quietly (its own problems are its own check's business)."""
    config = edition.config
    folder = (
        (edition_dir / config.previous_edition)
        if config.previous_edition
        else edition_dir.parent / str(config.year - 1)
    )
    if not (folder / "edition.toml").is_file():
        return None
    return read_edition(folder.resolve(), Diagnostics(), memo=memo)
