"""The portal as a user runs it: ``compile portal serve`` as a whole process, and a browser-less client."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

COMPILE = [sys.executable, "-m", "toolkit.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(url: str) -> str:
    """A new, empty database in the cluster of ``url`` (a served portal's own), as a URL."""
    import psycopg

    name = f"served_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def compile_portal(root: Path, *args: str, stdin: str | None = None, env: dict | None = None) -> str:
    done = subprocess.run(
        [*COMPILE, "portal", *args, "--root", str(root)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@dataclass
class Served:
    """A running ``compile portal serve``."""

    process: subprocess.Popen[str]
    url: str
    log: Path

    def children(self) -> dict[str, list[int]]:
        """The supervisor's children by kind (``web``: gunicorn's master, ``worker``: task workers)."""
        found: dict[str, list[int]] = {"web": [], "worker": []}
        for line in subprocess.run(
            ["ps", "-o", "pid=,args=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.splitlines():
            pid, args = line.strip().split(" ", 1)
            found["web" if "gunicorn" in args else "worker"].append(int(pid))
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def served_env(database: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a ``compile portal`` process: this process's, without the test run's portal settings."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("REPORT_PORTAL_", "DJANGO_")) and k != "DATABASE_URL"
    }
    if database:
        env["DATABASE_URL"] = database
    env.update(extra)
    return env


def serve(root: Path, port: int, env: dict[str, str], *options: str) -> Served:
    """``compile portal serve 2021`` on ``port``, once it says it answers."""
    log = root / "serve.log"
    started = log.read_text(encoding="utf-8", errors="replace").count("门户已启动") if log.exists() else 0
    process = subprocess.Popen(
        [*COMPILE, "portal", "serve", "2021", "--root", str(root), "--port", str(port), *options],
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 90
    while log.read_text(encoding="utf-8", errors="replace").count("门户已启动") == started:
        assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.2)
    return served


def processes_under(root: Path) -> list[str]:
    """Processes whose command line or environment names ``root`` (the portal's, after it stopped: none)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"REPORT_PORTAL_ROOT={root}".encode() in environ:
            found.append(cmdline)
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx is then raised as an HTTPError, its status read as any other


class Browserless:
    """A client with cookies and CSRF tokens, as a browser without JavaScript is."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.staying = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        """The same session, not following redirects: an upload's own request, without the page after it."""

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def _token(self, path: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path)[1]).group(1)

    def login(self, username: str, password: str) -> None:
        token = self._token("/accounts/login/")
        data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(
            self.base + "/accounts/login/", data.encode(), headers={"Referer": self.base + "/accounts/login/"}
        )
        with self.opener.open(request, timeout=30) as response:
            assert "/accounts/login/" not in response.url, "login failed"

    def upload(self, name: str, data: bytes, follow: bool = True) -> int:
        """POST ``data`` as the file ``name``; the final status (``follow=False``: the POST's own, 302 when taken)."""
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "") or self._token("/submissions/")
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            self.base + "/submissions/",
            body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + "/submissions/",
            },
        )
        try:
            with (self.opener if follow else self.staying).open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def submissions(self) -> list[dict]:
        status, text = self.get("/api/submissions")
        assert status == 200, text
        return json.loads(text)

    def wait(self, predicate, seconds: float = 90) -> list[dict]:
        deadline = time.monotonic() + seconds
        while True:
            try:
                rows = self.submissions()
            except OSError:  # the web server is being started again by the supervisor (urllib's URLError is one)
                rows = None
            if rows is not None and predicate(rows):
                return rows
            assert time.monotonic() < deadline, rows
            time.sleep(0.3)
