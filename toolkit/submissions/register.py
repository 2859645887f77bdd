"""The submissions register of an edition: ``submissions.toml``, one entry per case received.

``compile ingest`` adds and updates entries; editors change ``status`` by hand
(``accepted`` once a case is edited in, ``withdrawn`` when it is dropped).
The file stays plain TOML so that it diffs well and opens in any editor.
"""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections import Counter
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
"""


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


def register_path(edition_dir: Path) -> Path:
    """Where the register of an edition lives."""
    return edition_dir / REGISTER


def load(edition_dir: Path) -> list[Entry]:
    """The register's entries (none when it does not exist yet)."""
    path = register_path(edition_dir)
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Entry(**item) for item in data.get("submissions", [])]


def save(edition_dir: Path, entries: list[Entry]) -> None:
    """Write the register atomically, entries in the order received."""
    lines = [_HEADER]
    for entry in sorted(entries, key=lambda e: (e.received, e.case, e.file)):
        lines.append("[[submissions]]")
        for key, value in asdict(entry).items():
            lines.append(f"{key} = {_toml(value)}")
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
    by_status: Counter[str]
    by_section: Counter[str]
    by_kind: Counter[str]
    by_sdg: Counter[int]


def summarise(entries: list[Entry]) -> Summary:
    """How many cases, by status, section, kind of organisation and SDG."""
    live = [e for e in entries if e.status != "withdrawn"]
    return Summary(
        total=len(entries),
        by_status=Counter(e.status for e in entries),
        by_section=Counter(e.section or phrase("unspecified", "zh") for e in live),
        by_kind=Counter(e.organisation_kind or phrase("unknown_kind", "zh") for e in live),
        by_sdg=Counter(n for e in live for n in e.sdgs),
    )


def set_status(edition_dir: Path, sha256: str, status: Status, case: str | None = None) -> Entry | None:
    """Set the status of the entry of the file with ``sha256`` (and ``case``, when given); return it, or None.

    The caller holds the edition's lock (:mod:`toolkit.submissions.lock`), as ingestion does.
    """
    entries = load(edition_dir)
    for entry in reversed(entries):
        if entry.sha256 == sha256 and (case is None or entry.case == case):
            entry.status = status
            save(edition_dir, entries)
            return entry
    return None
