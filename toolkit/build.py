"""The compile pipeline: read → validate → render → write, with explicit seams.

Each stage is a plain function that a test, the benchmark or a future command
can call on its own:

1. :func:`check_edition`  reads the folder into the model and validates it;
2. :class:`toolkit.render.book.Binder` makes the PDF from parts laid out by
   :mod:`toolkit.render.pdf` (HTML from :mod:`toolkit.render.html`), cached in ``<output>/.cache``;
3. :func:`toolkit.render.docx.render_docx` makes the DOCX;
4. :class:`toolkit.atomic.OutputBatch` puts both in place together.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from toolkit.atomic import OutputBatch
from toolkit.drafts import Round, next_version, record_round
from toolkit.diagnostics import Diagnostics
from toolkit.environment import check_environment
from toolkit.errors import EnvironmentProblems, InputProblems, OutputError
from toolkit.feedback import write_letters
from toolkit.messages import Text
from toolkit.model import Draft, Edition
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.render import docx as docx_renderer
from toolkit.render.book import Binder, PartCache
from toolkit.validation import validate
from toolkit.validation.typography import Change, Settings, fix_file

Format = Literal["pdf", "docx"]
Stage = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What ``compile edition`` was asked to do."""

    formats: tuple[Format, ...] = ("pdf", "docx")
    strict: bool = False
    out_dir: Path | None = None
    draft: Draft | None = None
    """Mark the outputs as a review draft (征求意见稿, its round and date on every page) and record
    the round under ``<output>/drafts/``."""


@dataclass
class BuildResult:
    """What a build produced and what it found on the way."""

    edition: Edition
    diagnostics: Diagnostics
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    letters: list[Path] = field(default_factory=list)
    round: Round | None = None
    """The review round recorded, for a draft."""
    parts_html: list[str] = field(default_factory=list)
    """The HTML of each part of the PDF, as WeasyPrint laid it out."""


@dataclass
class CheckResult:
    """What ``compile check`` found, corrected and wrote."""

    edition: Edition | None
    diagnostics: Diagnostics
    changes: list[Change] = field(default_factory=list)
    letters: list[Path] = field(default_factory=list)


def run_check(project: Project, year: str, fix: bool = False, out_dir: Path | None = None) -> CheckResult:
    """``compile check``: optionally fix the safe typography, check, and write the feedback letters."""
    changes = fix_edition(project, year) if fix else []
    diagnostics = Diagnostics()
    edition = check_edition(project, year, diagnostics)
    letters = write_feedback(project, year, edition, diagnostics, out_dir)
    return CheckResult(edition, diagnostics, changes, letters)


def write_feedback(project: Project, year: str, edition: Edition | None, diagnostics: Diagnostics,
                   out_dir: Path | None = None) -> list[Path]:
    """One letter per submitting organisation with problems, in ``<output>/feedback/``."""
    if edition is None:
        return []
    folder = project.output_dir(edition.config, out_dir) / "feedback"
    if not folder.exists() and not any(d.organisation for d in diagnostics):
        return []
    return write_letters(edition, project.edition_dir(year), diagnostics, project.templates, folder)


def check_edition(project: Project, year: str, diagnostics: Diagnostics) -> Edition | None:
    """Read and validate edition ``year``; every problem goes to ``diagnostics``."""
    edition_dir = project.edition_dir(year)
    edition = read_edition(edition_dir, diagnostics)
    if edition is not None:
        validate(edition, edition_dir, diagnostics, previous_edition(edition, edition_dir))
    return edition


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


def previous_edition(edition: Edition, edition_dir: Path) -> Edition | None:
    """The previous edition, read quietly (its own problems are its own check's business)."""
    config = edition.config
    folder = (edition_dir / config.previous_edition) if config.previous_edition else \
        edition_dir.parent / str(config.year - 1)
    if not (folder / "edition.toml").is_file():
        return None
    return read_edition(folder.resolve(), Diagnostics())


def compile_edition(project: Project, year: str, options: BuildOptions = BuildOptions(),
                    stage: Stage = lambda name: None) -> BuildResult:
    """Build the PDF and/or DOCX of edition ``year``.

    Raises :class:`InputProblems` (nothing written) when the edition has errors,
    :class:`EnvironmentProblems` when fonts are missing, :class:`OutputError`
    when the outputs cannot be written (the previous ones stay in place).
    """
    timings: dict[str, float] = {}
    diagnostics = Diagnostics()
    started = time.perf_counter()
    stage("read")
    edition = check_edition(project, year, diagnostics)
    timings["read+validate"] = time.perf_counter() - started
    letters = write_feedback(project, year, edition, diagnostics, options.out_dir)
    if edition is None or diagnostics.has_errors(options.strict):
        raise InputProblems(diagnostics, letters)

    machine = Diagnostics()
    if "pdf" in options.formats:
        check_environment(edition.config.theme, machine)
    if machine.errors:
        raise EnvironmentProblems(machine)
    diagnostics.extend(machine)

    result = BuildResult(edition=edition, diagnostics=diagnostics, timings=timings, letters=letters)
    edition_dir = project.edition_dir(year)
    out_dir = project.output_dir(edition.config, options.out_dir)
    name = edition.config.output_name
    draft = options.draft
    if draft is not None and draft.version is None:
        draft = draft.model_copy(update={"version": next_version(out_dir)})
    try:
        with OutputBatch(out_dir) as batch:
            if "pdf" in options.formats:
                stage("pdf")
                began = time.perf_counter()
                cache = PartCache(out_dir / ".cache")
                book = Binder(edition, project.templates, edition_dir, draft, cache).bind()
                batch.temporary(f"{name}.pdf").write_bytes(book.data)
                cache.prune()
                result.pages = book.pages
                result.parts_html = book.parts_html
                timings["pdf"] = time.perf_counter() - began
            if "docx" in options.formats:
                stage("docx")
                began = time.perf_counter()
                docx_renderer.render_docx(edition, project.templates, batch.temporary(f"{name}.docx"), draft)
                timings["docx"] = time.perf_counter() - began
            stage("write")
            for path in batch.commit():
                result.outputs[path.suffix.lstrip(".")] = path
        if draft is not None:
            stage("round")
            result.round = record_round(out_dir, edition, draft, result.outputs)
    except OSError as exc:
        raise OutputError(Text(f"无法写入 {out_dir}：{exc.strerror or exc}",
                               f"cannot write to {out_dir}: {exc.strerror or exc}")) from exc
    timings["total"] = time.perf_counter() - started
    return result
