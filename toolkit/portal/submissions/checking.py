"""The worker's task: an upload checked and ingested by the library, under the edition's lock.

The library's ingestion of one upload (:func:`~toolkit.submissions.ingest.ingest_file`, what ``compile ingest``
runs per file: the same escaping, checks, letters and atomic writes of ``cases/<id>/`` and ``submissions.toml``)
reads and checks the upload, from a private temporary folder, side by side with the other workers, and
writes under the register's lock (:func:`toolkit.submissions.register.locked`, which ``compile ingest``
takes too), so that 50 uploads at once give 50 complete entries; a form naming another organisation than
the account's is not ingested (SB043, told by the library as the letter's first error). The submission's row
is updated from what the library did: its status is the register's, its letter the library's letter.

A check interrupted by a crash is run again (:mod:`.recovery`): a case folder the interrupted
run wrote without its register entry is removed first, so the second run starts clean.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from toolkit.diagnostics import Diagnostic, Diagnostics, Severity
from toolkit.feedback import Letter, for_submitters, render_letter, with_note
from toolkit.messages import case_field_label
from toolkit.model import Edition
from toolkit.portal.submissions.models import PENDING, Status, Submission
from toolkit.portal.submissions.uploads import safe_file_name
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.submissions import register
from toolkit.submissions.ingest import ACCEPTED, Result, ingest_file

log = logging.getLogger("toolkit.portal")
MAX_ATTEMPTS = 3
"""A check that kills its worker this many times is given up (status 处理出错) rather than run forever."""


@task()
def check_submission(submission_id: str) -> str:
    """The queued check of one submission (run by the worker, ``compile portal serve``)."""
    return run_check(uuid.UUID(submission_id))


def enqueue(submission: Submission) -> None:
    """Queue the check of ``submission``, in the caller's transaction (both rows commit, or neither)."""
    result = check_submission.enqueue(str(submission.pk))
    Submission.objects.filter(pk=submission.pk).update(task_id=str(result.id))


def run_check(submission_id: uuid.UUID) -> str:
    """Check one submission and record the outcome; a submission no longer waiting is left alone."""
    with transaction.atomic():
        # of=self: PostgreSQL locks no row of a nullable join (submitted_by), and only this row is changed
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("edition", "organisation", "submitted_by")
            .get(pk=submission_id)
        )
        if submission.status not in PENDING:
            return submission.status
        submission.status = Status.CHECKING
        submission.attempts += 1
        submission.save(update_fields=["status", "attempts"])
    try:
        outcome = _check(submission)
    except Exception:  # noqa: BLE001 - a toolkit bug on one upload must not stop the worker
        log.exception("checking submission %s failed", submission.pk)
        Submission.objects.filter(pk=submission.pk).update(status=Status.FAILED, checked=timezone.now())
        return Status.FAILED
    _mail_letter(outcome)
    return outcome.status


def _check(submission: Submission) -> Submission:
    project = Project.at(settings.ROOT)
    edition_dir = project.edition_dir(str(submission.edition.year))
    work = settings.PORTAL_FOLDER / "work"
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work) as temporary:
        path = Path(temporary) / safe_file_name(submission.original_name)
        with default_storage.open(submission.stored_name, "rb") as stored:
            path.write_bytes(stored.read())
        edition = read_edition(edition_dir, Diagnostics())
        if edition is None:
            raise RuntimeError(f"edition {edition_dir} cannot be read")
        if submission.attempts > 1:  # an earlier attempt may have been killed between the case and the register
            with register.locked(edition_dir):
                remove_interrupted(edition_dir, submission.sha256)
        ingested = ingest_file(  # a corrected version comes as an upload here, not by mail
            edition,
            edition_dir,
            path,
            project.templates,
            timezone.localdate(),
            sender=submission.organisation.name,
            via="portal",
        )
        entry = _entry(edition_dir, submission.sha256) if ingested.result.outcome in ACCEPTED else None
    mine = Diagnostics(d for d in ingested.result.diagnostics if for_submitters(d))
    html = ingested.html if any(d.level is not Severity.INFO for d in mine) else ""
    return _record(submission, ingested.result, entry, mine, ingested.letter, html, edition)


