"""Telling people what happened: diagnostics listings, progress and summaries, with rich.

Every word printed here comes from :mod:`toolkit.messages` (the codes' messages and the
interface's :data:`~toolkit.messages.PHRASES`). A command hands its result to one method
(:meth:`Reporter.built`, :meth:`Reporter.checked`, ...), or its failure to :meth:`Reporter.stopped`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from toolkit.diagnostics import Diagnostic, Diagnostics, Selection, Severity
from toolkit.errors import EnvironmentProblems, InputProblems, OutputError, ToolkitError
from toolkit.messages import PHRASES, Language, phrase

if TYPE_CHECKING:  # types only: printing a result must not import what made it (start-up time)
    from toolkit.build import BuildResult
    from toolkit.check import CheckResult
    from toolkit.preview.session import Snapshot
    from toolkit.proofreading import EditionText
    from toolkit.submissions.commands import IngestReport
    from toolkit.submissions.register import Entry, Summary
    from toolkit.validation.typography import Change

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

_STATUSES = [key.removeprefix("status_") for key in PHRASES if key.startswith("status_")]
"""The statuses of a submission, in the order ``compile cases`` counts them (the register's own)."""

REPEATS = 5
"""How many times one code is listed for one file before the rest are counted in one line."""
_NARROWEST = 10
"""Cells a wrapping column of a table keeps at least (5 Chinese characters)."""


@dataclass(frozen=True)
class Listing:
    """What a listing of diagnostics shows: a selection, and how far repeats are listed."""

    selection: Selection = field(default_factory=Selection)
    repeats: int | None = REPEATS
    """Diagnostics of one code listed per file before the rest are counted (``None``: all)."""
    unfold: str = ""
    """The option that lists every repeat (``--all``), named where repeats are counted."""


class Reporter:
    """Prints to the terminal in the user's language."""

    def __init__(self, lang: Language = "zh", console: Console | None = None, listing: Listing | None = None) -> None:
        self.lang = lang
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.listing = listing or Listing()

    def word(self, key: str, **values: object) -> str:
        """A fixed phrase of the interface (:data:`toolkit.messages.PHRASES`) in the user's language."""
        return phrase(key, self.lang, **values)

    def built(self, result: BuildResult) -> None:
        """``compile edition``: the problems found on the way, the letters, the outputs and the draft round."""
        if result.diagnostics:
            self.diagnostics(result.diagnostics)
            self.summary(result.diagnostics)
        self.letters(result.letters)
        self.outputs(result.outputs, result.pages)
        if result.round is not None:
            self.round(result.round)

    def checked(self, result: CheckResult, as_json: bool = False) -> None:
        """``compile check``: what ``--fix`` corrected, the listing and the letters (or all of it as JSON)."""
        if as_json:
            self.json(result.diagnostics, result.letters)
            return
        if result.fixed:
            self.changes(result.changes)
        self.diagnostics(result.diagnostics)
        self.summary(result.diagnostics)
        self.letters(result.letters)

    def text_problems(self, result: EditionText) -> None:
        """``compile text``: when the text is incomplete, the errors that made it so and the count of all problems."""
        if result.exit_code:
            self.diagnostics(Diagnostics(result.diagnostics.errors))
            self.summary(result.diagnostics)

    def ingest(self, report: IngestReport) -> None:
        """``compile ingest``: each file's outcome, the problems, the letters and the cases still to place."""
        self.ingested(report.result.results)
        self.diagnostics(report.shown)
        self.summary(report.shown)
        self.letters(report.letters)
        self.placements(report.pending, report.pending_before)

    def stopped(self, error: ToolkitError, strict: bool = False, builds: bool = True) -> None:
        """Why a command stopped: the input's problems, what the machine lacks, or what could not be written.

        ``builds``: the command writes a report, so a stop says that the last one is kept.
        """
        if isinstance(error, InputProblems):
            self.diagnostics(error.diagnostics)
            self.summary(error.diagnostics)
            self.letters(error.letters)
            only_warnings = not error.diagnostics.errors
            if builds:
                self.console.print(self.word("stopped_strict" if only_warnings and strict else "stopped"))
        elif isinstance(error, EnvironmentProblems):
            self.console.print(f"[bold red]{self.word('machine')}[/bold red]")
            self.diagnostics(error.diagnostics)
        elif isinstance(error, OutputError):
            self.console.print(f"[bold red]{error.text.pick(self.lang)}[/bold red]")
            self.console.print(self.word("stopped"))

    def crashed(self, log: str) -> None:
        """A bug in the toolkit: where its details were logged, for the maintainers."""
        self.console.print(f"[bold red]{self.word('bug', log=log)}[/bold red]")

    def diagnostics(self, diagnostics: Diagnostics) -> None:
        """The problems the listing selects: errors, then warnings, then notes, each grouped by file
        in reading order; a code repeated in one file is listed a few times, the rest counted."""
        shown = self.listing.selection.apply(diagnostics)
        for level, items in groupby(shown.sorted(by_severity=True), key=lambda d: d.level):
            ranked = list(items)
            style = _STYLE[level]
            self.console.print(f"[{style}]{self.word('level_' + level.value, count=len(ranked))}[/{style}]")
            for path, group in groupby(ranked, key=lambda d: d.location.shown_path()):
                self.console.print(f"[bold]{escape(path or self.word('general'))}[/bold]")
                self._file(list(group))

    def _file(self, group: list[Diagnostic]) -> None:
        """One file's problems; past ``repeats`` of a code, one line says how many more there are."""
        limit = self.listing.repeats
        seen: Counter[str] = Counter()
        for diagnostic in group:
            seen[diagnostic.code] += 1
            if limit is None or seen[diagnostic.code] <= limit:
                self._one(diagnostic)
        for code, count in seen.items():
            if limit is not None and count > limit:
                more = self.word(
                    "repeats_unfold" if self.listing.unfold else "repeats",
                    count=count - limit,
                    code=code,
                    option=self.listing.unfold,
                )
                self.console.print(f"  [dim]{escape(more)}[/dim]")

    def _one(self, diagnostic: Diagnostic) -> None:
        where = diagnostic.location.display(self.lang) if diagnostic.location.path else ""
        style = _STYLE[diagnostic.level]
        self.console.print(
            f"  [dim]{escape(where)}[/dim] [{style}]{diagnostic.level.label(self.lang)}[/{style}] "
            f"[bold]{diagnostic.code}[/bold] {escape(diagnostic.message(self.lang))}"
        )
        hint = diagnostic.hint(self.lang)
        if hint:
            for number, line in enumerate(hint.splitlines()):
                prefix = (
                    self.word("hint") if number == 0 else " " * len(self.word("hint")) * (2 if self.lang == "zh" else 1)
                )
                self.console.print(f"      [green]{prefix}[/green]{escape(line)}")

    def summary(self, diagnostics: Diagnostics) -> None:
        """One line: how many errors, warnings and notes there are, and gaps still to fill — all of
        them, whatever the listing selected (and how many it listed, when it selected)."""
        if not diagnostics:
            self.console.print(f"[green]{self.word('no_problems')}[/green]")
            return
        line = self.word(
            "summary",
            errors=len(diagnostics.errors),
            warnings=len(diagnostics.warnings),
            notices=len(diagnostics.notices),
        )
        if diagnostics.gaps:
            line += self.word("summary_gaps", gaps=len(diagnostics.gaps))
        if self.listing.selection:
            line += self.word("summary_listed", listed=len(self.listing.selection.apply(diagnostics)))
        self.console.print(escape(line))

    def json(self, diagnostics: Diagnostics, letters: list[Path] | None = None) -> None:
        """Machine-readable listing for ``--format json``: the counts of everything found, then every
        selected diagnostic in reading order (never shortened)."""
        listed = self.listing.selection.apply(diagnostics)
        data: dict[str, Any] = {
            "errors": len(diagnostics.errors),
            "warnings": len(diagnostics.warnings),
            "notices": len(diagnostics.notices),
            "gaps": len(diagnostics.gaps),
        }
        if self.listing.selection:
            data["listed"] = len(listed)
        data["diagnostics"] = [d.as_dict(self.lang) for d in listed.sorted()]
        data["letters"] = [str(p) for p in letters or []]
        print(json.dumps(data, ensure_ascii=False, indent=2))

    @contextmanager
    def progress(self) -> Iterator[callable]:  # type: ignore[valid-type]
        """A status line that follows the build's stages."""
        with self.console.status(self.word("stage_read")) as status:

            def stage(name: str) -> None:
                status.update(self.word(f"stage_{name}"))

            yield stage

    def ingested(self, results: list[Any]) -> None:
        """One line per submitted file: added, updated, unchanged or rejected."""
        for result in results:
            style = {
                "added": "green",
                "updated": "cyan",
                "unchanged": "dim",
                "rejected": "bold red",
                "failed": "bold red",
            }[result.outcome]
            extra = self.word("replaces", file=result.previous_file) if result.previous_file else ""
            named = [
                self.word("submission_ref", ref=result.ref) if result.ref else "",
                self.word("submission_version", version=result.version) if result.version > 1 else "",
                result.case_id,
                result.organisation,
                result.title,
            ]
            case = (
                " → " + escape(" ".join(part for part in named if part) + extra)
                if result.case_id or result.organisation or result.title
                else escape(self.word("not_read"))
            )
            self.console.print(
                f"  [{style}]{self.word('outcome_' + result.outcome)}[/{style}] {escape(result.file.name)}{case}"
            )

    def placements(self, pending: list[Any], before: int = 0) -> None:
        """The editors' next step after ``compile ingest``: the cases awaiting a place, with the lines to add;
        ``before`` counts the cases ingested earlier that still wait too."""
        if pending:
            self.console.print(f"[bold]{self.word('placements', count=len(pending))}[/bold]")
        for item in pending[:20]:  # a big batch: the lines have the same shape, compile check lists the rest
            if item.chapter_file and item.section:
                where = self.word("place_in_section", file=item.chapter_file, section=item.section)
            elif item.chapter_file:
                where = self.word("place_in_chapter", file=item.chapter_file)
            else:
                where = self.word("place_anywhere")
            self.console.print(f"  {escape(item.case)}  {escape(item.title)}")
            self.console.print(f"    [dim]{escape(where)}[/dim]")
            for line in item.lines.splitlines():
                self.console.print(f"      [cyan]{escape(line)}[/cyan]")
        more = max(len(pending) - 20, 0) + before
        if more:
            self.console.print(self.word("placements_more", count=more))

    def register(self, entries: list[Entry], summary: Summary) -> None:
        """The submissions register as a table, then counts."""
        rows = [
            [
                escape(e.ref or "-"),
                escape(e.case or "-"),
                escape(e.title),
                escape(e.organisation),
                escape(e.organisation_kind),
                escape(e.section),
                "、".join(map(str, e.sdgs)),
                self._status(e.status),
                str(e.versions),
                e.received.isoformat(),
            ]
            for e in entries
        ]
        # refs, ids, sections, goals, status, versions and dates are never cut; titles and names wrap
        self._grid(self.word("register_columns").split("|"), rows, whole={0, 1, 4, 5, 6, 7, 8, 9})
        superseded = self.word("register_superseded", count=summary.superseded) if summary.superseded else ""
        self.console.print(self.word("register_total", count=summary.total) + superseded)
        counts = (
            (
                self.word("by_status"),
                [(self._status(k), summary.by_status[k]) for k in _STATUSES if summary.by_status[k]],
            ),
            (self.word("by_section"), sorted(summary.by_section.items())),
            (self.word("by_kind"), sorted(summary.by_kind.items())),
            (self.word("by_sdg"), [(self.word("sdg", number=k), v) for k, v in sorted(summary.by_sdg.items())]),
        )
        for label, counted in counts:
            if counted:
                listed = "，".join(f"{k}：{v}" for k, v in counted)
                self.console.print(f"  {label}　{escape(listed)}")

    def _status(self, status: str) -> str:
        """A register status in the reader's language; one the editors made up, as they wrote it."""
        return self.word(f"status_{status}") if f"status_{status}" in PHRASES else status

    def _grid(self, headings: list[str], rows: list[list[str]], whole: set[int], lines: bool = False) -> None:
        """A table whose columns ``whole`` (paths, ids, dates) are never cut or wrapped; the others fold.

        Written to a pipe or a file, the table takes the width those columns need; in a terminal
        too narrow for them, each row is printed as a record, one column a line, instead.
        """
        from rich.table import Table
        from rich.text import Text

        widest = [
            max([Text(h).cell_len] + [Text.from_markup(row[i]).cell_len for row in rows])
            for i, h in enumerate(headings)
        ]
        # each column has a space of padding on each side and a border
        needed = sum(w if i in whole else min(w, _NARROWEST) for i, w in enumerate(widest)) + 3 * len(headings) + 1
        if self.console.is_terminal and self.console.width < needed:
            self._records(headings, rows, whole)
            return
        table = Table(show_lines=lines)
        for index, heading in enumerate(headings):
            table.add_column(heading, no_wrap=index in whole, overflow="ignore" if index in whole else "fold")
        for row in rows:
            table.add_row(*row)
        width = self.console.width
        if not self.console.is_terminal:
            self.console.width = max(width, needed)  # a pipe has no width to keep to; paths do
        try:
            self.console.print(table)
        finally:
            self.console.width = width

    def _records(self, headings: list[str], rows: list[list[str]], whole: set[int]) -> None:
        """Rows as records, one column a line, for a terminal too narrow for the table. A value that
        must stay whole and does not fit beside its label goes on a line of its own."""
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        label_width = max(Text(h).cell_len for h in headings[1:])
        for row in rows:
            self.console.print(f"[bold]{escape(headings[0])}　{row[0]}[/bold]")
            for index, (heading, value) in enumerate(zip(headings[1:], row[1:]), start=1):
                label = f"[dim]{escape(heading)}[/dim]"
                fits = 3 + label_width + Text.from_markup(value).cell_len <= self.console.width
                if not value:
                    continue
                if index in whole and not fits:
                    self.console.print(f"  {label}\n  {value}")
                    continue
                field = Table.grid(padding=(0, 1))
                field.add_column(width=label_width, no_wrap=True)
                field.add_column(overflow="fold")
                field.add_row(label, value)
                self.console.print(Padding(field, (0, 0, 0, 2)))

    def compared(self, diff: Any) -> None:
        """The counts of a comparison, chapter by chapter, as editors read them."""
        self.console.print(f"[bold]{escape(self.word('compared', new=diff.new_label, old=diff.old_label))}[/bold]")
        changed = diff.changed_chapters
        self.console.print(
            self.word(
                "compared_text",
                chapters=len(changed),
                changed=diff.count("changed"),
                added=diff.count("added"),
                removed=diff.count("removed"),
            )
        )
        for chapter in changed:
            self.console.print(
                escape(
                    self.word(
                        "compared_chapter",
                        title=chapter.title,
                        changed=chapter.count("changed"),
                        added=chapter.count("added"),
                        removed=chapter.count("removed"),
                    )
                )
            )
        added = sum(1 for c in diff.cases if c.status == "added")
        self.console.print(self.word("compared_cases", added=added, removed=len(diff.cases) - added))
        self.console.print(self.word("compared_numbers", count=len(diff.numbers)))

    def round(self, round_: Any) -> None:
        """Where a draft round was recorded."""
        self.console.print(
            self.word("round", version=round_.version, date=round_.date.isoformat(), folder=_shown(round_.folder))
        )

    def new_edition(self, made: Any) -> None:
        """What ``compile new`` created and what is left to do."""
        self.console.print(
            "[green]"
            + self.word("new_made", source=made.source_year, year=made.year, folder=_shown(made.folder))
            + "[/green]"
        )
        self.console.print(self.word("new_chapters", count=len(made.chapters), source=made.source_year))
        if made.awaiting:
            tables = "，".join(f"{table}（{'、'.join(rows)}）" for table, rows in sorted(made.awaiting.items()))
            self.console.print(self.word("new_tables", count=len(made.awaiting), tables=escape(tables)))
        self.console.print(self.word("new_cases", count=made.case_slots))
        if made.template is not None:
            self.console.print(self.word("new_template", path=_shown(made.template)))
        self.console.print(self.word("new_next", year=made.year))

    def remarks(self, remarks: list[Any], csv_path: Path | None) -> None:
        """A reviewed copy's comments and tracked changes, each with its source file and line."""
        rows = [
            [
                str(r.number),
                self.word(f"remark_kind_{r.kind}"),
                escape(r.author),
                r.date.strftime("%Y-%m-%d %H:%M") if r.date else "",
                escape(r.location()),
                self._remark_text(r),
            ]
            for r in remarks
        ]
        if remarks:
            # the number, date and source file:line are never cut; names and text wrap
            self._grid(self.word("remark_columns").split("|"), rows, whole={0, 1, 3, 4}, lines=True)
        comments = sum(1 for r in remarks if r.kind == "comment")
        self.console.print(
            self.word("remark_total", count=len(remarks), comments=comments, changes=len(remarks) - comments)
        )
        if csv_path is not None:
            self.console.print(self.word("remark_csv", path=_shown(csv_path)))

    def _remark_text(self, r: Any) -> str:
        if r.kind == "comment":
            reply = self.word("reply", number=r.reply_to) if r.reply_to else ""
            done = self.word("resolved") if r.resolved else ""
            quoted = f"[dim]“{escape(r.text)}”[/dim]\n" if r.text else ""
            if r.origin == "web" and r.state:  # where the quote stands in the round: moved, changed, deleted
                now = f" → “{escape(r.now)}”" if r.now else ""
                state = self.word(f"anchor_state_{r.state}")
                quoted += f"[cyan]{escape(self.word('remark_origin_web'))} · {escape(state)}[/cyan]{now}\n"
            return f"{quoted}{escape(reply)}{escape(r.comment)}{escape(done)}"
        if r.kind == "insertion":
            return f"[green]+“{escape(r.text)}”[/green]"
        if r.kind == "deletion":
            return f"[red]−“{escape(r.old_text)}”[/red]"
        return f"[red]“{escape(r.old_text)}”[/red] → [green]“{escape(r.text)}”[/green]"

    def letters(self, letters: list[Path]) -> None:
        """Where the feedback letters to submitters are."""
        if letters:
            self.console.print(self.word("letters", count=len(letters), folder=_shown(letters[0].parent)))

    def changes(self, changes: list[Change]) -> None:
        """What ``--fix`` corrected, one line each."""
        for change in changes:
            where = f"{_shown(change.path)}:{change.line}:{change.column}"
            self.console.print(
                f"  [dim]{escape(where)}[/dim] [cyan]{change.code}[/cyan] "
                f"“{escape(change.before)}” → “{escape(change.after)}”"
            )
        self.console.print(self.word("fixed", count=len(changes)))

    def preview_serving(self, url: str, warnings: Diagnostics) -> None:
        """``compile preview``: where the pages are served, after what to know about the address (PV003)."""
        if warnings:
            self.diagnostics(warnings)
        self.console.print(f"[bold green]{escape(self.word('preview_serving', url=url))}[/bold green]")

    def preview_updated(self, snapshot: Snapshot, first: bool) -> None:
        """A preview made: at start every problem, after a save its errors; then the summary and the time taken."""
        if snapshot.state == "broken":
            self.console.print(f"[bold red]{self.word('preview_broken')}[/bold red]")
        shown = snapshot.diagnostics if first else Diagnostics(snapshot.diagnostics.errors)
        self.diagnostics(shown)
        self.summary(snapshot.diagnostics)
        if not first:
            self.console.print(f"[dim]{self.word('preview_updated', seconds=f'{snapshot.seconds:.2f}')}[/dim]")

    def preview_stopped(self) -> None:
        """Ctrl+C ended the preview."""
        self.console.print(self.word("preview_stopped"))

    def portal_warned(self, warnings: Diagnostics) -> None:
        """``compile portal serve`` on an address others reach: it must sit behind TLS (PO002)."""
        self.diagnostics(warnings)

    def portal_serving(self, url: str, database: str) -> None:
        """``compile portal serve``: where the portal answers and what it keeps its data in."""
        self.console.print(f"[bold green]{escape(self.word('portal_serving', url=url))}[/bold green]")
        self.console.print(f"[dim]{escape(self.word('portal_database', database=database))}[/dim]")

    def portal_restarted(self, problem: Diagnostic) -> None:
        """A child of the portal died and was started again."""
        self.diagnostics(Diagnostics([problem]))

    def portal_stopped(self) -> None:
        """Ctrl+C or SIGTERM ended the portal, and all its processes."""
        self.console.print(self.word("portal_stopped"))

    def portal_user(self, new: Any) -> None:
        """``compile portal add-user``: the account, and the invitation link when no password was given."""
        told = (
            self.word("portal_user_added", username=new.username, role=new.role)
            if new.created
            else self.word("portal_user_updated", username=new.username, role=new.role)
        )
        self.console.print(escape(told))
        if new.invitation:
            self.console.print(escape(self.word("portal_invitation")))
            self.console.print(new.invitation, soft_wrap=True, highlight=False)

    def outputs(self, outputs: dict[str, Path], pages: int | None) -> None:
        """Where the report was written."""
        self.console.print(f"[green]{self.word('written')}[/green]")
        for path in outputs.values():
            self.console.print(f"  {escape(_shown(path))}")
        if pages:
            self.console.print(f"  [dim]{self.word('pages', pages=pages)}[/dim]")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
