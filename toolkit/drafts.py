"""Review rounds: each ``compile edition YEAR --draft`` is written to ``<output>/drafts/<version>/``.

A round keeps what was sent to reviewers — the PDF and the DOCX — and a snapshot
of the document model they were made from (``model.json.gz``), so that
``compile diff`` can show, on the model rather than on PDF text, what changed
since. Image bytes are left out of the snapshot: they are in the edition folder
and the diff does not compare pictures. A draft is written there only: the
unmarked report in ``<output>/`` stays as the last final build left it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from toolkit.atomic import OutputBatch
from toolkit.messages import phrase
from toolkit.model import Draft, Edition
from toolkit.readers.edition import build_date

ROUNDS = "drafts"
SNAPSHOT = "model.json.gz"
RECORD = "round.json"


@dataclass(frozen=True)
class Round:
    """A recorded review round."""

    version: str
    date: dt.date
    folder: Path
    files: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """第 2 稿（2021-11-30）."""
        return phrase("round_label", "zh", version=self.version, date=self.date.isoformat())


def rounds_dir(out_dir: Path) -> Path:
    """Where the rounds of a build folder are kept."""
    return out_dir / ROUNDS


def list_rounds(out_dir: Path) -> list[Round]:
    """Every recorded round, oldest version first (2 before 10)."""
    found = []
    folder = rounds_dir(out_dir)
    if not folder.is_dir():
        return []
    for record in folder.glob(f"*/{RECORD}"):
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            found.append(
                Round(
                    str(data["version"]),
                    dt.date.fromisoformat(data["date"]),
                    record.parent,
                    tuple(data.get("files", [])),
                )
            )
        except (OSError, ValueError, KeyError):
            continue  # a damaged record is not a round; the folder stays for people to look at
    return sorted(found, key=lambda r: _natural(r.version))


def next_version(out_dir: Path) -> str:
    """The version the next round gets: one more than the highest whole number so far."""
    numbers = [int(r.version) for r in list_rounds(out_dir) if r.version.isdigit()]
    return str(max(numbers, default=0) + 1)


def marking(version: str | None = None) -> Draft:
    """The draft marking of a build made now: its round (default: the next) and today's date."""
    return Draft(version=version, date=build_date())


def round_dir(out_dir: Path, version: str) -> Path:
    """The folder of round ``version``: its PDF and DOCX, model snapshot and record."""
    return rounds_dir(out_dir) / version


def add_record(batch: OutputBatch, edition: Edition, draft: Draft, files: list[str]) -> Round:
    """Put the model snapshot and the record of a round into the batch writing its outputs.

    Committed with the round's PDF and DOCX, so that a round is recorded whole or not at all
    (a round sent again replaces its record).
    """
    assert draft.version is not None
    snapshot = edition.model_dump_json(exclude={"assets"}).encode("utf-8")
    record = {
        "version": draft.version,
        "date": draft.date.isoformat(),
        "edition": edition.config.year,
        "files": sorted(files),
    }
    batch.temporary(SNAPSHOT).write_bytes(gzip.compress(snapshot, mtime=0))
    batch.temporary(RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return Round(draft.version, draft.date, batch.directory, tuple(record["files"]))


def load_snapshot(round_: Round) -> Edition | None:
    """The model a round was made from, or ``None`` if its snapshot cannot be read."""
    try:
        return Edition.model_validate_json(gzip.decompress((round_.folder / SNAPSHOT).read_bytes()))
    except (OSError, EOFError, ValueError, ValidationError):
        return None


def _natural(version: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"[.\-_]", version)]
