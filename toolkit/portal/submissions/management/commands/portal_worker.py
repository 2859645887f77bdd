"""``portal_worker``: django-tasks-db's ``db_worker``, beating while it lives and recovering others' work."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import close_old_connections
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from toolkit.portal.review import rounds as drafts
from toolkit.portal.submissions import recovery

log = logging.getLogger("toolkit.portal")
BEAT_SECONDS = 5.0
ROUND_BEATS = 3
"""Every third beat (15 s) the worker looks for draft rounds built since (review:
:func:`toolkit.portal.review.rounds.discover`)."""


class Command(DbWorker):
    help = (
        "Run the portal's checks as they are queued (db_worker), beating and recovering interrupted checks; "
        "record the draft rounds built since, their comments carried over."
    )

    def configure_logging(self, verbosity: int) -> None:
        """Problems only (a failed check's traceback); not a line per task on the terminal of ``serve``."""
        super().configure_logging(verbosity)
        for name in (TASKS_LOGGER, "django_tasks_db"):
            logger = logging.getLogger(name)
            logger.setLevel(max(logger.level, logging.WARNING))

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        stop = threading.Event()
        recovery.beat(worker_id)
        recovery.recover()
        try:
            drafts.discover()
        except Exception:  # noqa: BLE001 - an unreadable round must not stop the checks: the next beat tries again
            log.exception("worker %s could not look for draft rounds", worker_id)

        def beating() -> None:
            rounds = 0
            while not stop.wait(BEAT_SECONDS):
                try:
                    recovery.beat(worker_id)
                    rounds += 1
                    if rounds % 2 == 0:
                        recovery.recover()
                    if rounds % ROUND_BEATS == 0:  # draft rounds built since: recorded, comments carried over
                        drafts.discover()
                except Exception:  # noqa: BLE001 - a database hiccup: try again at the next beat
                    log.exception("worker %s could not beat", worker_id)
                finally:
                    close_old_connections()

        thread = threading.Thread(target=beating, name="beat", daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
