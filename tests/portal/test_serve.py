"""``compile portal serve`` as a whole process, on SQLite and on PostgreSQL: it starts, stops with all its
processes, and survives ``kill -9`` of its workers, its web server and itself with nothing lost or half-written.

The tests never sleep to guess where a check is: they hold the edition's lock themselves (the one every
check takes to write the case and the register), so a check waits there, visibly ``checking``, until
they let it go."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.portal.conftest import FILLED, ORG_A, PASSWORD, filled_docx
from tests.portal.served import (
    COMPILE,
    Browserless,
    compile_portal,
    free_port,
    fresh_database,
    processes_under,
    serve,
    served_env,
)
from toolkit.submissions import register


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "served"
    (root / "editions").mkdir(parents=True)
    shutil.copytree(FIXTURES / "all-elements", root / "editions" / "2021")
    return root


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str | None:
    """None for the embedded SQLite, else a fresh database in the session's PostgreSQL cluster."""
    return None if request.param == "sqlite" else fresh_database(request.getfixturevalue("postgresql"))


def _consistent(root: Path, rows: list[dict]) -> None:
    """The edition folder and the database agree: one entry per case folder, each checked upload in both."""
    edition = root / "editions" / "2021"
    entries = [e for e in register.load(edition) if e.case]
    folders = sorted(p.parent.name for p in (edition / "cases").glob("*/case.md"))
    assert sorted(e.case for e in entries) == sorted(set(e.case for e in entries))  # no duplicate entry
    for entry in entries:
        assert entry.case in folders
    ingested = {r["case"] for r in rows if r["case"]}
    assert ingested == {e.case for e in entries}
    fixture_cases = sorted(p.name for p in (FIXTURES / "all-elements" / "cases").iterdir())
    assert sorted(set(folders) - set(fixture_cases)) == sorted(ingested)  # no stray, no half-written case


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_kill_9_of_workers_web_server_and_supervisor_loses_nothing(
    project: Path, tmp_path: Path, database: str | None
) -> None:
    env = served_env(database)
    compile_portal(
        project,
        "add-user",
        "2021",
        "alpha",
        "--role",
        "submitter",
        "--org",
        ORG_A,
        "--kind",
        "企业",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        env=env,
    )
    edition = project / "editions" / "2021"
    port = free_port()
    # several web and check processes against one database: on PostgreSQL as past one machine, on SQLite as by default
    served = serve(project, port, env, "--checkers", "2", "--workers", "2" if database else "1")
    try:
        client = Browserless(served.url)
        client.login("alpha", PASSWORD)
        blank = client.opener.open(served.url + "/template.docx").read()  # made by the served portal
        files = {
            f"第{n}份.docx": filled_docx(
                blank, tmp_path / str(n), f"第{n}份.docx", dict(FILLED, 案例标题=f"第{n}个绿色工厂案例")
            ).read_bytes()
            for n in range(1, 5)
        }
        with ExitStack() as held:
            held.enter_context(register.locked(edition))  # every check now waits at the lock
            for name in list(files)[:3]:
                assert client.upload(name, files[name]) == 200  # redirected to the list
            client.wait(lambda rows: sorted(r["status"] for r in rows) == ["checking", "checking", "queued"])
            workers = served.children()["worker"]
            assert len(workers) == 2
            for worker in workers:
                os.kill(worker, signal.SIGKILL)  # two checks interrupted, one still queued
            _until(lambda: served.log.read_text(encoding="utf-8").count("PO004") >= 2)
            _until(lambda: len(served.children()["worker"]) == 2)
        rows = client.wait(lambda rows: len(rows) == 3 and all(r["status"] == "received" for r in rows))
        _consistent(project, rows)

        [web] = served.children()["web"]
        os.kill(web, signal.SIGKILL)
        _until(lambda: served.children()["web"] not in ([], [web]))  # the supervisor starts it again
        _until(lambda: not _group_alive(web))  # and the killed one's web workers are gone
        with register.locked(edition):
            deadline = time.monotonic() + 60
            while True:
                try:
                    assert client.upload("第4份.docx", files["第4份.docx"]) == 200
                    break
                except urllib.error.URLError as error:  # refused: not listening yet, nothing was sent
                    assert isinstance(error.reason, ConnectionRefusedError) and time.monotonic() < deadline, error
                    time.sleep(0.2)
            client.wait(lambda rows: len(rows) == 4 and rows[0]["status"] == "checking")
            os.kill(served.process.pid, signal.SIGKILL)  # the supervisor itself, a check running
            served.process.wait()
            _until(lambda: not any("gunicorn" in p for p in processes_under(project)), 30)
        _until(lambda: not processes_under(project), 30)  # the worker ends its check, then itself
    finally:
        served.stop()
    held = ExitStack()
    again = serve(project, port, env, "--workers", "1")
    try:
        for _ in range(3):  # a browser's preconnected sockets, nothing sent on them, hold up no request
            held.enter_context(socket.create_connection(("127.0.0.1", port)))
        client = Browserless(again.url)
        client.login("alpha", PASSWORD)
        rows = client.wait(lambda rows: len(rows) == 4 and all(r["status"] == "received" for r in rows))
        _consistent(project, rows)
        assert len({r["case"] for r in rows}) == 4
        again.process.send_signal(signal.SIGTERM)
        assert again.process.wait(30) == 0
    finally:
        again.stop()
        held.close()
    assert processes_under(project) == []
    assert "门户已停止" in again.log.read_text(encoding="utf-8")


def test_another_host_is_told_about_tls_and_an_edition_without_the_office_s_contact_is_not_served(
    tmp_path: Path,
) -> None:
    # the real 2021 manifest leaves the office's contact empty: no letter could be written, nothing is served
    # (and no address but loopback is ever opened by the tests)
    (tmp_path / "editions").mkdir()
    shutil.copytree(ROOT / "editions" / "2021", tmp_path / "editions" / "2021")
    done = subprocess.run(
        [*COMPILE, "portal", "serve", "2021", "--root", str(tmp_path), "--host", "0.0.0.0", "--port", str(free_port())],
        capture_output=True,
        text=True,
        env=served_env(),
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert "PO002" in done.stdout and "HTTPS" in done.stdout and "错误 MF017" in done.stdout
    assert done.stdout.index("PO002") < done.stdout.index("MF017")
    assert not (tmp_path / "portal").exists()


def test_a_port_in_use_is_told_at_once(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = subprocess.run(
            [*COMPILE, "portal", "serve", "2021", "--root", str(project), "--port", str(taken.getsockname()[1])],
            capture_output=True,
            text=True,
            env=served_env(),
            cwd=ROOT,
            timeout=120,
        )
    assert done.returncode == 2 and "PO001" in done.stdout + done.stderr
    assert not (project / "portal" / "portal.sqlite3").exists()  # nothing made before the address was known


def test_the_demo_is_a_copy_whose_office_can_sign_letters(tmp_path: Path) -> None:
    from toolkit.diagnostics import Diagnostics
    from toolkit.feedback import office_problem
    from toolkit.readers import read_edition
    from tools.portal_demo import prepare

    source = ROOT / "editions" / "2021"
    assert office_problem(read_edition(source, Diagnostics()), source) is not None  # why there is a demo
    before = (source / "edition.toml").read_bytes()
    edition = prepare(tmp_path / "demo", source) / "editions" / "2021"
    assert office_problem(read_edition(edition, Diagnostics()), edition) is None
    assert "王编辑（示例）" in (edition / "edition.toml").read_text(encoding="utf-8")
    assert (source / "edition.toml").read_bytes() == before
