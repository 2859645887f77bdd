#!/usr/bin/env python3
"""How soon an open page shows a save: ``compile preview`` as a user runs it, watched by a real browser.

    .venv/bin/python bench/preview_bench.py [--year 2021] [--edits 12] [--pause 2.0]

Copies ``editions/`` to a temporary folder, starts ``compile preview YEAR --port 0`` there (a
whole process, as an editor starts it) and opens its pages in headless Chromium (the tests'
harness, ``tests/support/browser.py``). Then, in turn, it saves a change to a chapter paragraph,
to a case's text and to a table cell, each shown on the page open at the time, and measures
from the moment before the file is written:

- ``event``: until the server sends the page its reload event (read, checked, rendered);
- ``page``: until the open page, reloaded by the preview's script, shows the new text.

It prints each edit, then the median and the maximum of each (target: ``page`` at most 1 s on
2 cores), with the machine's load, since other work on a shared machine shows in the figures.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import Browser  # noqa: E402

TARGET = 1.0


@dataclass(frozen=True)
class Edit:
    """A change an editor saves, and the page that shows it."""

    kind: str
    file: str
    page: str
    old: str
    new: str
    """The new text, {n} standing for the edit's number (so that each edit shows something new)."""


EDITS_2021 = [
    Edit(
        "chapter",
        "chapters/05-big-data.md",
        "chapters/05-big-data.html",
        "比 2012 年增加 28 家",
        "比 2012 年增加 28 家（第 {n} 次修改）",
    ),
    Edit(
        "case",
        "cases/grid-smart-dispatch/case.md",
        "chapters/02-common-prosperity.html",
        "国网浙江省电力有限公司自主开发",
        "国网浙江省电力有限公司（第 {n} 次修改）自主开发",
    ),
    Edit("table", "data/bigdata-rd-2016-2019.csv", "chapters/05-big-data.html", "391872", "3918{n:02d}"),
]


class Events:
    """The reload events the server sends, with the time each arrived."""

    def __init__(self, url: str) -> None:
        host, port = re.match(r"http://([^/:]+):(\d+)/", url).groups()  # type: ignore[union-attr]
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.connection.request("GET", "/__preview__/events")
        self.response = self.connection.getresponse()
        self.arrived: dict[int, float] = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode("utf-8").strip()
                if line.startswith("data: "):
                    self.arrived[int(line.removeprefix("data: "))] = time.perf_counter()
        except OSError:
            return


def start_preview(project: Path, year: str) -> tuple[subprocess.Popen[bytes], str]:
    """``compile preview YEAR --port 0`` in ``project``, and its URL once it serves."""
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "compile"), "preview", year, "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    for raw in process.stdout:
        found = re.search(r"(http://\S+?/)", raw.decode("utf-8"))
        if found:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe flowing
            return process, found.group(1)
    raise SystemExit(f"compile preview stopped with exit code {process.wait()}")


def measure(browser: Browser, url: str, events: Events, folder: Path, edit: Edit, number: int) -> tuple[float, float]:
    """Save ``edit`` with the page that shows it open; seconds until the reload event and until the page shows it."""
    browser.open(url + edit.page)
    deadline = time.monotonic() + 30
    while not browser.js("return !!document.getElementById('preview-source');"):  # its script is listening
        assert time.monotonic() < deadline, "the preview's script did not start"
        time.sleep(0.02)
    path = folder / edit.file
    text = path.read_text(encoding="utf-8")
    new = edit.new.format(n=number)
    started = time.perf_counter()
    path.write_text(text.replace(edit.old, new, 1), encoding="utf-8")
    while not browser.js("return document.body.innerText.includes(arguments[0]);", new):
        assert time.perf_counter() - started < 30, f"the page never showed {new}"
        time.sleep(0.01)
    shown = time.perf_counter() - started
    event = min((t for t in events.arrived.values() if t >= started), default=float("nan")) - started
    path.write_text(text, encoding="utf-8")  # back as it was: the next edit starts from the same text
    return event, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", default="2021")
    parser.add_argument("--edits", type=int, default=12)
    parser.add_argument("--pause", type=float, default=2.0, help="Seconds between two saves (an editor's pace).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as scratch:
        project = Path(scratch)
        shutil.copytree(ROOT / "editions", project / "editions")
        folder = project / "editions" / args.year
        process, url = start_preview(project, args.year)
        browser = Browser.start()
        events = Events(url)
        rows: list[tuple[str, float, float]] = []
        try:
            time.sleep(args.pause)
            for number in range(1, args.edits + 1):
                edit = EDITS_2021[(number - 1) % len(EDITS_2021)]
                event, shown = measure(browser, url, events, folder, edit, number)
                rows.append((edit.kind, event, shown))
                print(f"{number:3d}  {edit.kind:8s} event {event:5.2f} s   page {shown:5.2f} s", flush=True)
                time.sleep(args.pause)
        finally:
            browser.close()
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        report(rows)


def report(rows: list[tuple[str, float, float]]) -> None:
    """Median and maximum of each measure, and the verdict against the target."""
    events = [e for _, e, _ in rows]
    pages = [p for _, _, p in rows]
    print(f"\n{len(rows)} saves on {os.cpu_count()} processors (load {os.getloadavg()[0]:.1f}):")
    print(f"  save → reload event   median {statistics.median(events):.2f} s   max {max(events):.2f} s")
    print(
        f"  save → page shows it  median {statistics.median(pages):.2f} s   max {max(pages):.2f} s   "
        f"(target ≤ {TARGET:.0f} s: {'met' if max(pages) <= TARGET else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
