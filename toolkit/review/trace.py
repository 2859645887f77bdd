"""From a reviewed DOCX to a list an editor can work through: ``compile comments YEAR FILE``."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import OutputBatch
from toolkit.config import EditionConfig
from toolkit.diagnostics import Diagnostics, Location
from toolkit.errors import InputProblems
from toolkit.messages import CATALOG, Language, Text, phrase
from toolkit.ooxml.package import PackageProblem, open_package
from toolkit.project import Project
from toolkit.readers.manifest import read_manifest
from toolkit.review.comments import Remark, ReviewedCopy, read_reviewed
from toolkit.source_markers import paths_in
from toolkit.text import SourceLines

DATA_SUFFIXES = (".csv", ".xlsx")
WINDOW = 80
"""Lines after a block's first line searched for the remarked text before the whole file is."""

# Markdown marks that the printed text does not show.
_MARKUP = re.compile(r"\*\*|__|[*`\\]|^\s*(?:[-+>#]+|\d+[.)])\s+|\[([^\]]*)\]\([^)]*\)")


def _printed(line: str) -> str:
    return _MARKUP.sub(lambda m: m.group(1) or "", line)


class PrintedLines:
    """The edition's text files (read once, :class:`toolkit.text.SourceLines`) as printed, to find the
    line a remarked text is on."""

    def __init__(self, edition_dir: Path) -> None:
        self.sources = SourceLines(edition_dir)
        self._printed: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        """The file's lines as printed (Markdown marks removed), or ``None`` if it is gone."""
        if path not in self._printed:
            lines = self.sources.get(path)
            self._printed[path] = None if lines is None else [_printed(line) for line in lines]
        return self._printed[path]

    def refine(self, path: str, line: int, needles: list[str]) -> int:
        """The line of ``path`` that holds the first needle found, near ``line`` if possible."""
        lines = None if path.endswith(DATA_SUFFIXES) else self.lines(path)
        if not lines:
            return line
        start = max(line - 1, 0)
        for needle in needles:
            for index in range(start, min(start + WINDOW, len(lines))):
                if needle in lines[index]:
                    return index + 1
        for needle in needles:
            hits = [index for index, text in enumerate(lines) if needle in text]
            if hits:
                return min(hits, key=lambda index: abs(index - start)) + 1
        return line


def trace(copy: ReviewedCopy, edition_dir: Path) -> tuple[list[Remark], int]:
    """Give each remark its source file and line; count those whose file no longer exists."""
    table = {**paths_in(edition_dir), **copy.paths}
    sources = PrintedLines(edition_dir)
    lost = 0
    for remark in copy.remarks:
        if remark.marker is None:
            remark.column = None
            continue
        path = table.get(remark.marker.key)
        if path is None or not (edition_dir / path).is_file():
            lost += 1
            remark.path, remark.column = path, None
            continue
        remark.path = path
        remark.line = sources.refine(path, remark.marker.line, remark.needles)
        if not path.endswith(DATA_SUFFIXES):
            remark.column = None
    return copy.remarks, lost


@dataclass
class CommentsReport:
    """What ``compile comments`` found in a reviewed copy."""

    reviewed: Path
    remarks: list[Remark]
    diagnostics: Diagnostics
    csv: Path | None = None


def edition_config(project: Project, year: str, diagnostics: Diagnostics) -> EditionConfig:
    """Edition ``year``'s manifest, or :class:`InputProblems` (ED001, the manifest's own problems)."""
    edition_dir = project.edition_dir(year)
    config = read_manifest(edition_dir, diagnostics) if edition_dir.is_dir() else None
    if config is None:
        if not edition_dir.is_dir():
            diagnostics.add("ED001", Location(), path=str(edition_dir))
        raise InputProblems(diagnostics)
    return config


def trace_comments(
    project: Project,
    year: str,
    reviewed: Path,
    lang: Language = "zh",
    out_dir: Path | None = None,
    write_csv: bool = True,
) -> CommentsReport:
    """Read ``reviewed``, trace its remarks to edition ``year``'s sources, and write them as CSV."""
    diagnostics = Diagnostics()
    config = edition_config(project, year, diagnostics)
    copy = _read(reviewed, diagnostics)
    remarks, lost = trace(copy, project.edition_dir(year))
    where = Location(path=reviewed.resolve())
    if copy.markers == 0:
        diagnostics.add("RV002", where)
    if lost:
        diagnostics.add("RV003", where, count=lost)
    if not remarks:
        diagnostics.add("RV004", where)
    report = CommentsReport(reviewed, remarks, diagnostics)
    if write_csv:
        report.csv = write_remarks(project.output_dir(config, out_dir), reviewed.stem, remarks, lang)
    return report


