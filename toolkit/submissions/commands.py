"""The library side of ``compile case-template``, ``compile ingest`` and ``compile cases``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import OutputBatch
from toolkit.check import check_edition, write_feedback
from toolkit.diagnostics import Diagnostics
from toolkit.errors import InputProblems
from toolkit.model import Edition
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.submissions import register as reg
from toolkit.submissions.ingest import IngestResult, ingest
from toolkit.submissions.template import write_template


def _edition(project: Project, year: str) -> Edition:
    diagnostics = Diagnostics()
    edition = read_edition(project.edition_dir(year), diagnostics)
    if edition is None:
        raise InputProblems(diagnostics)
    return edition


def make_case_template(project: Project, year: str | None, output: Path | None) -> Path:
    """Write the case template for edition ``year`` (its sections listed), or a generic one."""
    edition = _edition(project, year) if year else None
    name = f"案例征集模板-{edition.config.year}.docx" if edition else "案例征集模板.docx"
    target = output or (project.output_dir(edition.config) / name if edition else project.root / "build" / name)
    with OutputBatch(target.parent) as batch:
        write_template(project.templates, batch.temporary(target.name), edition)
        return batch.commit()[0]


@dataclass
class IngestReport:
    """What ``compile ingest`` did, the problems it found, and the letters it wrote."""

    result: IngestResult
    letters: list[Path]


def ingest_submissions(project: Project, year: str, paths: list[Path], today: dt.date | None = None,
                       out_dir: Path | None = None) -> IngestReport:
    """Ingest the files, update the register, and write feedback letters for their problems."""
    edition = _edition(project, year)
    edition_dir = project.edition_dir(year)
    result = ingest(edition, edition_dir, [p.resolve() for p in paths], project.templates, today)
    # letters speak of the whole edition: the submissions' problems and those of the cases already in
    everything = Diagnostics(result.diagnostics)
    refreshed = check_edition(project, year, everything)
    letters = write_feedback(project, year, refreshed or edition, everything, out_dir)
    return IngestReport(result, letters)


def list_cases(project: Project, year: str) -> tuple[list[reg.Entry], reg.Summary]:
    """The register of edition ``year`` and its counts."""
    entries = reg.load(project.edition_dir(year))
    return entries, reg.summarise(entries)
