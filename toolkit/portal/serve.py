"""``compile portal serve``: the database migrated, gunicorn and the task worker started and watched.

The command's process is the supervisor. Its children (gunicorn's master, which runs the web
workers, and the task worker) are each in a process group of their own, so that Ctrl+C reaches
the supervisor alone and it stops them in order, and each is told to die with the supervisor
(``PR_SET_PDEATHSIG``), so that nothing is left running even when the supervisor is killed with
SIGKILL (pitfalls.md, "Worker processes"). A child that dies is started again; a worker's
interrupted check is queued again first (:mod:`toolkit.portal.submissions.recovery`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from toolkit.diagnostics import Diagnostic, Diagnostics, Location, Severity
from toolkit.errors import InputProblems, UsageProblem
from toolkit.messages import Text, phrase
from toolkit.portal.environment import BASE_URL, HOSTS, TLS, PortalPlace
from toolkit.project import Project

_PR_SET_PDEATHSIG = 1
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8800
    database: str | None = None
    workers: int = 2
    """gunicorn's web worker processes."""
    checkers: int = 1
    """Task worker processes checking uploads (ingestion itself is one at a time per edition)."""


class Listener(Protocol):
    def portal_warned(self, warnings: Diagnostics) -> None:
        """What to know about the address before anything starts (PO002)."""

    def portal_serving(self, url: str, database: str) -> None:
        """The portal answers at ``url`` and keeps its data in ``database``."""

    def portal_restarted(self, problem: Diagnostic) -> None:
        """A child process died and was started again (PO004)."""


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies, however it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


WEB_THREADS = 4
"""Requests one web process answers at once (gunicorn's gthread workers)."""

CHECKERS_NICENESS = 5
"""Checks are background work: when the processors are busy, a person's request goes first."""


def _background() -> None:
    _die_with_parent()
    os.nice(CHECKERS_NICENESS)


ORPHANS_GRACE = 10.0
"""Seconds the processes a dead child leaves behind get to finish what they do (gunicorn's graceful timeout)."""


def _signal_group(group: int, signum: int) -> bool:
    """Send ``signum`` to every process of ``group``; False when none is left."""
    try:
        os.killpg(group, signum)
    except ProcessLookupError:
        return False
    except PermissionError:  # the group's number was taken by someone else's processes long after
        return False
    return True


@dataclass
class Child:
    """A supervised process: how to start it, and the running one (leader of a process group of its own)."""

    name: Text
    """What the supervisor calls it when it restarts it (PO004)."""
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    worker_id: str = ""
    """A task worker's id (its beats and the tasks it claims); empty for the web server."""
    orphans: dict[int, float] = field(default_factory=dict)
    """Groups of earlier runs of this child that still had processes when it died, with when to kill them."""

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            start_new_session=True,
            preexec_fn=_background if self.worker_id else _die_with_parent,
        )

    def died(self) -> None:
        """The process is gone: what it leaves in its group (gunicorn's web workers, when their master is
        killed) is told to stop now, and killed if it has not stopped within :data:`ORPHANS_GRACE`."""
        if self.process is not None and _signal_group(self.process.pid, signal.SIGTERM):
            self.orphans[self.process.pid] = time.monotonic() + ORPHANS_GRACE

    def reap_orphans(self, now: float | None = None) -> None:
        """Kill the orphans whose grace is over; forget the groups that are empty."""
        for group, deadline in list(self.orphans.items()):
            if not _signal_group(group, 0):
                del self.orphans[group]
            elif (now or time.monotonic()) >= deadline:
                _signal_group(group, signal.SIGKILL)

    def stop(self, grace: float = 15.0) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:  # nothing of the group outlives the portal
            _signal_group(self.process.pid, signal.SIGKILL)
        self.reap_orphans(now=float("inf"))


@dataclass
class Portal:
    """The portal of one project folder being served: its place, options and children."""

    place: PortalPlace
    options: ServeOptions
    children: list[Child] = field(default_factory=list)

    @property
    def url(self) -> str:
        host = f"[{self.options.host}]" if ":" in self.options.host else self.options.host
        return f"http://{host}:{self.options.port}/"


def prepare(project: Project, year: str, options: ServeOptions) -> Portal:
    """Check the edition and the address, set up Django in this process, migrate, recover."""
    edition_dir = project.edition_dir(year)
    if not (edition_dir / "edition.toml").is_file():
        problems = Diagnostics()
        problems.add("PO005", Location(edition_dir), year=year, folder=str(edition_dir))
        raise InputProblems(problems)
    _require_office(edition_dir)
    _check_port(options)
    place = PortalPlace(project.root, year, options.database or os.environ.get("DATABASE_URL"))
    hosts = ",".join(dict.fromkeys([options.host, "127.0.0.1", "localhost", "[::1]"]))
    portal = Portal(place, options)
    place.activate(**{HOSTS: hosts, BASE_URL: os.environ.get(BASE_URL) or portal.url.rstrip("/")})
    migrate(place)
    return portal


def _require_office(edition_dir: Path) -> None:
    """Every letter ends with the editorial office's contact: without it in the manifest no upload could be
    answered (the library refuses, MF017), so the portal does not open."""
    from toolkit.feedback import office_problem
    from toolkit.readers import read_edition

    problems = Diagnostics()
    edition = read_edition(edition_dir, problems)
    if edition is None:
        raise InputProblems(problems)
    problem = office_problem(edition, edition_dir, Severity.ERROR)
    if problem is not None:
        raise InputProblems(Diagnostics([problem]))


