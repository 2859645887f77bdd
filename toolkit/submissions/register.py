"""The submissions register of an edition: ``submissions.toml``, one entry per case received.

``compile ingest`` adds and updates entries; editors change ``status`` by hand
(``accepted`` once a case is edited in, ``withdrawn`` when it is dropped).
The file stays plain TOML so that it diffs well and opens in any editor.

An entry is one submission however many times it was sent: its 登记号 (``ref``, told in
the feedback letter) stays, its current version is the entry's own fields, and the versions
it replaced are kept, oldest first, in its ``history`` (``[[submissions.history]]``), where
nothing counts them again.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from toolkit.atomic import write_atomically
from toolkit.messages import phrase

REGISTER = "submissions.toml"
Status = Literal["received", "needs-changes", "accepted", "withdrawn"]
STATUSES: tuple[Status, ...] = ("received", "needs-changes", "accepted", "withdrawn")

_HEADER = """\
# 案例登记表 — the submissions register of this edition.
# compile ingest adds and updates entries. Editors set status by hand:
#   received (已收到) | needs-changes (待修改) | accepted (已采用) | withdrawn (已撤回)
# A resubmission updates its entry (same ref); the versions it replaced are listed under it in history.
"""


@dataclass
class Version:
    """A version of a submission that a later one replaced."""

    file: str
    sha256: str
    received: dt.date
    status: Status
    problems: int = 0
    template_version: str = ""


@dataclass
class Entry:
    """One submission."""

    case: str
    """The case's id (its folder under ``cases/``); empty when the file could not be read."""
    title: str
    organisation: str
    organisation_kind: str
    status: Status
    file: str
    sha256: str
    received: dt.date
    section: str = ""
    sdgs: list[int] = field(default_factory=list)
    template_version: str = ""
    problems: int = 0
    """Errors and warnings found in the submission when it was last ingested."""
    ref: str = ""
    """The 登记号 (``2022-003``): the same for every version; submitters type it into a revised form."""
    history: list[Version] = field(default_factory=list)
    """The versions this one replaced, oldest first."""

    @property
    def versions(self) -> int:
        """How many times the submission was sent (different files)."""
        return len(self.history) + 1

    def current(self) -> Version:
        """The version the entry holds now, as its history will keep it once a later one replaces it."""
        return Version(
            file=self.file,
            sha256=self.sha256,
            received=self.received,
            status=self.status,
            problems=self.problems,
            template_version=self.template_version,
        )


@contextmanager
def locked(edition_dir: Path) -> Iterator[None]:
    """Hold the edition's register for one writer at a time (an exclusive ``flock`` on the edition folder):
    two uploads ingested at once by a portal's workers would otherwise each save the register they read."""
    descriptor = os.open(edition_dir, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def register_path(edition_dir: Path) -> Path:
    """Where the register of an edition lives."""
    return edition_dir / REGISTER


def load(edition_dir: Path) -> list[Entry]:
    """The register's entries (none when it does not exist yet)."""
    path = register_path(edition_dir)
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return fold_superseded(
        [
            Entry(**{**item, "history": [Version(**old) for old in item.get("history", [])]})
            for item in data.get("submissions", [])
        ]
    )


def fold_superseded(entries: list[Entry]) -> list[Entry]:
    """Entries written before resubmissions were chained (a rejected first version kept apart, ``case = ""``)
    folded into the later entry of the same organisation with the same title or file name, as its history."""
    ordered = sorted(entries, key=lambda e: e.received)
    kept: list[Entry] = []
    for index, entry in enumerate(ordered):
        later = next((e for e in ordered[index + 1 :] if _same_submission(entry, e)), None)
        if later is None:
            kept.append(entry)
            continue
        later.history[:0] = [*entry.history, entry.current()]
        later.ref = later.ref or entry.ref
    kept_ids = {id(entry) for entry in kept}
    return [e for e in entries if id(e) in kept_ids]


def _same_submission(earlier: Entry, later: Entry) -> bool:
    """Whether ``later`` is a resubmission of ``earlier`` (which never gave a case, or gave the same)."""
    if earlier.case not in ("", later.case):
        return False
    if not earlier.organisation:  # a form that named no organisation: the same file sent again
        return earlier.file == later.file
    return earlier.organisation == later.organisation and (
        (earlier.title != "" and earlier.title == later.title) or earlier.file == later.file
    )


def next_ref(entries: list[Entry], year: int) -> str:
    """A new 登记号 for edition ``year``: ``2022-001``, then the next number free."""
    used = [int(e.ref.rsplit("-", 1)[1]) for e in entries if re.fullmatch(rf"{year}-\d+", e.ref)]
    return f"{year}-{max(used, default=0) + 1:03d}"


def save(edition_dir: Path, entries: list[Entry]) -> None:
    """Write the register atomically, entries in the order received."""
    lines = [_HEADER]
    for entry in sorted(entries, key=lambda e: (e.received, e.case, e.file)):
        lines.append("[[submissions]]")
        values = asdict(entry)
        history = values.pop("history")
        for key, value in {"ref": values.pop("ref"), **values}.items():
            if key != "ref" or value:
                lines.append(f"{key} = {_toml(value)}")
        for old in history:
            lines.append("")
            lines.append("[[submissions.history]]")
            lines.extend(f"{key} = {_toml(value)}" for key, value in old.items())
        lines.append("")
    write_atomically(register_path(edition_dir), "\n".join(lines))


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(str(value), ensure_ascii=False)


@dataclass(frozen=True)
class Summary:
    """Counts for ``compile cases``."""

    total: int
    """Submissions, each counted once however many versions it had."""
    superseded: int
    """Earlier versions replaced by a resubmission (kept in the entries' history, not counted in ``total``)."""
    by_status: Counter[str]
    by_section: Counter[str]
    by_kind: Counter[str]
    by_sdg: Counter[int]


def summarise(entries: list[Entry]) -> Summary:
    """How many cases, by status, section, kind of organisation and SDG."""
    live = [e for e in entries if e.status != "withdrawn"]
    return Summary(
        total=len(entries),
        superseded=sum(len(e.history) for e in entries),
        by_status=Counter(e.status for e in entries),
        by_section=Counter(e.section or phrase("unspecified", "zh") for e in live),
        by_kind=Counter(e.organisation_kind or phrase("unknown_kind", "zh") for e in live),
        by_sdg=Counter(n for e in live for n in e.sdgs),
    )


def set_status(edition_dir: Path, sha256: str, status: Status, case: str | None = None) -> Entry | None:
    """Set the status of the entry of the file with ``sha256`` (and ``case``, when given); return it, or None.

    The caller holds the edition's lock (:func:`locked`), as ingestion does.
    """
    entries = load(edition_dir)
    for entry in reversed(entries):
        if entry.sha256 == sha256 and (case is None or entry.case == case):
            entry.status = status
            save(edition_dir, entries)
            return entry
    return None
