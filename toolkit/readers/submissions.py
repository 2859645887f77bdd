"""Reader for the statuses in the edition's submissions register: ``submissions.toml``.

``compile ingest`` writes the register and editors set each case's status by hand
(:mod:`toolkit.submissions.register`). The edition keeps what the checks need of it, each
entry's case and status, as it keeps the organisation register (:mod:`.organisations`), so that no
check reads the file itself.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from toolkit.model import Submission

REGISTER = "submissions.toml"


def read_submissions(edition_dir: Path) -> list[Submission]:
    """Each entry's case and status, in the register's order (none when there is no register yet)."""
    path = edition_dir / REGISTER
    if not path.is_file():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("submissions", [])
    return [Submission(case=entry["case"], status=entry["status"]) for entry in entries]
