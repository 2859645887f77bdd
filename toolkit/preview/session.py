"""One preview's state: the edition read, checked and rendered as a web site in memory, again after each save.

Each refresh runs the stages a build runs, minus writing: :func:`toolkit.check.check_edition`
reads and validates (through a :class:`~toolkit.readers.memo.FileMemo`, so only the Markdown
files whose bytes changed are parsed again), then the web renderer makes the whole site as a
``{path: bytes}`` mapping. Nothing is written to the edition or the build folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from toolkit.check import check_edition
from toolkit.diagnostics import Diagnostic, Diagnostics, Location
from toolkit.drafts import next_version
from toolkit.errors import write_crash_log
from toolkit.model import Draft, Edition
from toolkit.project import Project
from toolkit.readers.memo import FileMemo

SiteRenderer = Callable[..., dict[str, bytes]]
"""``render_site(edition, templates_dir, *, draft=None)`` → relative POSIX path → bytes."""

State = Literal["ok", "broken", "failed"]
"""``ok``: the site was made (perhaps with problems to show); ``broken``: the edition cannot be read
at all (its manifest); ``failed``: the toolkit itself failed (PV004, logged)."""


@dataclass
class Snapshot:
    """What the server shows until the next save: the site, the problems, how they were made."""

    state: State
    site: dict[str, bytes]
    diagnostics: Diagnostics
    seconds: float = 0.0
    """How long reading, checking and rendering took."""
    generation: int = 0
    """Counts the snapshots that changed something: pages reload when it moves on."""
    reads: int = 0
    """Files parsed for this snapshot (the others came from the memo)."""
    edition: Edition | None = field(default=None, repr=False)

    def same_as(self, other: Snapshot | None) -> bool:
        """Whether ``other`` shows exactly the same (a touched file, a save without changes)."""
        return (
            other is not None
            and self.state == other.state
            and self.site == other.site
            and list(self.diagnostics) == list(other.diagnostics)
        )


class PreviewSession:
    """Reads, checks and renders one edition folder on demand, remembering each file's reading."""

    def __init__(self, project: Project, year: str, render: SiteRenderer, draft: Draft | None = None) -> None:
        self.project = project
        self.year = year
        self.edition_dir = project.edition_dir(year)
        self.render = render
        self.draft = draft
        self.memo = FileMemo()

    def refresh(self) -> Snapshot:
        """The edition as it is on disk now: its site and problems, or why there is none."""
        started = time.perf_counter()
        reads = self.memo.reads
        diagnostics = Diagnostics()
        try:
            snapshot = self._made(diagnostics)
        except (
            Exception
        ) as error:  # a bug of ours must not stop the server: shown, logged, tried again on the next save
            snapshot = Snapshot("failed", {}, Diagnostics([*diagnostics, _crash_logged(error)]))
        snapshot.seconds = time.perf_counter() - started
        snapshot.reads = self.memo.reads - reads
        return snapshot

    def _made(self, diagnostics: Diagnostics) -> Snapshot:
        edition = check_edition(self.project, self.year, diagnostics, self.memo)
        if edition is None:
            return Snapshot("broken", {}, diagnostics)
        site = self.render(edition, self.project.templates, draft=self._marking(edition))
        return Snapshot("ok", site, diagnostics, edition=edition)

    def _marking(self, edition: Edition) -> Draft | None:
        """The draft marking, its round the one a ``--draft`` build would record next (as the PDF says)."""
        if self.draft is None or self.draft.version is not None:
            return self.draft
        return self.draft.model_copy(update={"version": next_version(self.project.output_dir(edition.config))})


def _crash_logged(error: Exception) -> Diagnostic:
    """PV004, naming the log that holds the traceback (as :func:`toolkit.cli.main` keeps a bug's details)."""
    log = write_crash_log(error, prefix="compile-preview-crash-")
    return Diagnostics().add("PV004", Location(), log=str(log))
