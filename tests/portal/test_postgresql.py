"""The portal's tests of what depends on the database (models, the queue, queries, throttling, recovery:
the tests marked ``database``) once more, against PostgreSQL (psycopg 3) in the session's throwaway cluster.

pytest-django sets Django up once per process with one database, so this run is a pytest of its own,
with ``DATABASE_URL`` naming the cluster. The served portal's tests (tests/portal/test_serve.py) run on
both databases in this process."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_the_database_tests_pass_on_postgresql(postgresql: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORT_PORTAL_", "DJANGO_", "PYTEST_"))}
    env["DATABASE_URL"] = postgresql
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/portal",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "database",
            "-o",
            "addopts=",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    assert passed >= 12 and "skipped" not in summary, summary


@pytest.mark.database
def test_the_database_is_the_one_asked_for(db) -> None:
    from django.db import connection

    assert connection.vendor == ("postgresql" if os.environ.get("DATABASE_URL") else "sqlite")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # the test database is in memory; the portal's own file is WAL
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] in ("wal", "memory")
