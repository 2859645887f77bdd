"""compile preview at the HTTP level: a server on port 0 over a scratch copy of a fixture edition.

Each test edits the copy on disk as an editor would and asks the server what it serves now:
the pages (from memory, only the site's paths), the reload events, the overlay's data, the
error page of an edition that cannot be read, and the recovery after the next save.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES
from toolkit.check import check_edition
from toolkit.cli import cli
from toolkit.diagnostics import Diagnostics
from toolkit.errors import UsageProblem
from toolkit.model import Draft, Edition
from toolkit.preview import Preview, PreviewOptions
from toolkit.preview.server import is_loopback, requested
from toolkit.preview.session import PreviewSession
from toolkit.preview.watch import Watcher
from toolkit.project import Project
from toolkit.render.web import render_site
from toolkit.render.web_search import read_data

CHAPTER = "chapters/02-growth.md"
SECRET = b"TOP-SECRET-OUTSIDE-THE-EDITION"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """A scratch copy of the minimal fixture edition."""
    folder = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", folder)
    return folder


@pytest.fixture
def preview(edition: Path) -> Iterator[Preview]:
    """The preview of the scratch edition, served on a free port, watching the folder."""
    with Preview(Project.at(edition.parent), edition.name, PreviewOptions(port=0, interval=0.05)) as live:
        yield live


def get(preview: Preview, target: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of ``GET target``, sent as written (no normalisation by a client library)."""
    address, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(address, port, timeout=5)
    connection.putrequest("GET", target, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def page_text(preview: Preview, target: str) -> str:
    status, _, body = get(preview, target)
    assert status == 200, (target, status)
    return body.decode("utf-8")


def overlay(preview: Preview) -> dict[str, Any]:
    return json.loads(get(preview, "/__preview__/status.json")[2])


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Seconds until ``condition`` held; fails after ``timeout`` (a guard against hanging, not a speed target)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "the preview did not change"
        time.sleep(0.02)
    return time.monotonic() - started


def save(path: Path, text: str) -> None:
    """Write ``text`` as an editor saves: the modification time moves on even within the clock's tick."""
    path.write_text(text, encoding="utf-8")
    stamp = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


class EventStream:
    """The reload events a page listens to (``/__preview__/events``), read line by line."""

    def __init__(self, preview: Preview) -> None:
        address, port = preview.server.server_address[:2]
        self.connection = http.client.HTTPConnection(address, port, timeout=10)
        self.connection.request("GET", "/__preview__/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_generation(self) -> int:
        while True:
            line = self.response.readline().decode("utf-8")
            assert line, "the event stream ended"
            if line.startswith("data: "):
                return int(line.removeprefix("data: "))

    def close(self) -> None:
        self.connection.close()


def test_pages_come_from_memory_with_the_preview_script_in_each(preview: Preview, edition: Path) -> None:
    index = page_text(preview, "/")
    assert '<script src="/__preview__/client.js" data-generation="1" defer></script></head>' in index
    page = page_text(preview, "/chapters/02-growth.html")
    assert 'data-source="chapters/02-growth.md:6"' in page
    assert "313071" in page
    status, headers, css = get(preview, "/static/web.css")
    assert (status, headers["content-type"]) == (200, "text/css; charset=utf-8")
    assert css == (Project.at().templates / "web" / "static" / "web.css").read_bytes()
    status, headers, image = get(preview, "/assets/images/base-station.png")
    assert (status, headers["content-type"]) == (200, "image/png")
    assert image == (edition / "images" / "base-station.png").read_bytes()
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
    script = get(preview, "/__preview__/client.js")
    assert script[0] == 200 and b"EventSource" in script[2]


def test_only_the_sites_paths_exist(preview: Preview, edition: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_bytes(SECRET)
    hostile = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/images/../../secret.txt",
        "/images/%2e%2e/%2e%2e/secret.txt",
        f"/{tmp_path}/secret.txt",
        f"/{'%2f'.join(str(tmp_path).split('/'))}%2fsecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/edition.toml",
        "/chapters/02-growth.md",
        "/data/value-added.csv",
        "/..",
        "/%00",
        "/%ff%fe",
        "/__preview__/../edition.toml",
        "/__preview__/client.py",
        "/.//index.html",
        "/index.html/",
    ]
    for target in hostile:
        status, _, body = get(preview, target)
        assert status == 404, target
        assert SECRET not in body and b"root:" not in body and b"publisher" not in body, target
    assert get(preview, "http://127.0.0.1/index.html")[0] == 404  # an absolute URL is not a path of the site


def test_symbolic_links_out_of_the_edition_are_not_served(edition: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(SECRET)
    (outside / "secret.md").write_text("---\ntitle: 泄露\n---\n\nTOP-SECRET-OUTSIDE-THE-EDITION\n", encoding="utf-8")
    (edition / "images" / "leak.png").symlink_to(outside / "secret.png")
    (edition / "chapters" / "leak.md").symlink_to(outside / "secret.md")
    (edition / "images" / "outside").symlink_to(outside, target_is_directory=True)
    manifest = edition / "edition.toml"
    save(
        manifest,
        manifest.read_text(encoding="utf-8").replace(
            '"chapters/02-growth.md"]', '"chapters/02-growth.md", "chapters/leak.md"]'
        ),
    )
    chapter = edition / CHAPTER
    save(chapter, chapter.read_text(encoding="utf-8") + "\n::: figure leak\nsrc: images/leak.png\ncaption: 泄露\n:::\n")
    with Preview(Project.at(edition.parent), edition.name, PreviewOptions(port=0)) as live:
        site = live.published.snapshot.site
        assert all(SECRET not in content for content in site.values())
        for target in (
            "/assets/images/leak.png",
            "/assets/images/outside/secret.png",
            "/images/leak.png",
            "/chapters/leak.html",
        ):
            status, _, body = get(live, target)
            assert status == 404 and SECRET not in body, target
        codes = {d["code"] for d in overlay(live)["problems"]}
        assert {"MF005", "IM003"} <= codes, codes  # refused by the readers, named


def test_unknown_paths_are_404_with_a_page_that_still_reloads(preview: Preview) -> None:
    status, headers, body = get(preview, "/no-such-chapter.html")
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert "没有这个页面" in body.decode("utf-8") and b"/__preview__/client.js" in body
    assert get(preview, "/__preview__/nothing")[0] == 404


def test_requests_naming_another_host_are_refused_on_loopback(preview: Preview) -> None:
    assert get(preview, "/", host="attacker.example:80")[0] == 403  # DNS rebinding
    assert get(preview, "/", host="localhost:8000")[0] == 200
    assert get(preview, "/", host="[::1]:8000")[0] == 200


def test_requested_names_a_key_and_normalises_nothing() -> None:
    assert requested("/") == "index.html"
    assert requested("/a/b.html?x=1#y") == "a/b.html"
    assert requested("/chapters/") == "chapters/index.html"
    assert requested("/%2e%2e/x") == "../x"
    assert requested("//etc/passwd") == "/etc/passwd"
    assert requested("*") is None


def test_saving_a_chapter_changes_the_page_and_fires_the_reload_event(preview: Preview, edition: Path) -> None:
    events = EventStream(preview)
    assert events.next_generation() == 1
    chapter = edition / CHAPTER
    save(chapter, chapter.read_text(encoding="utf-8").replace("连续 11 年", "连续十一年"))
    assert events.next_generation() == 2
    page = page_text(preview, "/chapters/02-growth.html")
    assert "连续十一年" in page and "连续 11 年" not in page
    assert 'data-generation="2"' in page
    events.close()


def test_a_save_that_changes_nothing_reloads_nothing(preview: Preview, edition: Path) -> None:
    chapter = edition / CHAPTER
    save(chapter, chapter.read_text(encoding="utf-8"))
    (edition / "chapters" / ".02-growth.md.swp").write_bytes(b"vim")
    time.sleep(0.5)
    assert preview.published.snapshot.generation == 1


def test_a_planted_error_shows_in_the_overlay_and_goes_when_fixed(preview: Preview, edition: Path) -> None:
    before = overlay(preview)
    assert before["counts"]["errors"] == 0 and before["state"] == "ok"
    chapter = edition / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    line = text.splitlines().index("## 结构不断优化 {#structure}") + 1
    save(chapter, text.replace("## 结构不断优化 {#structure}", "::: figur\n:::\n\n## 结构不断优化 {#structure}"))
    wait_until(lambda: overlay(preview)["counts"]["errors"] == 1)
    planted = [p for p in overlay(preview)["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["where"], p["file"], p["line"]) for p in planted] == [
        ("MD005", f"{CHAPTER}:{line}:1", CHAPTER, line)
    ]
    assert planted[0]["message"] == "未知的指令“figur”" and planted[0]["label"] == "错误"
    assert "figure" in planted[0]["hint"]
    save(chapter, text)
    wait_until(lambda: overlay(preview)["counts"]["errors"] == 0)
    assert "MD005" not in {p["code"] for p in overlay(preview)["problems"]}


def test_the_overlay_speaks_english_with_lang_en(edition: Path) -> None:
    chapter = edition / CHAPTER
    save(chapter, chapter.read_text(encoding="utf-8") + "\n::: figur\n:::\n")
    with Preview(Project.at(edition.parent), edition.name, PreviewOptions(port=0, lang="en")) as live:
        data = overlay(live)
    errors = [p for p in data["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["label"], p["message"]) for p in errors] == [("MD005", "error", "unknown directive “figur”")]
    assert data["summary"].startswith("1 error(s)") and data["words"]["hide"] == "hide"


def test_an_unreadable_edition_gives_the_error_page_and_recovers_on_the_next_save(
    preview: Preview, edition: Path
) -> None:
    manifest = edition / "edition.toml"
    good = manifest.read_text(encoding="utf-8")
    save(manifest, good.replace("year = 2021", 'year = 2021\nyear = "二〇二一"'))
    wait_until(lambda: overlay(preview)["state"] == "broken")
    status, _, body = get(preview, "/chapters/02-growth.html")
    page = body.decode("utf-8")
    assert status == 503 and "版本无法读取" in page and "/__preview__/client.js" in page
    assert 'data-code="MF001"' in page and ">edition.toml:4:14<" in page
    assert get(preview, "/")[0] == 503
    save(manifest, good)
    wait_until(lambda: overlay(preview)["state"] == "ok")
    assert "313071" in page_text(preview, "/chapters/02-growth.html")


def test_a_failure_of_the_toolkit_is_shown_logged_and_tried_again(edition: Path) -> None:
    failing = {"now": False}

    def render(edition_model: Edition, templates_dir: Path, *, draft: Draft | None = None) -> dict[str, bytes]:
        if failing["now"]:
            raise RuntimeError("a bug in the renderer")
        return render_site(edition_model, templates_dir, draft=draft)

    with Preview(
        Project.at(edition.parent), edition.name, PreviewOptions(port=0, interval=0.05), render=render
    ) as live:
        failing["now"] = True
        chapter = edition / CHAPTER
        save(chapter, chapter.read_text(encoding="utf-8") + "\n又一段。\n")
        wait_until(lambda: overlay(live)["state"] == "failed")
        status, _, body = get(live, "/")
        crash = [p for p in overlay(live)["problems"] if p["code"] == "PV004"]
        assert status == 503 and "预览页面生成失败" in body.decode("utf-8") and len(crash) == 1
        log = Path(crash[0]["message"].rsplit("写入 ", 1)[1])
        assert "RuntimeError: a bug in the renderer" in log.read_text(encoding="utf-8")
        log.unlink()
        failing["now"] = False
        save(chapter, chapter.read_text(encoding="utf-8") + "\n再一段。\n")
        wait_until(lambda: overlay(live)["state"] == "ok")
        assert "再一段。" in page_text(live, "/chapters/02-growth.html")


def test_only_the_files_that_changed_are_parsed_again(edition: Path) -> None:
    session = PreviewSession(Project.at(edition.parent), edition.name, render_site)
    assert session.refresh().reads == 2  # the two chapters (the minimal edition has no cases)
    assert session.refresh().reads == 0
    chapter = edition / CHAPTER
    save(chapter, chapter.read_text(encoding="utf-8").replace("连续 11 年", "连续十一年"))
    again = session.refresh()
    assert again.reads == 1 and "连续十一年".encode() in again.site["chapters/02-growth.html"]
    os.utime(chapter)  # touched, not changed: the hash keeps the reading
    assert session.refresh().reads == 0


def test_the_memo_reads_2021_exactly_as_a_check_does() -> None:
    project = Project.at(FIXTURES.parent.parent.parent)
    plain = Diagnostics()
    expected = check_edition(project, "2021", plain)
    session = PreviewSession(project, "2021", render_site)
    first, second = session.refresh(), session.refresh()
    assert second.reads == 0 and first.reads > 40  # chapters and cases of 2021 and 2020
    assert [d.as_dict() for d in second.diagnostics] == [d.as_dict() for d in plain]
    assert second.edition == expected


def test_the_watcher_sees_saves_and_ignores_editors_droppings(edition: Path) -> None:
    watcher = Watcher(edition)
    assert not watcher.changed()
    for name in (".02-growth.md.swp", "02-growth.md~", "#02-growth.md#", "~$data.xlsx"):
        (edition / "chapters" / name).write_text("x", encoding="utf-8")
    assert not watcher.changed()
    (edition / "cases").mkdir()
    (edition / "cases" / "new").mkdir()
    (edition / "cases" / "new" / "case.md").write_text("---\n", encoding="utf-8")
    assert watcher.changed() and not watcher.changed()
    (edition / "cases" / "new" / "case.md").unlink()
    assert watcher.changed()


def test_a_port_in_use_is_a_usage_problem_naming_another(preview: Preview, edition: Path) -> None:
    port = preview.server.server_address[1]
    with pytest.raises(UsageProblem) as refused:
        Preview(Project.at(edition.parent), edition.name, PreviewOptions(port=port))
    assert refused.value.option == "--port"
    assert refused.value.message == (
        f"PV001 端口 {port} 已被占用，预览无法启动\n"
        f"提示：换一个端口（例如 --port {port + 1}），或用 --port 0 让系统选一个空闲端口。"
    )


def test_an_address_that_is_not_this_machines_is_a_usage_problem(edition: Path) -> None:
    with pytest.raises(UsageProblem) as refused:
        Preview(Project.at(edition.parent), edition.name, PreviewOptions(host="192.0.2.1", port=0))
    assert refused.value.option == "--host" and refused.value.message.startswith(
        "PV002 无法在地址 192.0.2.1 上提供预览："
    )


def test_loopback_is_told_from_the_network() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1") and not is_loopback("no-such-host.invalid")


def test_draft_marking_reaches_the_renderer(edition: Path) -> None:
    with Preview(Project.at(edition.parent), edition.name, PreviewOptions(port=0, draft=True)) as live:
        assert "征求意见稿（第 1 稿，" in page_text(live, "/")


def test_the_search_index_is_served_and_follows_the_saves(preview: Preview, edition: Path) -> None:
    status, headers, script = get(preview, "/search/index.js")  # waits for the first index
    assert status == 200 and headers["content-type"] == "text/javascript; charset=utf-8"
    name, index = read_data(script)
    assert name == "index" and len(index["pages"]) == 3  # type: ignore[index]
    chapter_data = next(page["data"] for page in index["pages"] if page["url"] == "chapters/02-growth.html")
    assert "连续 11 年" in str(read_data(get(preview, f"/search/{chapter_data}.js")[2])[1])
    first = dict(preview.search.files)
    chapter = edition / CHAPTER
    save(chapter, chapter.read_text(encoding="utf-8").replace("连续 11 年", "连续十一年"))
    wait_until(lambda: preview.search.files != first)
    _, index = read_data(get(preview, "/search/index.js")[2])
    chapter_data = next(page["data"] for page in index["pages"] if page["url"] == "chapters/02-growth.html")
    assert "连续十一年" in str(read_data(get(preview, f"/search/{chapter_data}.js")[2])[1])


class Command:
    """``compile preview ARGS`` as a user starts it (Ctrl+C delivered as in a terminal), read line by line."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "compile"), "preview", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.said: list[str] = []
        self._reader = threading.Thread(target=lambda: self.said.extend(self.process.stdout), daemon=True)  # type: ignore
        self._reader.start()

    def url(self) -> str:
        """Where it serves, once it says so."""
        deadline = time.monotonic() + 120
        while not (found := re.search(r"(http://[^\s/]+/)", "".join(self.said))):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.process.kill()
                pytest.fail("compile preview did not say where it serves:\n" + "".join(self.said))
            time.sleep(0.05)
        return found.group(1)

    def interrupt(self, how: int = signal.SIGINT) -> str:
        """Ctrl+C (or another stop signal); everything it printed."""
        self.process.send_signal(how)
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        return "".join(self.said)


@pytest.mark.slow
def test_the_command_serves_until_ctrl_c_and_stops_cleanly(edition: Path) -> None:
    command = Command("edition", "--port", "0", "--host", "localhost", cwd=edition.parent)
    with urllib.request.urlopen(command.url() + "chapters/02-growth.html") as response:
        assert response.status == 200 and "313071" in response.read().decode("utf-8")
    said = command.interrupt()
    assert command.process.returncode == 0
    assert said.endswith("（保存文件后页面自动更新；按 Ctrl+C 停止）\n预览已停止。\n") and "Traceback" not in said


@pytest.mark.slow
def test_a_terminate_signal_stops_it_as_ctrl_c_does(edition: Path) -> None:
    command = Command("edition", "--port", "0", cwd=edition.parent)
    command.url()
    said = command.interrupt(signal.SIGTERM)
    assert command.process.returncode == 0
    assert said.endswith("预览已停止。\n") and "Traceback" not in said


@pytest.mark.slow
def test_the_command_warns_when_others_can_connect_and_refuses_a_busy_port(edition: Path) -> None:
    command = Command("edition", "--port", "0", "--host", "0.0.0.0", "--lang", "en", cwd=edition.parent)
    try:
        port = command.url().rsplit(":", 1)[1].strip("/")
        busy = subprocess.run(
            [str(Path(sys.executable).parent / "compile"), "preview", "edition", "--port", port, "--host", "0.0.0.0"],
            cwd=edition.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert busy.returncode == 2 and "Traceback" not in busy.stderr
        assert busy.stderr.endswith(
            f"Error: Invalid value for --port: PV001 端口 {port} 已被占用，预览无法启动\n"
            f"提示：换一个端口（例如 --port {int(port) + 1}），或用 --port 0 让系统选一个空闲端口。\n"
        )
    finally:
        said = command.interrupt()
    assert command.process.returncode == 0
    assert "PV003 the preview listens on 0.0.0.0: others on the network can read the unpublished report" in said


def test_only_get_and_head_are_answered(preview: Preview, edition: Path) -> None:
    address, port = preview.server.server_address[:2]
    before = {path: path.read_bytes() for path in edition.rglob("*") if path.is_file()}
    for method in ("POST", "PUT", "DELETE"):
        connection = http.client.HTTPConnection(address, port, timeout=5)
        connection.request(method, "/chapters/02-growth.html", body=b"<p>x</p>")
        assert connection.getresponse().status == 501, method
        connection.close()
    connection = http.client.HTTPConnection(address, port, timeout=5)
    connection.request("HEAD", "/chapters/02-growth.html")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b"" and int(response.getheader("Content-Length", "0")) > 1000
    assert {path: path.read_bytes() for path in edition.rglob("*") if path.is_file()} == before


def test_a_year_without_an_edition_folder_stops_at_once(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["preview", "2099", "--root", str(tmp_path), "--port", "0"])
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert f"ED001 找不到版本文件夹 {tmp_path / 'editions' / '2099'}" in done.output
