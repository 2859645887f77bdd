"""A throwaway PostgreSQL cluster for the portal's second test run (Debian's ``postgresql`` package).

``initdb`` refuses to run as root, so the cluster is made and run as the ``postgres`` user when the
tests run as root; it listens on a Unix socket only (no TCP port at all) in a temporary folder, and
is stopped afterwards, also when the tests fail (pitfalls.md, "A web application with a real database").
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

PORT = 5433


def _binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make test`, which installs Debian's postgresql")
    return found[-1].parent


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def cluster() -> Iterator[str]:
    """A running cluster; yields the ``DATABASE_URL`` of its database ``portal``."""
    binaries = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    data, sockets = folder / "data", folder / "socket"
    sockets.mkdir()
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        for path in (folder, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)

    def run(*command: object) -> None:
        subprocess.run(_as_postgres([str(c) for c in command]), check=True, capture_output=True, timeout=120)

    run(binaries / "initdb", "-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
    # the server outlives pg_ctl: its output goes to the log, never to a pipe this process would wait on
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-t",
                "120",
                "-l",
                str(folder / "log"),
                "-o",
                f"-k {sockets} -p {PORT} -c listen_addresses='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off",
                "start",
            ]
        ),
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=150,
    )
    try:
        run(binaries / "createdb", "-h", sockets, "-p", PORT, "-U", user, "portal")
        yield f"postgresql://{user}@{quote(str(sockets), safe='')}:{PORT}/portal"
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)
