"""The preview's search: the web edition's search index, remade in the background after saves.

Pages are served at once and the index follows (once the saves have paused for :data:`QUIET`
seconds), made in memory by the web edition's own :func:`~toolkit.render.web_search.search_files`
with a memo of each page's share, so that a save re-extracts only the pages it changed (about
50 ms for all of 2021, a few ms after a save). Nothing is indexed before a page first asks for
the index (a preview nobody opens costs no indexing); until the first index is ready, that request waits.
"""

from __future__ import annotations

import contextlib
import os
import threading

from toolkit.render.web_search import PageMemo, search_files

QUIET = 0.3
"""Seconds without a new site before it is indexed (a burst of saves is indexed once)."""
NICENESS = 10
"""How much less the indexing thread asks of the processor than the refresh after a save: on 2 busy
cores it must not slow a reload."""
FIRST = 15.0
"""Seconds a request for the index waits for the first one."""


class SearchIndex:
    """The files of the latest site's search index (``search/…`` → bytes), made in a thread of its own."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.ready = threading.Event()
        """Set once the first index is made (or could not be)."""
        self._wanted: dict[str, bytes] | None = None
        self._changed = threading.Condition()
        self._closing = False
        self._asked = False
        self._memo = PageMemo()
        self._thread = threading.Thread(target=self._run, name="preview-search", daemon=True)
        self._thread.start()

    def update(self, site: dict[str, bytes]) -> None:
        """Index ``site`` next (replacing any site still waiting)."""
        with self._changed:
            self._wanted = site
            self._changed.notify_all()

    def get(self, name: str) -> bytes | None:
        """A file of the index, once the first index is ready (``None`` when there is no such file)."""
        if not self._asked:
            with self._changed:
                self._asked = True
                self._changed.notify_all()
        self.ready.wait(FIRST)
        return self.files.get(name)

    def close(self) -> None:
        """Stop indexing (an index being made is left to finish in its daemon thread)."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()

    def _run(self) -> None:
        with contextlib.suppress(OSError):  # Linux: the nice value is the thread's, and a process it starts inherits it
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closing or (self._asked and self._wanted is not None))
                # a burst of saves: wait until it pauses, then index the latest site only
                while not self._closing and self._changed.wait(QUIET if self.ready.is_set() else 0):
                    pass
                if self._closing:
                    return
                site, self._wanted = self._wanted, None
            self.files = search_files(site or {}, self._memo)
            self._memo.forget_unused()
            self.ready.set()
