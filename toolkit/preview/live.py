"""``compile preview``: serve an edition's web pages and refresh them after each save.

:class:`Preview` ties the three parts together: the session (read, check, render in memory),
the server (in a thread of its own) and the watcher (polling the edition folder). The
command's library function :func:`run_preview` runs the watcher in the caller's thread until
Ctrl+C, then stops the server cleanly.
"""

from __future__ import annotations

import errno
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from toolkit.diagnostics import Diagnostic, Diagnostics, Location
from toolkit.drafts import marking
from toolkit.errors import InputProblems, UsageProblem, stop_on_terminate
from toolkit.messages import Language, phrase
from toolkit.preview.search import SearchIndex
from toolkit.preview.server import PreviewServer, Published
from toolkit.preview.session import PreviewSession, SiteRenderer, Snapshot
from toolkit.preview.watch import Watcher
from toolkit.project import Project
from toolkit.render.web import render_site

SETTLE = 0.05
"""Seconds to let a save finish (an editor writing a file in several steps) before reading it."""


@dataclass(frozen=True)
class PreviewOptions:
    """How ``compile preview`` serves."""

    host: str = "127.0.0.1"
    port: int = 8000
    draft: bool = False
    """Mark the pages as a review draft, as ``compile edition --draft`` marks the PDF."""
    lang: Language = "zh"
    """The language of the overlay and the error page."""
    interval: float = 0.05
    """Seconds between two looks at the edition folder."""


class Listener(Protocol):
    """Who is told what the preview does (the console)."""

    def preview_serving(self, url: str, warnings: Diagnostics) -> None:
        """The server listens at ``url``; ``warnings``: what to know about that (PV003)."""

    def preview_updated(self, snapshot: Snapshot, first: bool) -> None:
        """A new snapshot is served (``first``: the one made at start)."""


class Preview:
    """A preview of one edition: made once at start, then again after each save that changes something."""

    def __init__(
        self,
        project: Project,
        year: str,
        options: PreviewOptions,
        listener: Listener | None = None,
        render: SiteRenderer = render_site,
    ) -> None:
        self.options = options
        self.listener = listener
        self.session = PreviewSession(project, year, render, marking() if options.draft else None)
        if not self.session.edition_dir.is_dir():  # a mistyped year: nothing to preview, nothing to wait for
            missing = Diagnostics()
            missing.add("ED001", Location(), path=str(self.session.edition_dir))
            raise InputProblems(missing)
        self.watcher = Watcher(self.session.edition_dir)  # before the first reading: a save meanwhile counts
        self.published = Published(Snapshot("ok", {}, Diagnostics()))
        self.server = _bind(options, self.published, self.session.edition_dir)
        self.search = self.server.search = SearchIndex()  # once bound: a refused port leaves no thread behind
        self._update(first=True)
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        """Where the preview is served."""
        return self.server.url

    def serve(self) -> None:
        """Start answering requests (in a thread of its own)."""
        thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, name="preview-server", daemon=True
        )
        thread.start()
        self._threads.append(thread)

    def poll(self) -> bool:
        """Look at the edition folder once; after a change, make and serve a new snapshot. Whether pages reload."""
        if not self.watcher.changed():
            return False
        time.sleep(SETTLE)
        self.watcher.changed()  # what the rest of the save changed is in this reading too
        return self._update(first=False)

    def watch(self) -> None:
        """Poll until :meth:`close` (or Ctrl+C in the thread running it)."""
        while not self._stop.wait(self.options.interval):
            self.poll()

    def close(self) -> None:
        """Stop watching and serving; open pages' event streams end."""
        self._stop.set()
        self.server.stop()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Preview:
        """Serve and watch in threads of their own (as the tests use it)."""
        self.serve()
        watcher = threading.Thread(target=self.watch, name="preview-watch", daemon=True)
        watcher.start()
        self._threads.append(watcher)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _update(self, first: bool) -> bool:
        snapshot = self.session.refresh()
        changed = self.published.publish(snapshot)
        if changed and snapshot.state == "ok":
            self.search.update(snapshot.site)
        if (changed or first) and self.listener is not None:
            self.listener.preview_updated(snapshot, first)
        return changed


def run_preview(project: Project, year: str, options: PreviewOptions, listener: Listener) -> None:
    """``compile preview``: serve edition ``year`` until Ctrl+C, refreshing it after each save."""
    preview = Preview(project, year, options, listener)
    preview.serve()
    warnings = Diagnostics()
    if not preview.server.loopback_only:
        warnings.add("PV003", Location(), host=options.host)
    listener.preview_serving(preview.url, warnings)
    stop_on_terminate()  # `kill`, a terminal closed or a service manager stops the preview as Ctrl+C does
    try:
        preview.watch()
    except KeyboardInterrupt:  # the way to stop a preview: not an error
        pass
    finally:
        preview.close()


def _bind(options: PreviewOptions, published: Published, edition_dir: Path) -> PreviewServer:
    """The server listening at the options' host and port, or a usage problem saying why it cannot (PV001, PV002)."""
    try:
        return PreviewServer((options.host, options.port), published, options.lang, edition_dir)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            told = Diagnostic("PV001", Location(), {"port": options.port, "other": options.port + 1})
            raise UsageProblem(_told(told, options.lang), "--port") from exc
        told = Diagnostic("PV002", Location(), {"host": options.host, "reason": exc.strerror or str(exc)})
        raise UsageProblem(_told(told, options.lang), "--host") from exc


def _told(diagnostic: Diagnostic, lang: Language) -> str:
    """A diagnostic as a usage error's text: code, message and hint."""
    return f"{diagnostic.code} {diagnostic.message(lang)}\n{phrase('hint', lang)}{diagnostic.hint(lang)}"
