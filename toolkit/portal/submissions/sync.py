"""The register (``submissions.toml``) read back: editors may change it by hand or with the CLI.

Statuses set in the register (by hand, or by ``compile ingest`` of a resubmission by e-mail)
are the truth; a checked submission shows its register entry's status. Entries that came in
by e-mail (no upload) are listed to editors beside the uploads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from toolkit.portal.core.models import Edition
from toolkit.portal.submissions.models import PENDING, Status, Submission
from toolkit.project import Project
from toolkit.submissions import register


def edition_dir(edition: Edition) -> Path:
    return Project.at(settings.ROOT).edition_dir(str(edition.year))


@dataclass(frozen=True)
class Elsewhere:
    """A register entry with no upload behind it (ingested with ``compile ingest``)."""

    entry: register.Entry

    @property
    def status_display(self) -> str:
        return Status(self.entry.status).label


def synchronise(edition: Edition) -> list[Elsewhere]:
    """Bring the uploads' statuses in line with the register; return the entries without an upload."""
    entries = register.load(edition_dir(edition))
    by_sha = {(e.sha256, e.case): e for e in entries}
    latest = {e.sha256: e for e in entries}
    uploaded: set[str] = set()
    for submission in Submission.objects.filter(edition=edition).exclude(status__in=PENDING):
        uploaded.add(submission.sha256)
        entry = by_sha.get((submission.sha256, submission.case_id)) or (
            latest.get(submission.sha256) if not submission.case_id else None
        )
        if entry is not None and entry.status != submission.status and submission.status != Status.FAILED:
            Submission.objects.filter(pk=submission.pk).update(status=entry.status)
    return [Elsewhere(e) for e in entries if e.sha256 not in uploaded]