def _check_port(options: ServeOptions) -> None:
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((options.host, options.port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                told = Diagnostic("PO001", Location(), {"port": options.port, "other": options.port + 1})
                raise UsageProblem(_told(told), "--port") from exc
            told = Diagnostic("PO009", Location(), {"host": options.host, "reason": exc.strerror or str(exc)})
            raise UsageProblem(_told(told), "--host") from exc


def _told(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.code} {diagnostic.message('zh')}\n{phrase('hint', 'zh')}{diagnostic.hint('zh')}"


def migrate(place: PortalPlace) -> None:
    """Django set up in this process against the place's database, brought up to date (PO003 if unreachable)."""
    import django
    from django.core.management import call_command
    from django.db import OperationalError, connection

    django.setup()
    try:
        connection.ensure_connection()
        call_command("migrate", verbosity=0, interactive=False)
    except OperationalError as exc:
        problems = Diagnostics()
        problems.add(
            "PO003",
            Location(),
            database=_redacted(place.database) or str(place.sqlite),
            reason=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
        )
        raise InputProblems(problems) from exc
    from toolkit.portal.core.access import open_edition
    from toolkit.portal.submissions.recovery import recover

    open_edition()
    recover()
    connection.close()


def _redacted(url: str | None) -> str:
    """A database URL without its password, to print."""
    if not url or "@" not in url or "://" not in url:
        return url or ""
    scheme, rest = url.split("://", 1)
    credentials, _, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"


def children(portal: Portal) -> list[Child]:
    """gunicorn and the task workers, as the supervisor starts them."""
    env = dict(os.environ)
    python = sys.executable
    bind = (
        f"[{portal.options.host}]:{portal.options.port}"
        if ":" in portal.options.host
        else f"{portal.options.host}:{portal.options.port}"
    )
    # --preload: Django is imported once by the master, its web workers are forks of it (faster start, shared pages).
    # gthread: without a buffering proxy in front (loopback), a browser's idle preconnected socket would hold a
    # sync worker until its timeout; gthread's poller keeps idle sockets off its threads (and a stop waits for none).
    web = Child(
        Text("网页服务（gunicorn）", "web server (gunicorn)"),
        [
            python,
            "-m",
            "gunicorn",
            "toolkit.portal.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(portal.options.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(WEB_THREADS),
            "--preload",
            "--reuse-port",
            "--graceful-timeout",
            "10",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--name",
            "report-portal",
        ],
        env,
    )
    out = [web]
    for n in range(portal.options.checkers):
        worker_id = f"{socket.gethostname()[:20]}-{os.getpid()}-{n}-{secrets.token_hex(4)}"
        out.append(
            Child(
                Text(f"检查进程 {n + 1}", f"checker {n + 1}"),
                [
                    python,
                    "-m",
                    "django",
                    "portal_worker",
                    "--worker-id",
                    worker_id,
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                env,
                worker_id=worker_id,
            )
        )
    return out


class _Stop(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    raise _Stop


def run(portal: Portal, listener: Listener) -> None:
    """Start the children, tell where the portal is, and watch them until Ctrl+C or SIGTERM."""
    portal.children = children(portal)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        for child in portal.children:
            child.start()
        _wait_listening(portal)
        database = _redacted(portal.place.database) or str(portal.place.sqlite)
        listener.portal_serving(portal.url, database)
        while True:
            time.sleep(0.5)
            for child in portal.children:
                code = child.process.poll() if child.process else 0
                if code is not None:
                    child.died()
                    _restart(child, code, portal.place, listener)
                child.reap_orphans()
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for child in reversed(portal.children):  # the workers first finish or give back their checks
            child.stop()


def _restart(child: Child, code: int, place: PortalPlace, listener: Listener) -> None:
    child.restarts += 1
    listener.portal_restarted(Diagnostic("PO004", Location(place.folder), {"process": child.name, "code": code}))
    if child.worker_id:
        from django.db import connection

        from toolkit.portal.submissions.recovery import recover

        recover()
        connection.close()
    time.sleep(min(5.0, 0.2 * child.restarts))
    child.start()


def _wait_listening(portal: Portal, seconds: float = 60.0) -> None:
    """Wait until gunicorn accepts connections (or has died: then the loop restarts it)."""
    host = "127.0.0.1" if portal.options.host in ("0.0.0.0", "") else portal.options.host
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host.strip("[]"), portal.options.port), timeout=1):
                return
        except OSError:
            web = portal.children[0].process
            if web is not None and web.poll() is not None:
                return
            time.sleep(0.1)


def serve(project: Project, year: str, options: ServeOptions, listener: Listener) -> None:
    """``compile portal serve YEAR``: see the module's docstring."""
    if options.host not in LOOPBACK:  # said first, whatever happens next
        warnings = Diagnostics()
        warnings.add("PO002", Location(), host=options.host)
        listener.portal_warned(warnings)
        os.environ.setdefault(TLS, "0")
    portal = prepare(project, year, options)
    run(portal, listener)


def add_user(
    project: Project,
    year: str,
    username: str,
    role: str,
    organisation: str,
    kind: str,
    email: str,
    password: str | None,
    database: str | None,
) -> object:
    """``compile portal add-user``: the account, its membership, and its invitation link unless a password is given."""
    place = PortalPlace(project.root, year, database or os.environ.get("DATABASE_URL"))
    place.activate()
    migrate(place)
    from toolkit.portal.core.audit import record
    from toolkit.portal.core.users import AccountProblem
    from toolkit.portal.core.users import add_user as make

    try:
        new = make(int(year), username, role, organisation, kind, email, password)
    except AccountProblem as problem:
        problems = Diagnostics()
        problems.add(problem.code, Location(), **problem.args_)
        raise InputProblems(problems) from problem
    record("invite", target=new.username, role=new.role, organisation=new.organisation, via="compile portal add-user")
    return new
