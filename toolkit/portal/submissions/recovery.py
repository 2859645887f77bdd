"""Checks interrupted by a crash are queued again; no submission waits for a worker that is gone.

The task queue (django-tasks-db) marks a task RUNNING when a worker claims it; a worker killed
with SIGKILL (or by the OOM killer, or with its machine) never finishes it. Each worker beats
(:class:`~.models.WorkerBeat`) while it lives; :func:`recover` puts back to READY every running
task whose worker is known dead (its process gone, on this machine) or silent for longer than
:data:`STALE`, and queues again a waiting submission whose task ended without recording an
outcome. ``compile portal serve`` runs it when it starts and whenever it restarts a worker, and
every worker runs it now and then, so that the workers of several machines cover each other.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from toolkit.portal.submissions.checking import MAX_ATTEMPTS, enqueue
from toolkit.portal.submissions.models import PENDING, Status, Submission, WorkerBeat

log = logging.getLogger("toolkit.portal")
STALE = dt.timedelta(seconds=30)


def alive(beat: WorkerBeat) -> bool:
    """Whether the worker of ``beat`` is alive: its process on this machine, its recent beat elsewhere."""
    if beat.host == socket.gethostname():
        try:
            os.kill(beat.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return timezone.now() - beat.seen < STALE * 4  # the pid may have been reused long after
    return timezone.now() - beat.seen < STALE


def recover() -> int:
    """Queue again what dead workers held and what waits without a task; returns how many."""
    beats = {beat.worker_id: beat for beat in WorkerBeat.objects.all()}
    again = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.select_for_update().filter(status="RUNNING"):
            worker = task.worker_ids[-1] if task.worker_ids else ""
            beat = beats.get(worker)
            if beat is None or not alive(beat):
                task.status = "READY"
                task.save(update_fields=["status"])
                log.warning("check %s was interrupted (worker %s gone): queued again", task.id, worker or "?")
                again += 1
    waiting = {
        str(t) for t in DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).values_list("id", flat=True)
    }
    for submission in Submission.objects.filter(status__in=PENDING):
        if submission.task_id and submission.task_id in waiting:
            continue
        with transaction.atomic():
            if submission.attempts >= MAX_ATTEMPTS:
                Submission.objects.filter(pk=submission.pk).update(status=Status.FAILED)
                continue
            # counted: a check whose task fails before it starts (the database refused it) is given up too
            Submission.objects.filter(pk=submission.pk).update(status=Status.QUEUED, attempts=F("attempts") + 1)
            enqueue(submission)
            again += 1
    for beat in beats.values():  # forget the dead
        if not alive(beat):
            beat.delete()
    return again


def beat(worker_id: str) -> None:
    """Record that ``worker_id`` (this process) is alive."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": socket.gethostname(), "pid": os.getpid(), "seen": timezone.now()}
    )
