"""``compile portal serve`` as a whole process: it starts, stops with all its processes, and
survives ``kill -9`` of its web server, its worker and itself with nothing lost or half-written."""
from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.portal.conftest import FILLED, ORG_A, PASSWORD, filled_docx
from tests.portal.served import Browserless, compile_portal, database_url, free_port, processes_under, serve
from toolkit.submissions import register


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "served"
    (root / "editions").mkdir(parents=True)
    shutil.copytree(FIXTURES / "all-elements", root / "editions" / "2021")
    return root


def _env(database: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORT_PORTAL_", "DJANGO_")) and k != "DATABASE_URL"}
    if database:
        env["DATABASE_URL"] = database
    env.update(extra)
    return env


def _consistent(root: Path, rows: list[dict]) -> None:
    """The edition folder and the database agree: one entry per case folder, each checked upload in both."""
    edition = root / "editions" / "2021"
    entries = [e for e in register.load(edition) if e.case]
    folders = sorted(p.parent.name for p in (edition / "cases").glob("*/case.md"))
    assert sorted(e.case for e in entries) == sorted(set(e.case for e in entries))  # no duplicate entry
    for entry in entries:
        assert entry.case in folders
    ingested = {r["case"] for r in rows if r["case"]}
    assert ingested <= {e.case for e in entries}
    fixture_cases = sorted(p.name for p in (FIXTURES / "all-elements" / "cases").iterdir())
    assert sorted(set(folders) - set(fixture_cases)) == sorted(ingested)  # no stray, no half-written case


def test_kill_9_of_worker_web_server_and_supervisor_loses_nothing(project: Path, tmp_path: Path) -> None:
    database = database_url()
    env = _env(database, REPORT_PORTAL_PAUSE_CHECK="8")
    compile_portal(project, "add-user", "2021", "alpha", "--role", "submitter", "--org", ORG_A, "--kind", "企业",
                   "--password-stdin", stdin=PASSWORD + "\n", env=env)
    out = compile_portal(project, "add-user", "2021", "beta", "--role", "submitter", "--org", "另一协会", env=env)
    assert "/accounts/invitation/" in out  # no password given: a one-time link
    port = free_port()
    served = serve(project, port, env)
    try:
        client = Browserless(served.url)
        client.login("alpha", PASSWORD)
        blank = client.opener.open(served.url + "/template.docx").read()  # made by the served portal
        first = filled_docx(blank, tmp_path / "1", "第一份.docx").read_bytes()
        assert client.upload("第一份.docx", first) == 200  # redirected to the list
        client.wait(lambda rows: rows and rows[0]["status"] == "checking")
        [worker] = served.children()["worker"]
        os.kill(worker, signal.SIGKILL)  # in the middle of the check, the edition's lock held
        rows = client.wait(lambda rows: rows[0]["status"] == "received", 120)
        assert "PO004" in served.log.read_text(encoding="utf-8")

        [web] = served.children()["web"]
        second = filled_docx(blank, tmp_path / "2", "第二份.docx", dict(FILLED, 案例标题="第二个案例")).read_bytes()
        os.kill(web, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while True:  # the supervisor starts the web server again
            try:
                if client.upload("第二份.docx", second) == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.5)
        client.wait(lambda rows: len(rows) == 2 and rows[0]["status"] == "checking")
        os.kill(served.process.pid, signal.SIGKILL)  # the supervisor itself, a check running
        served.process.wait()
        deadline = time.monotonic() + 30
        while processes_under(project):
            assert time.monotonic() < deadline, processes_under(project)
            time.sleep(0.3)
    finally:
        served.stop()
    env.pop("REPORT_PORTAL_PAUSE_CHECK")
    again = serve(project, port, env)
    try:
        client = Browserless(again.url)
        client.login("alpha", PASSWORD)
        rows = client.wait(lambda rows: len(rows) == 2 and all(r["status"] == "received" for r in rows), 120)
        _consistent(project, rows)
        assert len({r["case"] for r in rows}) == 2
    finally:
        assert again.stop() == 0
    assert processes_under(project) == []
    assert "门户已停止" in again.log.read_text(encoding="utf-8")


def test_sigterm_stops_everything_and_another_host_is_told_about_tls(project: Path) -> None:
    env = _env(database_url())
    served = serve(project, free_port(), env)
    assert len(served.children()["worker"]) == 1 and len(served.children()["web"]) == 1
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(30) == 0
    assert processes_under(project) == []
    # any address but loopback: the portal says it must sit behind TLS (0.0.0.0 is never reached by the test)
    log = project / "wide.log"
    import subprocess
    from tests.portal.served import COMPILE
    from tests.conftest import ROOT
    process = subprocess.Popen([*COMPILE, "portal", "serve", "2021", "--root", str(project), "--host", "0.0.0.0",
                                "--port", str(free_port())], stdout=log.open("w"), stderr=subprocess.STDOUT, env=env,
                               cwd=ROOT)
    deadline = time.monotonic() + 60
    while "门户已启动" not in log.read_text(encoding="utf-8"):
        assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    assert process.wait(30) == 0
    text = log.read_text(encoding="utf-8")
    assert "PO002" in text and "HTTPS" in text
    assert processes_under(project) == []
