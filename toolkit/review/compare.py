"""``compile diff``: an edition now against a recorded draft round, or against another year's edition."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.atomic import OutputBatch
from toolkit.build import check_edition
from toolkit.diagnostics import Diagnostics, Location
from toolkit.drafts import Round, list_rounds, load_snapshot
from toolkit.errors import InputProblems
from toolkit.messages import phrase
from toolkit.model import Edition
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.review.diff import EditionDiff, diff_editions
from toolkit.review.redline import redline_html, redline_pdf


@dataclass
class DiffReport:
    """The comparison and where its redline was written."""

    diff: EditionDiff
    outputs: dict[str, Path] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def compare(
    project: Project,
    year: str,
    against: str | None = None,
    against_edition: str | None = None,
    out_dir: Path | None = None,
) -> DiffReport:
    """Compare edition ``year`` as it is now with a draft round or another edition.

    The default round is the latest; when nothing changed since (the latest round is
    what is there now), the one before it, so that the redline shows that round's changes.

    Writes ``<output>/diff/修订对照-….html`` and ``.pdf`` together, atomically.
    """
    diagnostics = Diagnostics()
    edition = check_edition(project, year, diagnostics)
    if edition is None or diagnostics.errors:
        raise InputProblems(diagnostics)
    output = project.output_dir(edition.config, out_dir)
    if against_edition is not None:
        old, old_label = _other_edition(project, against_edition)
        name = phrase("redline_against_edition", "zh", year=edition.config.year, other=old.config.year)
        new_label = phrase("edition_of_year", "zh", year=edition.config.year)
        diff = diff_editions(old, edition, old_label, new_label)
    else:
        rounds = list_rounds(output)
        round_, old = _round(rounds, output, against, str(edition.config.year))
        new_label = phrase("edition_now", "zh", year=edition.config.year)
        diff = diff_editions(old, edition, round_.label, new_label)
        if against is None and not has_changes(diff) and len(rounds) > 1:
            # now is the latest round itself: show what that round changed since the one before
            new_label = round_.label
            round_, old = _round(rounds, output, rounds[-2].version, str(edition.config.year))
            diff = diff_editions(old, edition, round_.label, new_label)
        name = phrase("redline_against_round", "zh", year=edition.config.year, version=round_.version)
    html = redline_html(diff, project.templates, edition.config.metadata_author)
    pdf = redline_pdf(html, project.templates)
    report = DiffReport(diff, diagnostics=diagnostics)
    with OutputBatch(output / "diff") as batch:
        batch.temporary(f"{name}.html").write_text(html, encoding="utf-8")
        batch.temporary(f"{name}.pdf").write_bytes(pdf)
        for path in batch.commit():
            report.outputs[path.suffix.lstrip(".")] = path
    return report


def _other_edition(project: Project, year: str) -> tuple[Edition, str]:
    diagnostics = Diagnostics()
    other = read_edition(project.edition_dir(year), diagnostics)
    if other is None:
        raise InputProblems(Diagnostics(diagnostics.errors))
    return other, phrase("edition_of_year", "zh", year=other.config.year)


def has_changes(diff: EditionDiff) -> bool:
    """Whether anything at all differs."""
    return bool(diff.changed_chapters or diff.cases or diff.numbers)


def _round(rounds: list[Round], output: Path, version: str | None, year: str) -> tuple[Round, Edition]:
    diagnostics = Diagnostics()
    where = Location(output / "drafts")
    if not rounds:
        diagnostics.add("DF001", where, year=year)
        raise InputProblems(diagnostics)
    chosen = rounds[-1] if version is None else next((r for r in rounds if r.version == version), None)
    if chosen is None:
        diagnostics.add(
            "DF002", where, version=version, rounds="、".join(r.version for r in rounds), latest=rounds[-1].version
        )
        raise InputProblems(diagnostics)
    snapshot = load_snapshot(chosen)
    if snapshot is None:
        diagnostics.add("DF003", Location(chosen.folder), version=chosen.version, year=year)
        raise InputProblems(diagnostics)
    return chosen, snapshot
