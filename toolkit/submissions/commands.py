"""The library side of ``compile case-template``, ``compile ingest`` and ``compile cases``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.atomic import OutputBatch, write_atomically
from toolkit.check import check_edition, write_feedback
from toolkit.diagnostics import Diagnostic, Diagnostics, Location
from toolkit.errors import BUG, DONE, INPUT, InputProblems
from toolkit.feedback import Subject
from toolkit.model import Edition
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.submissions.ingest import ACCEPTED, IngestResult, Result, ingest
from toolkit.submissions.template import write_template


def _edition(project: Project, year: str) -> Edition:
    diagnostics = Diagnostics()
    edition = read_edition(project.edition_dir(year), diagnostics)
    if edition is None:
        raise InputProblems(diagnostics)
    return edition


def newest_edition(project: Project) -> str | None:
    """The latest year under ``editions/`` that has a manifest."""
    folder = project.root / "editions"
    years = (
        [p.name for p in folder.iterdir() if p.name.isdigit() and (p / "edition.toml").is_file()]
        if folder.is_dir()
        else []
    )
    return max(years, key=int) if years else None


def make_case_template(project: Project, year: str | None, output: Path | None) -> Path:
    """Write the case template for edition ``year`` (default: the newest), its sections listed by chapter.

    Without an edition there is no section list to point at: rather than a form
    whose instructions refer to a list that is not there, it stops (SB023).
    """
    year = year or newest_edition(project)
    if year is None:
        problems = Diagnostics()
        problems.add("SB023", Location(project.root / "editions"), root=str(project.root))
        raise InputProblems(problems)
    edition = _edition(project, year)
    name = f"案例征集模板-{edition.config.year}.docx"
    target = output or project.output_dir(edition.config) / name
    with OutputBatch(target.parent) as batch:
        write_template(project.templates, batch.temporary(target.name), edition)
        return batch.commit()[0]


@dataclass(frozen=True)
class Placement:
    """A case that awaits its place in a chapter: the editors' next step after ingesting."""

    case: str
    title: str
    chapter_file: str
    """The chapter file of the section the submitter chose (empty when none was chosen)."""
    section: str
    """That section's title."""

    @property
    def lines(self) -> str:
        """What to add to the chapter, at the place the case belongs."""
        return f"::: case {self.case}\n:::"


@dataclass
class IngestReport:
    """What ``compile ingest`` did, the problems it found, and the letters it wrote."""

    result: IngestResult
    letters: list[Path]
    shown: Diagnostics = field(default_factory=Diagnostics)
    """What to tell the editor: the files' problems and the edition's checks of the cases they gave
    (so that the listing holds everything the letters say), placing aside."""
    pending: list[Placement] = field(default_factory=list)
    """Cases given by these files that are not yet placed in a chapter."""
    pending_before: int = 0
    """How many cases ingested earlier still wait for a place too (``compile check`` lists them)."""

    @property
    def exit_code(self) -> int:
        """70 when the toolkit failed on a file (logged; the other files were ingested), 1 when one was rejected."""
        if self.result.failed:
            return BUG
        return INPUT if any(r.outcome == "rejected" for r in self.result.results) else DONE


KEPT_LETTERS = "ingest"
"""The folder of ``feedback/`` where each ``compile ingest`` keeps a copy of the letters it wrote."""


def keep_letters(letters: list[Path], day: dt.date) -> Path | None:
    """A copy of ``letters`` in ``feedback/ingest/<day>-<n>/`` (n counts the day's ingests), returned.

    ``compile check`` and every build write ``feedback/`` again from the cases in the edition, and a file
    that was sent back (rejected) is not one of them: without this copy its letter would be gone before
    the editors sent it. Nothing but ``compile ingest`` writes there, and nothing removes it."""
    if not letters:
        return None
    base = letters[0].parent / KEPT_LETTERS
    base.mkdir(parents=True, exist_ok=True)
    number = 1
    while True:  # made, not looked for: two ingests of one day never share a folder
        folder = base / f"{day.isoformat()}-{number}"
        try:
            folder.mkdir()
            break
        except FileExistsError:
            number += 1
    for letter in letters:
        write_atomically(folder / letter.name, letter.read_bytes())
    return folder


def ingest_submissions(
    project: Project, year: str, paths: list[Path], today: dt.date | None = None, out_dir: Path | None = None
) -> IngestReport:
    """Ingest the files, update the register, and write feedback letters for their problems.

    The letters answer the last version of each submission among the files (a v1 and its v3
    given together: v3), with every problem each file has; the edition's checks add what they
    find in the other cases, and in these cases what only the whole edition shows.
    """
    edition = _edition(project, year)
    edition_dir = project.edition_dir(year)
    day = today or dt.date.today()
    result = ingest(edition, edition_dir, [p.resolve() for p in paths], project.templates, day)
    latest = list({r.ref or str(r.file): r for r in result.results}.values())
    checked = Diagnostics()
    refreshed = check_edition(project, year, checked)
    from_files = [d for r in latest for d in r.diagnostics]
    others = [d for d in checked if _not_told(d, result.results, edition_dir)]
    subjects: dict[str, list[Subject]] = {}
    for r in latest:
        if r.organisation and r.ref:
            subjects.setdefault(r.organisation, []).append(
                Subject(r.file.name, r.title, r.ref, r.version, r.outcome in ACCEPTED)
            )
    letters = write_feedback(
        project, year, refreshed or edition, Diagnostics([*from_files, *others]), out_dir, day, subjects
    )
    keep_letters(letters, day)
    folders = [(edition_dir / "cases" / r.case_id).resolve() for r in latest if r.case_id]
    about_these = [
        d
        for d in others
        if d.code != "CS007"
        and d.location.path is not None
        and any(d.location.path.resolve().is_relative_to(f) for f in folders)
    ]
    shown = Diagnostics([*from_files, *about_these])
    pending = _pending(refreshed, checked)
    given = {r.case_id for r in result.results if r.case_id}
    return IngestReport(
        result, letters, shown, [p for p in pending if p.case in given], sum(1 for p in pending if p.case not in given)
    )


def _not_told(diagnostic: Diagnostic, results: list[Result], edition_dir: Path) -> bool:
    """Whether the edition's check found something the files' own checks did not say already: about a
    case they gave, a problem of another kind (what only the whole edition shows); nothing about the
    earlier version a rejected file was to replace."""
    path = diagnostic.location.path
    if path is None:
        return True
    for result in reversed(results):  # the last file about a case speaks for it
        folder = (edition_dir / "cases" / result.case_id).resolve() if result.case_id else None
        if folder is not None and path.resolve().is_relative_to(folder):
            if result.outcome == "rejected":
                return False
            return diagnostic.code not in {d.code for d in result.diagnostics}
    return True


def _pending(edition: Edition | None, checked: Diagnostics) -> list[Placement]:
    """The cases the checks found unplaced (CS007), with the chapter of the section their submitter chose."""
    if edition is None:
        return []
    unplaced = {d.args.get("case") for d in checked if d.code == "CS007"}
    sections = {s.id: (c, s.full_title) for c in edition.chapters for s in c.sections}
    chapters = {c.id: c for c in edition.chapters}
    out: list[Placement] = []
    for case in edition.cases.values():
        if case.id not in unplaced:
            continue
        chapter, section = sections.get(case.section or "", (chapters.get(case.section or ""), ""))
        out.append(Placement(case.id, case.title, chapter.source.path if chapter else "", section))
    return out
