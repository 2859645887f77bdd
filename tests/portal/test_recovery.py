"""A check interrupted by a crash runs again and leaves the edition as if it had run once.

The state is made as a worker killed in the middle of ingestion leaves it (its task claimed, the
submission ``checking``, the case folder written but not yet its register entry): tests/portal/test_serve.py
kills real processes; this test reaches the one moment a kill cannot be timed to hit."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.portal.conftest import client_of, filled_docx, run_checks, upload
from toolkit.portal.submissions.models import Status, Submission, WorkerBeat
from toolkit.portal.submissions.recovery import recover
from toolkit.submissions import register


def _dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


@pytest.mark.database
def test_a_check_killed_after_writing_its_case_runs_again_cleanly(
    people, template_of, tmp_path: Path, edition_root: Path
) -> None:
    edition = edition_root / "editions" / "2021"
    upload(client_of(people["alpha"]), filled_docx(template_of(people["alpha"]), tmp_path, "甲.docx"))
    [item] = Submission.objects.all()
    DBTaskResult.objects.get(id=item.task_id).claim("gone")
    WorkerBeat.objects.create(worker_id="gone", host=socket.gethostname(), pid=_dead_pid(), seen=timezone.now())
    Submission.objects.filter(pk=item.pk).update(status=Status.CHECKING, attempts=1)
    stray = edition / "cases" / "left-by-the-killed-worker"
    stray.mkdir()
    (stray / "case.md").write_text(f"---\ntitle: 半截\nprovenance:\n  sha256: {item.sha256}\n---\n", encoding="utf-8")

    assert DBTaskResult.objects.ready().count() == 0  # no worker would ever take it up again by itself
    assert recover() == 1
    assert not WorkerBeat.objects.filter(worker_id="gone").exists()
    assert run_checks() == 1
    item.refresh_from_db()
    assert (item.status, item.attempts) == (Status.RECEIVED, 2)
    assert not stray.exists()
    [entry] = [e for e in register.load(edition) if e.sha256 == item.sha256]
    assert entry.case == item.case_id and (edition / "cases" / item.case_id / "case.md").is_file()


@pytest.mark.database
def test_a_check_that_keeps_killing_its_worker_is_given_up(people, template_of, tmp_path: Path) -> None:
    upload(client_of(people["alpha"]), filled_docx(template_of(people["alpha"]), tmp_path, "乙.docx"))
    [item] = Submission.objects.all()
    DBTaskResult.objects.filter(id=item.task_id).update(status="SUCCESSFUL")  # the task is gone, the row waits
    Submission.objects.filter(pk=item.pk).update(status=Status.CHECKING, attempts=3)
    recover()
    item.refresh_from_db()
    assert item.status == Status.FAILED
    page = client_of(people["alpha"]).get(f"/submissions/{item.pk}/").content.decode()
    assert "处理出错" in page and "不是您的文件的问题" in page