def _entry(edition_dir: Path, sha256: str) -> register.Entry | None:
    return next((e for e in reversed(register.load(edition_dir)) if e.sha256 == sha256), None)


def remove_interrupted(edition_dir: Path, sha256: str) -> list[Path]:
    """Case folders an interrupted check of this file wrote without their register entry: removed.

    Ingestion writes the case folder, then the register; a worker killed between the two leaves
    a folder no entry names, whose provenance is this very file. The caller holds the lock.
    """
    named = {e.case for e in register.load(edition_dir) if e.case}
    removed: list[Path] = []
    for case in sorted((edition_dir / "cases").glob("*/case.md")):
        if case.parent.name in named:
            continue
        if _provenance(case).get("sha256") == sha256:
            shutil.rmtree(case.parent)
            removed.append(case.parent)
            log.warning("removed %s, left by an interrupted check", case.parent)
    return removed


def _provenance(case: Path) -> dict[str, Any]:
    text = case.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---"):
        return {}
    try:
        front = yaml.safe_load(text.split("---", 2)[1]) or {}
    except (yaml.YAMLError, IndexError):
        return {}
    provenance = front.get("provenance") if isinstance(front, dict) else None
    return provenance if isinstance(provenance, dict) else {}


def _record(
    submission: Submission,
    result: Result,
    entry: register.Entry | None,
    mine: Diagnostics,
    letter: Letter,
    html: str,
    edition: Edition,
) -> Submission:
    """The submission's row from what the library did."""
    if result.outcome == "failed":
        status = Status.FAILED
    elif entry is not None and result.outcome in ACCEPTED:
        status = Status(entry.status)
    else:
        status = Status.NEEDS_CHANGES
    submission.status = status
    submission.checked = timezone.now()
    submission.case_id, submission.title, submission.ref = result.case_id, result.title, result.ref
    if entry is not None:
        submission.section = entry.section
        submission.sdgs = entry.sdgs
        submission.organisation_kind = entry.organisation_kind
        submission.title = submission.title or entry.title
    if entry is not None and entry.section:
        submission.chapter_file, submission.section_title = _placement(edition, entry.section)
    submission.errors = [_item(d) for d in mine if d.level is Severity.ERROR]
    submission.warnings = [_item(d) for d in mine if d.level is Severity.WARNING]
    submission.letter = html
    submission.letter_data = letter.as_dict()
    submission.version = result.version or 1  # a file never registered (it failed, or named another sender)
    submission.save()
    from toolkit.portal.core.audit import record

    record(
        "checked",
        user=None,
        edition=submission.edition,
        target=str(submission.pk),
        status=status,
        case=submission.case_id,
        errors=len(submission.errors),
        warnings=len(submission.warnings),
    )
    return submission


def note_letter(submission: Submission, note: str) -> None:
    """The submission's letter written again with the editors' ``note`` (dated today), in the row (not saved)."""
    if not submission.letter_data:
        return
    letter = with_note(Letter.from_dict(submission.letter_data), note, timezone.localdate())
    submission.letter_data = letter.as_dict()
    submission.letter = render_letter(letter, Project.at(settings.ROOT).templates)


def _placement(edition: Edition, section: str) -> tuple[str, str]:
    """The chapter file and the title of the section the submitter chose."""
    for chapter in edition.chapters:
        for candidate in chapter.sections:
            if candidate.id == section:
                return chapter.source.path, candidate.full_title
        if chapter.id == section:
            return chapter.source.path, chapter.title
    return "", ""


def _item(diagnostic: Diagnostic) -> dict[str, str]:
    field = diagnostic.location.field
    return {
        "code": diagnostic.code,
        "field": case_field_label(field).zh if field else "",
        "message": diagnostic.message("zh"),
        "hint": diagnostic.hint("zh"),
    }


def _mail_letter(submission: Submission) -> None:
    from toolkit.portal.submissions.mail import send_result

    try:
        send_result(submission)
    except OSError:  # an unreachable mail server must not undo the check: the letter is on the page
        log.exception("mailing the result of %s failed", submission.pk)