def write_remarks(output_dir: Path, stem: str, remarks: list[Remark], lang: Language = "zh") -> Path:
    """The remarks as ``<output>/review/<stem>-审阅意见.csv`` (UTF-8 with BOM, for spreadsheets), written atomically."""
    with OutputBatch(output_dir / "review") as batch:
        batch.temporary(f"{stem}-审阅意见.csv").write_bytes(remarks_csv(remarks, lang).encode("utf-8-sig"))
        return batch.commit()[0]


def _read(reviewed: Path, diagnostics: Diagnostics) -> ReviewedCopy:
    where = Location(path=reviewed.resolve())
    try:
        package = open_package(reviewed)
        for part in ("word/document.xml", "word/comments.xml", "word/settings.xml"):
            if package.has(part):
                package.xml(part)  # refuses DTDs and entities before python-docx parses anything
        return read_reviewed(package.data)
    except PackageProblem as problem:
        spec = CATALOG[problem.code]
        reason = Text(spec.message("zh", problem.args_), spec.message("en", problem.args_))
    except Exception as error:  # noqa: BLE001 - whatever a damaged file makes python-docx raise is the user's problem to fix
        reason = Text(
            f"不是有效的 Word 文档（{type(error).__name__}）", f"not a valid Word document ({type(error).__name__})"
        )
    diagnostics.add("RV001", where, file=reviewed.name, reason=reason)
    raise InputProblems(diagnostics)


def kind_name(kind: str, lang: Language) -> str:
    """The remark kind in the reader's language."""
    return phrase(f"remark_kind_{kind}", lang)


def remarks_csv(remarks: list[Remark], lang: Language = "zh") -> str:
    """One row per remark, file and line in their own columns so that a spreadsheet sorts by them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(phrase("remark_csv_headings", lang).split("|"))
    yes = phrase("yes", lang)
    for r in remarks:
        original = r.text if r.kind == "comment" else r.old_text
        new = r.now if r.kind == "comment" else "" if r.kind == "deletion" else r.text
        writer.writerow(
            [
                r.number,
                kind_name(r.kind, lang),
                r.author,
                _when(r),
                r.path or "",
                r.line or "",
                r.column or "",
                original,
                new,
                r.comment,
                r.reply_to or "",
                yes if r.resolved else "",
                r.context,
                phrase(f"remark_origin_{r.origin}", lang),
                phrase(f"anchor_state_{r.state}", lang) if r.state else "",
            ]
        )
    return out.getvalue()


def merge_remarks(*lists: list[Remark]) -> list[Remark]:
    """Remarks from several places (a reviewed DOCX, the portal's web comments) as one list by file and line.

    Each list keeps its replies after the remark they answer; the merged list is numbered again
    from 1 and each reply's number follows its remark. At the same place, the DOCX's remarks come
    before the web's; remarks without a place come last.
    """
    groups: list[tuple[tuple, list[Remark]]] = []
    for remarks in lists:
        by_number = {r.number: r for r in remarks}
        threads: dict[int, list[Remark]] = {}
        for remark in remarks:
            root = remark
            while root.reply_to is not None and root.reply_to in by_number and root.reply_to != root.number:
                root = by_number[root.reply_to]
            threads.setdefault(id(root), []).append(remark)
        for thread in threads.values():
            head = thread[0]
            key = (
                head.path is None,
                head.path or "",
                head.line or 0,
                head.column or "",
                head.origin != "word",
                head.number,
            )
            groups.append((key, thread))
    groups.sort(key=lambda group: group[0])
    merged: list[Remark] = []
    renumber: dict[int, int] = {}
    for _, thread in groups:
        old = {id(r): r.number for r in thread}
        numbers = {}
        for remark in thread:
            numbers[old[id(remark)]] = len(merged) + 1
            merged.append(remark)
        for remark in thread:
            renumber[id(remark)] = numbers[old[id(remark)]]
            if remark.reply_to is not None:
                remark.reply_to = numbers.get(remark.reply_to)
    for remark in merged:
        remark.number = renumber[id(remark)]
    return merged


def remarks_json(report: CommentsReport, lang: Language = "zh") -> str:
    """The remarks and problems for ``--format json``."""
    return json.dumps(
        {
            "reviewed": str(report.reviewed),
            "remarks": [r.as_dict() for r in report.remarks],
            "diagnostics": [d.as_dict(lang) for d in report.diagnostics.sorted()],
            "csv": str(report.csv) if report.csv else None,
        },
        ensure_ascii=False,
        indent=2,
    )


def _when(remark: Remark) -> str:
    return remark.date.strftime("%Y-%m-%d %H:%M") if remark.date else ""
